// Postfix reject lines from a maillog, as values.
//
// Grammar: reference/mailcheck.md §1.8.  Both the smtpd form
//   <ts> <host> postfix/smtpd[pid]: NOQUEUE: reject: RCPT from name[addr]:
//     450 4.7.1 <h>: Helo command rejected: Host not found;
//     from=<s> to=<r> proto=ESMTP helo=<h>
// and the postscreen form (no client name, always a port, comma-separated
// fields) are read, for every stage, with the actions reject,
// reject_warning and milter-reject, under any syslog_name.  Timestamps:
// syslog ("Dec  3 12:33:21"), Postfix's own maillog_file ("Dec 03 ..."),
// and RFC 3339.
//
// Every line is hostile: a line longer than kMaxLineLength, one with
// control bytes, or a reject line that does not follow the grammar is
// classed Unparsed, never a crash.  The reply text may itself contain
// "; ", so the trailing fields are found from the right.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lw::mailcheck {

inline constexpr std::size_t kMaxLineLength = 8192;

enum class LogAction : std::uint8_t { Reject, RejectWarning, MilterReject };

/// "reject", "reject_warning", "milter-reject".
std::string_view log_action_name(LogAction a) noexcept;

/// Why the line was rejected, from the reply text.
enum class RejectReason : std::uint8_t {
    HeloHostNotFound,        ///< reject_unknown_helo_hostname
    HeloNotFqdn,             ///< reject_non_fqdn_helo_hostname
    HeloInvalid,             ///< reject_invalid_helo_hostname ("Invalid name", "invalid ip address")
    HeloOther,               ///< check_helo_access and the rest
    ClientNoReverseHostname, ///< reject_unknown_reverse_client_hostname
    ClientNoHostname,        ///< reject_unknown_client_hostname (FCrDNS)
    ClientOther,             ///< check_client_access and the rest
    Rbl,                     ///< "blocked using <list>" (smtpd or postscreen)
    SenderDomainNotFound,    ///< reject_unknown_sender_domain
    SenderNullMx,
    SenderOther,
    RecipientUnknown, ///< "User unknown ..."
    RelayDenied,      ///< "Relay access denied"
    RecipientOther,
    Milter,     ///< milter-reject
    Postscreen, ///< postscreen's own rejects ("too many connections", ...)
    Other,
};

/// snake_case: "helo_host_not_found", "client_no_reverse_hostname", "rbl", ...
std::string_view reject_reason_name(RejectReason r) noexcept;

/// Whether the reason is one of the HELO ones / one of the client-name ones.
bool is_helo_reason(RejectReason r) noexcept;
bool is_client_name_reason(RejectReason r) noexcept;

/// A timestamp as written, and its fields when they could be read.
struct LogTime {
    std::string text;
    std::optional<int> year; ///< RFC 3339 only: syslog lines carry no year
    int month = 0;           ///< 1-12, 0 when unknown
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    std::optional<int> utc_offset_minutes; ///< RFC 3339 only

    /// Seconds since 1970 (UTC) when the year and the offset are known.
    std::optional<std::int64_t> epoch() const noexcept;
};

struct RejectLine {
    LogTime time;
    std::string host;
    std::string program; ///< "postfix/smtpd", "postfix/submission/smtpd", ...
    bool postscreen = false;
    std::uint32_t pid = 0;
    std::string queue_id; ///< "NOQUEUE" or the queue id
    LogAction action = LogAction::Reject;
    std::string stage; ///< "RCPT", "EHLO", "CONNECT", "END-OF-MESSAGE", "DATA content"
    std::string client_name; ///< "unknown", the verified name, or empty (postscreen)
    std::string client_addr;
    std::optional<std::uint16_t> client_port;
    std::optional<std::uint16_t> code; ///< 450; milter-reject lines may have none
    std::string enhanced;              ///< "4.7.1", or empty
    std::string text;                  ///< the reply text after the codes
    RejectReason reason = RejectReason::Other;
    std::optional<std::string> helo;
    std::optional<std::string> from;
    std::optional<std::string> to;
    std::optional<std::string> proto;

    /// "450 4.7.1 <h>: Helo command rejected: Host not found"
    std::string reply() const;
};

enum class LineKind : std::uint8_t {
    Reject,   ///< a reject line, in `reject`
    Other,    ///< any other log line
    Unparsed, ///< too long, binary, or a reject line that breaks the grammar
};

struct ParsedLine {
    LineKind kind = LineKind::Other;
    std::optional<RejectLine> reject;
    std::string_view why; ///< for Unparsed: "too_long", "binary", "truncated", ...
};

/// One maillog line, with or without its line end.
ParsedLine parse_maillog_line(std::string_view line);

} // namespace lw::mailcheck
