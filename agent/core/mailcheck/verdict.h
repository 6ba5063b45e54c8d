// The mail check's verdict engine: applies a receiving Postfix's client,
// HELO and sender restrictions to DNS answers and says what Postfix would
// reply, byte for byte, plus what Postfix does not check but receivers
// still hold against a sender (HELO differs from PTR, several PTRs,
// private HELO names) and how to fix each problem.
//
// Semantics: reference/mailcheck.md §0, §1 and §5 (Postfix 3.7-3.12, as
// verified against a real Postfix there).  The default codes are
// Postfix's, under Postfix's parameter names.
//
// Use: needed_queries() says which lookups to make (call it again after
// filling them: the forward lookup of the PTR name comes in a second
// round), then evaluate() gives the Check.  An answer that is missing
// when evaluate() runs counts as a temporary failure.
//
// Not handled: check_helo_access and the other access maps, the receiver's
// /etc/hosts and search domains, smtpd_dns_reply_filter (DNS_POLICY),
// soft_bounce, warn_if_reject, smtpd_delay_reject=no (the stage), local
// and virtual destinations (a receiver does not check its own domains
// with reject_unknown_sender_domain).  One Check covers one client
// address: run it once per egress family (IPv4 and IPv6 have their own
// PTR and forward records).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/core/mailcheck/address.h"
#include "agent/core/mailcheck/dns.h"

namespace lw::mailcheck {

enum class Restriction : std::uint8_t {
    RejectUnknownReverseClientHostname,
    RejectUnknownClientHostname,
    RejectInvalidHeloHostname,
    RejectNonFqdnHeloHostname,
    RejectUnknownHeloHostname,
    RejectUnknownSenderDomain,
    HeloRequired, ///< smtpd_helo_required = yes (a parameter, not a restriction)
};

/// Postfix's name: "reject_unknown_helo_hostname", "smtpd_helo_required", ...
std::string_view restriction_name(Restriction r) noexcept;

/// Postfix's unknown_*_tempfail_action: defer_if_permit (the default,
/// through reject_tempfail_action) lets a later restriction still reject;
/// defer answers 450 at once.
enum class TempfailAction : std::uint8_t { DeferIfPermit, Defer };

/// The receiving Postfix's settings.  Codes should be 4xx or 5xx; the
/// enhanced status code's class digit follows the code's first digit, as
/// in Postfix (450 gives 4.7.1, 550 gives 5.7.1).
struct Policy {
    int unknown_hostname_reject_code = 450;
    int unknown_client_reject_code = 450;
    int invalid_hostname_reject_code = 501;
    int non_fqdn_reject_code = 504;
    int unknown_address_reject_code = 450;
    TempfailAction unknown_helo_hostname_tempfail_action = TempfailAction::DeferIfPermit;
    TempfailAction unknown_address_tempfail_action = TempfailAction::DeferIfPermit;
    bool smtpd_helo_required = false;

    /// The restrictions in force, in evaluation order (with the default
    /// smtpd_delay_reject=yes Postfix runs client, then HELO, then sender
    /// restrictions, all at RCPT TO; the first rejection wins).
    std::vector<Restriction> restrictions = {
        Restriction::RejectUnknownReverseClientHostname,
        Restriction::RejectUnknownClientHostname,
        Restriction::RejectInvalidHeloHostname,
        Restriction::RejectNonFqdnHeloHostname,
        Restriction::RejectUnknownHeloHostname,
        Restriction::RejectUnknownSenderDomain,
    };
};

struct CheckInput {
    IpAddress client; ///< the public address the mail leaves from
    /// The HELO/EHLO argument as sent (several words allowed); nothing
    /// when no HELO is sent.
    std::optional<std::string> helo;
    /// The MAIL FROM address, with or without <>; nothing to skip.
    std::optional<std::string> sender;
};

enum class Outcome : std::uint8_t {
    Pass,
    Reject, ///< Postfix rejects (with the configured code, 4xx or 5xx)
    Defer,  ///< a DNS lookup failed temporarily: 450, may pass later
};

/// "pass", "reject", "defer".
std::string_view outcome_text(Outcome o) noexcept;

/// Postfix's SMTPD_PEER_CODE for the client's names.
enum class PeerStatus : std::uint8_t { Ok, Perm, Temp, Forged };

/// "ok", "permanent", "temporary", "forged".
std::string_view peer_status_text(PeerStatus s) noexcept;

struct RestrictionResult {
    Restriction restriction = Restriction::RejectInvalidHeloHostname;
    Outcome result = Outcome::Pass;
    std::optional<std::string> reply; ///< "450 4.7.1 <h>: Helo command rejected: ..."
    std::string detail;               ///< what was looked at, for people
};

struct Warning {
    std::string code; ///< "several_ptr", "helo_differs_from_ptr", "private_helo", ...
    std::string text;
};

enum class Verdict : std::uint8_t { Accept, Reject, Defer };

/// "accept", "reject", "defer".
std::string_view verdict_text(Verdict v) noexcept;

struct Check {
    IpAddress client;                ///< as Postfix sees it (IPv4-mapped unmapped)
    std::optional<std::string> helo; ///< the stored (neutered) HELO name
    std::optional<std::string> sender;

    DnsOutcome ptr_outcome = DnsOutcome::TempFail;
    std::vector<std::string> ptr;     ///< every PTR name, in answer order
    std::optional<DnsOutcome> forward_outcome;
    std::vector<std::string> forward; ///< A or AAAA of the first PTR name
    PeerStatus reverse_name_status = PeerStatus::Perm;
    PeerStatus name_status = PeerStatus::Perm;
    bool fcrdns = false;

    std::vector<RestrictionResult> restrictions;
    Verdict verdict = Verdict::Accept;
    std::optional<std::string> reply; ///< the reply to RCPT TO, or nothing
    std::optional<Restriction> decided_by;

    std::vector<Warning> warnings;
    std::vector<std::string> advice;

    const RestrictionResult* result_of(Restriction r) const noexcept;

    /// The `mailcheck --json` object: ip, helo, sender, ptr[], forward[],
    /// fcrdns, smtp (null: the caller fills it), restrictions[], verdict,
    /// reply, decided_by, warnings[], advice[].  Every string is valid
    /// UTF-8 (other bytes become '?'), so dump() cannot throw.
    nlohmann::json to_json() const;
};

/// The lookups evaluate() needs that `have` does not hold yet.  First the
/// PTR of the client and the A, AAAA and MX of the HELO name and the
/// sender domain (asked together: Postfix stops at the first success, and
/// extra answers never change the result), then, once the PTR is known,
/// the forward lookup of its first name in the client's address family.
/// Empty when evaluate() has everything.
std::vector<Query> needed_queries(const CheckInput& input, const Lookups& have);

Check evaluate(const CheckInput& input, const Lookups& answers, const Policy& policy = {});

} // namespace lw::mailcheck
