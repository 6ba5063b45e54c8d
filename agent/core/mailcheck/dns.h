// DNS answers as plain values, for the mail check's verdict engine.
//
// The engine asks for lookups (PTR of the client address, A/AAAA/MX of a
// name) as Query values; the I/O layer (c-ares in the libuv loop) answers
// each with a DnsAnswer and stores it in Lookups.  The outcome classes
// are the ones that change Postfix's verdict (reference/mailcheck.md §1.2
// and §3.4): records, NXDOMAIN, no data, a temporary failure, a
// permanent failure and a malformed reply.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lw::mailcheck {

enum class RrType : std::uint8_t { A, AAAA, MX, PTR };

/// "A", "AAAA", "MX", "PTR".
std::string_view rr_type_name(RrType type) noexcept;

enum class DnsOutcome : std::uint8_t {
    Records,   ///< NOERROR with at least one record of the asked type
    NxDomain,  ///< the name does not exist (permanent)
    NoData,    ///< NOERROR, no record of this type (permanent)
    TempFail,  ///< SERVFAIL, REFUSED, NOTIMP, timeout, no server reachable
    Fail,      ///< FORMERR and other rcodes: Postfix's DNS_FAIL (permanent)
    Malformed, ///< the reply could not be parsed: Postfix's DNS_INVAL
};

/// "records", "nxdomain", "no_data", "temporary", "failed", "malformed".
std::string_view outcome_name(DnsOutcome outcome) noexcept;

/// The outcome for a reply's rcode (RFC 1035 §4.1.1) and whether it held
/// records of the asked type: 0 gives Records or NoData, 3 NxDomain,
/// 2 (SERVFAIL), 4 (NOTIMP) and 5 (REFUSED) TempFail, anything else Fail.
/// A timeout or an unreachable server is TempFail too; the caller knows.
DnsOutcome outcome_for_rcode(unsigned rcode, bool has_records) noexcept;

/// The answer to one query.  For A and AAAA the records are address
/// texts, for PTR and MX the names in answer order (MX: the exchange
/// names; an empty name or "." is a null MX, RFC 7505).  Only Records
/// carries records.
struct DnsAnswer {
    DnsOutcome outcome = DnsOutcome::TempFail;
    std::vector<std::string> records;

    static DnsAnswer of(std::vector<std::string> records);
    static DnsAnswer nxdomain() { return {DnsOutcome::NxDomain, {}}; }
    static DnsAnswer no_data() { return {DnsOutcome::NoData, {}}; }
    static DnsAnswer temp_fail() { return {DnsOutcome::TempFail, {}}; }

    bool ok() const noexcept { return outcome == DnsOutcome::Records; }
    friend bool operator==(const DnsAnswer&, const DnsAnswer&) = default;
};

/// One lookup.  The name is kept in lowercase without a trailing dot
/// (except for the root ".") so that equal queries compare equal.
struct Query {
    std::string name;
    RrType type = RrType::A;

    static Query make(std::string_view name, RrType type);
    friend auto operator<=>(const Query&, const Query&) = default;
};

/// The answers the caller collected, keyed by query.
class Lookups {
  public:
    void set(const Query& query, DnsAnswer answer);
    void set(std::string_view name, RrType type, DnsAnswer answer) {
        set(Query::make(name, type), std::move(answer));
    }
    const DnsAnswer* find(const Query& query) const noexcept;
    bool has(const Query& query) const noexcept { return find(query) != nullptr; }
    std::size_t size() const noexcept { return answers_.size(); }

  private:
    std::map<Query, DnsAnswer> answers_;
};

} // namespace lw::mailcheck
