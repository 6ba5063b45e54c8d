#include "agent/core/mailcheck/verdict.h"

#include <algorithm>
#include <utility>

#include "agent/core/mailcheck/hostname.h"
#include "agent/core/mailcheck/text.h"

namespace lw::mailcheck {

namespace {

// Postfix's DNS status of a lookup chain (dns_lookup_l), in priority
// order: when no lookup succeeds, the highest status seen wins.  Postfix
// also has DNS_POLICY above Retry, for smtpd_dns_reply_filter, which the
// mail check does not model.
enum class PfDns : std::uint8_t { NotFound, NullMx, Fail, Inval, Retry, Ok };

struct Chain {
    PfDns status = PfDns::NotFound;
    std::string detail;
};

const char* kNotLookedUp = "not looked up";

PfDns pf_status(const DnsAnswer* a, RrType type) {
    if (a == nullptr) {
        return PfDns::Retry;
    }
    switch (a->outcome) {
    case DnsOutcome::Records:
        // Any MX whose exchange is the root makes the whole answer a null
        // MX in Postfix, whatever the other records are.
        if (type == RrType::MX) {
            for (const auto& r : a->records) {
                if (r.empty() || r == ".") {
                    return PfDns::NullMx;
                }
            }
        }
        return PfDns::Ok;
    case DnsOutcome::NxDomain:
    case DnsOutcome::NoData:
        return PfDns::NotFound;
    case DnsOutcome::TempFail:
        return PfDns::Retry;
    case DnsOutcome::Fail:
        return PfDns::Fail;
    case DnsOutcome::Malformed:
        return PfDns::Inval;
    }
    return PfDns::Retry;
}

// Whether Postfix's dns_lookup() queries the name at all: an IP-like name
// or one that fails the host name syntax is "not found" without a query.
// The root "." is the one exception to the syntax rule.
bool dns_would_query(std::string_view name) {
    if (valid_hostaddr(name)) {
        return false;
    }
    return name == "." || valid_hostname(name);
}

std::string answer_text(const DnsAnswer* a) {
    if (a == nullptr) {
        return kNotLookedUp;
    }
    if (!a->ok()) {
        return std::string(outcome_name(a->outcome));
    }
    std::string out;
    for (const auto& r : a->records) {
        out += out.empty() ? "" : " ";
        out += r.empty() ? "." : r;
    }
    return out;
}

// dns_lookup_l() over `types` in order: stop at the first success, or at
// a malformed reply / null MX when asked to; otherwise the highest status.
Chain lookup_chain(std::string_view name, std::initializer_list<RrType> types,
                   const Lookups& answers, bool stop_on_inval_nullmx) {
    Chain c;
    if (!dns_would_query(name)) {
        c.detail = "no query: \"" + std::string(name) +
                   "\" is an address or not a valid host name, so Postfix counts it as not found";
        return c;
    }
    bool first = true;
    for (RrType t : types) {
        const DnsAnswer* a = answers.find(Query::make(name, t));
        PfDns s = pf_status(a, t);
        c.detail += first ? "" : ", ";
        c.detail += std::string(rr_type_name(t)) + ": " + answer_text(a);
        first = false;
        if (s == PfDns::Ok) {
            c.status = s;
            return c;
        }
        c.status = std::max(c.status, s);
        if (stop_on_inval_nullmx && (s == PfDns::Inval || s == PfDns::NullMx)) {
            break;
        }
    }
    return c;
}

// Postfix forces the enhanced code's class digit to the reply's.
std::string reply(int code, std::string_view dsn, std::string_view text) {
    std::string d(dsn);
    if (!d.empty() && code >= 100 && code <= 999) {
        d[0] = static_cast<char>('0' + code / 100);
    }
    return std::to_string(code) + " " + d + " " + std::string(text);
}

RestrictionResult pass(Restriction r, std::string detail) {
    return {r, Outcome::Pass, std::nullopt, std::move(detail)};
}

// ---- the client's names (smtpd_peer.c) ---------------------------------

struct Peer {
    PeerStatus reverse = PeerStatus::Perm;
    PeerStatus name = PeerStatus::Perm;
    std::string reverse_detail;
    std::string name_detail;
    std::optional<std::string> ptr_name; ///< the first PTR name, if usable
    RrType forward_type = RrType::A;
    const DnsAnswer* forward = nullptr;
};

Peer look_up_peer(const IpAddress& ip, const Lookups& answers) {
    Peer p;
    p.forward_type = ip.family == Family::V4 ? RrType::A : RrType::AAAA;
    const DnsAnswer* ptr = answers.find(Query::make(ip.ptr_name(), RrType::PTR));
    if (ptr == nullptr || ptr->outcome == DnsOutcome::TempFail) {
        p.reverse = p.name = PeerStatus::Temp;
        p.reverse_detail = "PTR of " + ip.to_string() + ": " + answer_text(ptr);
        p.name_detail = p.reverse_detail;
        return p;
    }
    if (!ptr->ok()) {
        p.reverse_detail = "PTR of " + ip.to_string() + ": " + answer_text(ptr);
        p.name_detail = p.reverse_detail;
        return p;
    }

    // Only the first name counts, as glibc's getnameinfo() returns it.
    std::string first(strip_one_trailing_dot(ptr->records.front()));
    if (valid_hostaddr(first) || !valid_hostname(first)) {
        p.reverse_detail = "first PTR name \"" + first + "\" is " +
                           (valid_hostaddr(first) ? "numeric" : "not a valid host name");
        p.name_detail = p.reverse_detail;
        return p;
    }
    p.reverse = PeerStatus::Ok;
    p.ptr_name = first;
    p.reverse_detail = "PTR: " + first;

    // Forward confirmation in the client's address family only.
    std::string fwd_label = std::string(rr_type_name(p.forward_type)) + " of " + first;
    p.forward = answers.find(Query::make(first, p.forward_type));
    if (p.forward == nullptr || p.forward->outcome == DnsOutcome::TempFail) {
        p.name = PeerStatus::Temp;
        p.name_detail = fwd_label + ": " + answer_text(p.forward);
        return p;
    }
    p.name = PeerStatus::Forged;
    p.name_detail = fwd_label + ": " + answer_text(p.forward);
    if (p.forward->ok()) {
        for (const auto& text : p.forward->records) {
            auto a = IpAddress::parse(text);
            if (a && a->unmapped() == ip) {
                p.name = PeerStatus::Ok;
                break;
            }
        }
        if (p.name != PeerStatus::Ok) {
            p.name_detail += " (does not include " + ip.to_string() + ")";
        }
    }
    return p;
}

RestrictionResult client_restriction(Restriction r, PeerStatus status, const std::string& detail,
                                     const IpAddress& ip, const Policy& policy) {
    if (status == PeerStatus::Ok) {
        return pass(r, detail);
    }
    bool reverse = r == Restriction::RejectUnknownReverseClientHostname;
    std::string text = std::string("Client host rejected: cannot find your ") +
                       (reverse ? "reverse hostname" : "hostname") + ", [" + ip.to_string() + "]";
    std::string_view dsn = reverse ? "4.7.1" : "4.7.25";
    if (status == PeerStatus::Temp) {
        return {r, Outcome::Defer, reply(450, dsn, text), detail};
    }
    return {r, Outcome::Reject, reply(policy.unknown_client_reject_code, dsn, text), detail};
}

// ---- HELO -----------------------------------------------------------------

RestrictionResult helo_literal(Restriction r, const std::string& helo, const Policy& policy) {
    std::string_view inner = helo;
    if (inner.size() > 2 && inner.back() == ']') {
        inner = inner.substr(1, inner.size() - 2);
    }
    if (valid_mailhost_addr(inner)) {
        return pass(r, "address literal with a valid address");
    }
    return {r, Outcome::Reject,
            reply(policy.invalid_hostname_reject_code, "5.5.2",
                  "<" + helo + ">: Helo command rejected: invalid ip address"),
            "address literal without a valid address"};
}

RestrictionResult helo_restriction(Restriction r, const std::string& helo, const Lookups& answers,
                                   const Policy& policy) {
    if (helo.front() == '[') {
        return helo_literal(r, helo, policy);
    }
    std::string_view t = strip_one_trailing_dot(helo);
    std::string prefix = "<" + helo + ">: Helo command rejected: ";

    if (r == Restriction::RejectInvalidHeloHostname) {
        if (valid_hostname(t)) {
            return pass(r, "valid host name");
        }
        if (valid_hostaddr(t)) {
            return pass(r, "a bare IP address, accepted for backward compatibility");
        }
        return {r, Outcome::Reject,
                reply(policy.invalid_hostname_reject_code, "5.5.2", prefix + "Invalid name"),
                "not a valid host name or address"};
    }
    if (r == Restriction::RejectNonFqdnHeloHostname) {
        if (valid_hostname(t) && t.find('.') != std::string_view::npos) {
            return pass(r, "fully qualified");
        }
        return {r, Outcome::Reject,
                reply(policy.non_fqdn_reject_code, "5.5.2",
                      prefix + "need fully-qualified hostname"),
                valid_hostname(t) ? "a single label" : "not a valid host name"};
    }

    // reject_unknown_helo_hostname looks up the name as sent: a trailing
    // dot makes it invalid, so it is "not found" without a query.
    Chain c = lookup_chain(helo, {RrType::A, RrType::AAAA, RrType::MX}, answers, false);
    switch (c.status) {
    case PfDns::Ok:
    case PfDns::NullMx: // an MTA name may have a null MX
        return pass(r, c.detail);
    case PfDns::Retry:
        return {r, Outcome::Defer, reply(450, "4.7.1", prefix + "Host not found"), c.detail};
    case PfDns::Inval:
        return {r, Outcome::Reject,
                reply(policy.unknown_hostname_reject_code, "4.7.1",
                      prefix + "Malformed DNS server reply"),
                c.detail};
    case PfDns::NotFound:
    case PfDns::Fail:
        break;
    }
    return {r, Outcome::Reject,
            reply(policy.unknown_hostname_reject_code, "4.7.1", prefix + "Host not found"),
            c.detail};
}

// ---- sender -----------------------------------------------------------

std::string bare_sender(std::string_view s) {
    if (s.size() >= 2 && s.front() == '<' && s.back() == '>') {
        s = s.substr(1, s.size() - 2);
    }
    return std::string(s);
}

// The domain Postfix would look up, or nothing when it checks none.
// TODO(lanwarden): Postfix's trivial-rewrite also handles quoting, source
// routes and %-hacks, and skips the receiver's own domains; only the
// common "local@domain" form is handled here.
std::optional<std::string> sender_domain(const std::string& sender) {
    std::size_t at = sender.rfind('@');
    if (at == std::string::npos) {
        return std::nullopt;
    }
    std::string d = sender.substr(at + 1);
    while (d.size() > 1 && d.back() == '.') {
        d.pop_back();
    }
    if (d.empty() || (d.front() == '[' && d.back() == ']')) {
        return std::nullopt;
    }
    return d;
}

RestrictionResult sender_restriction(const std::optional<std::string>& sender,
                                     const Lookups& answers, const Policy& policy) {
    constexpr Restriction r = Restriction::RejectUnknownSenderDomain;
    if (!sender) {
        return pass(r, "no sender given");
    }
    if (sender->empty()) {
        return pass(r, "null sender <>: not checked");
    }
    auto domain = sender_domain(*sender);
    if (!domain) {
        return pass(r, "no DNS domain (local address or address literal): not checked");
    }
    Chain c = lookup_chain(*domain, {RrType::MX, RrType::A, RrType::AAAA}, answers, true);
    std::string prefix = "<" + *sender + ">: Sender address rejected: ";
    switch (c.status) {
    case PfDns::Ok:
        return pass(r, c.detail);
    case PfDns::NullMx:
        return {r, Outcome::Reject,
                reply(550, "5.7.27",
                      prefix + "Domain " + *domain + " does not accept mail (nullMX)"),
                c.detail};
    case PfDns::Retry:
        return {r, Outcome::Defer, reply(450, "4.1.8", prefix + "Domain not found"), c.detail};
    case PfDns::Inval:
        return {r, Outcome::Reject,
                reply(policy.unknown_address_reject_code, "4.1.8",
                      prefix + "Malformed DNS server reply"),
                c.detail};
    case PfDns::NotFound:
    case PfDns::Fail:
        break;
    }
    return {r, Outcome::Reject,
            reply(policy.unknown_address_reject_code, "4.1.8", prefix + "Domain not found"),
            c.detail};
}

bool is_helo_restriction(Restriction r) {
    return r == Restriction::RejectInvalidHeloHostname ||
           r == Restriction::RejectNonFqdnHeloHostname ||
           r == Restriction::RejectUnknownHeloHostname;
}

// Whether a Defer answers at once (client checks always do, with 450) or
// is held until the end in case a later restriction rejects.
bool defers_at_once(Restriction r, const Policy& policy) {
    switch (r) {
    case Restriction::RejectUnknownHeloHostname:
        return policy.unknown_helo_hostname_tempfail_action == TempfailAction::Defer;
    case Restriction::RejectUnknownSenderDomain:
        return policy.unknown_address_tempfail_action == TempfailAction::Defer;
    default:
        return true;
    }
}

void add_advice(Check& c, std::string text) {
    if (std::find(c.advice.begin(), c.advice.end(), text) == c.advice.end()) {
        c.advice.push_back(std::move(text));
    }
}

// The public name to suggest for PTR and HELO: the verified PTR name, the
// HELO name when it is a public FQDN, "mail." + the sender domain, or a
// placeholder that says it is one.
std::string suggested_name(const Check& c, const Peer& peer) {
    if (c.fcrdns && peer.ptr_name) {
        return *peer.ptr_name;
    }
    if (c.helo && c.helo->front() != '[') {
        std::string t(strip_one_trailing_dot(*c.helo));
        if (valid_hostname(t) && t.find('.') != std::string::npos && !private_name_reason(t)) {
            return ascii_lower(t);
        }
    }
    if (c.sender) {
        if (auto d = sender_domain(*c.sender); d && valid_hostname(*d)) {
            return "mail." + ascii_lower(*d);
        }
    }
    return "mail.example.com";
}

void warn_and_advise(Check& c, const Peer& peer) {
    const std::string ip = c.client.to_string();
    const std::string name = suggested_name(c, peer);
    const std::string fwd_type(rr_type_name(peer.forward_type));
    const bool helo_sent = c.helo.has_value();
    const bool literal = helo_sent && c.helo->front() == '[';
    const std::string helo_t = helo_sent ? std::string(strip_one_trailing_dot(*c.helo)) : "";

    // Warnings Postfix itself never acts on.
    if (c.ptr.size() > 1) {
        c.warnings.push_back({"several_ptr",
                              ip + " has " + std::to_string(c.ptr.size()) +
                                  " PTR records; receivers use only the first in the answer "
                                  "and DNS servers rotate the order, so rejects come and go"});
        add_advice(c, "Ask the provider of " + ip + " to keep a single PTR record, " + name +
                          ".");
    }
    if (helo_sent && !literal && peer.ptr_name &&
        ascii_lower(helo_t) != ascii_lower(*peer.ptr_name)) {
        c.warnings.push_back(
            {"helo_differs_from_ptr",
             "the HELO name " + *c.helo + " differs from the PTR name " + *peer.ptr_name +
                 "; Postfix does not compare them, but spam filters and large mailbox "
                 "providers do"});
    }
    std::optional<std::string> private_reason;
    if (helo_sent && !literal) {
        private_reason = private_name_reason(*c.helo);
        if (private_reason) {
            c.warnings.push_back({"private_helo", "the HELO name " + *c.helo + " is " +
                                                      *private_reason +
                                                      "; no receiver can look it up"});
        }
        if (helo_t.size() != c.helo->size()) {
            c.warnings.push_back(
                {"helo_trailing_dot", "the HELO name " + *c.helo +
                                          " ends in a dot; reject_unknown_helo_hostname "
                                          "refuses it even when the name exists"});
        }
        if (valid_hostaddr(helo_t)) {
            c.warnings.push_back({"helo_is_address",
                                  "the HELO name " + *c.helo +
                                      " is a bare IP address; RFC 5321 wants a host name or "
                                      "an address literal such as [" + helo_t + "]"});
        }
    }

    // The PTR.
    if (c.reverse_name_status == PeerStatus::Temp) {
        add_advice(c, "The PTR lookup of " + ip + " failed temporarily. Run the check again; "
                          "if it keeps failing, the reverse zone's name servers (your "
                          "provider's) are broken: report it to the provider.");
    } else if (c.reverse_name_status == PeerStatus::Perm) {
        add_advice(c, "Ask the provider of " + ip + " (whoever owns the address) to set its "
                          "PTR record: " + c.client.ptr_name() + ". PTR " + name +
                          ". and make sure " + name + ". " + fwd_type + " " + ip +
                          " exists in the zone of " + name + ".");
    } else if (c.name_status == PeerStatus::Temp) {
        add_advice(c, "The " + fwd_type + " lookup of " + *peer.ptr_name +
                          " failed temporarily. Run the check again; if it keeps failing, "
                          "fix the name servers of that zone.");
    } else if (c.name_status == PeerStatus::Forged) {
        add_advice(c, *peer.ptr_name + " does not resolve back to " + ip +
                          " (forward-confirmed reverse DNS fails): add " + *peer.ptr_name +
                          ". " + fwd_type + " " + ip + " to its zone, or ask the provider "
                          "to point the PTR at a name that resolves to " + ip + ".");
    }

    // HELO.
    bool helo_bad = private_reason.has_value();
    bool helo_temp = false;
    for (const auto& r : c.restrictions) {
        if (is_helo_restriction(r.restriction) && r.result == Outcome::Reject) {
            helo_bad = true;
        }
        if (is_helo_restriction(r.restriction) && r.result == Outcome::Defer) {
            helo_temp = true;
        }
    }
    if (helo_sent && !literal && peer.ptr_name &&
        ascii_lower(helo_t) != ascii_lower(*peer.ptr_name) && c.fcrdns) {
        helo_bad = true;
    }
    if (helo_bad) {
        add_advice(c, "Make the sending mail server announce " + name +
                          " in HELO/EHLO. Postfix: postconf -e 'smtp_helo_name = " + name +
                          "' && postfix reload. Exchange: set the FQDN of the send connector "
                          "(Set-SendConnector -Identity <connector> -Fqdn " + name +
                          "). msmtp: domain " + name + ".");
        if (!literal) {
            add_advice(c, "If you run the receiving Postfix, accept this HELO name there: "
                          "add the line '" + *c.helo + " OK' to /etc/postfix/helo_access, put "
                          "check_helo_access hash:/etc/postfix/helo_access in "
                          "smtpd_helo_restrictions before the reject_*_helo_hostname "
                          "entries, then run postmap hash:/etc/postfix/helo_access && "
                          "postfix reload.");
        }
    }
    if (helo_temp) {
        add_advice(c, "The DNS lookup of the HELO name " + *c.helo +
                          " failed temporarily. Run the check again; if it keeps failing, "
                          "fix the name servers of its zone.");
    }

    // Sender domain.
    if (const RestrictionResult* s = c.result_of(Restriction::RejectUnknownSenderDomain)) {
        auto d = c.sender ? sender_domain(*c.sender) : std::nullopt;
        if (d && s->result == Outcome::Defer) {
            add_advice(c, "The DNS lookup of the sender domain " + *d +
                              " failed temporarily. Run the check again; if it keeps "
                              "failing, fix the name servers of " + *d + ".");
        } else if (d && s->result == Outcome::Reject && s->reply &&
                   s->reply->find("nullMX") != std::string::npos) {
            add_advice(c, *d + " publishes a null MX (it receives no mail), so receivers "
                              "refuse it as a sender: remove the null MX or send from "
                              "another domain.");
        } else if (d && s->result == Outcome::Reject) {
            add_advice(c, "The sender domain " + *d + " has no MX, A or AAAA record in "
                              "public DNS: publish an MX record for " + *d +
                              ", or send from an address in a domain that has one.");
        }
    }
}

} // namespace

std::string_view restriction_name(Restriction r) noexcept {
    switch (r) {
    case Restriction::RejectUnknownReverseClientHostname:
        return "reject_unknown_reverse_client_hostname";
    case Restriction::RejectUnknownClientHostname:
        return "reject_unknown_client_hostname";
    case Restriction::RejectInvalidHeloHostname:
        return "reject_invalid_helo_hostname";
    case Restriction::RejectNonFqdnHeloHostname:
        return "reject_non_fqdn_helo_hostname";
    case Restriction::RejectUnknownHeloHostname:
        return "reject_unknown_helo_hostname";
    case Restriction::RejectUnknownSenderDomain:
        return "reject_unknown_sender_domain";
    case Restriction::HeloRequired:
        return "smtpd_helo_required";
    }
    return "?";
}

std::string_view outcome_text(Outcome o) noexcept {
    switch (o) {
    case Outcome::Pass:
        return "pass";
    case Outcome::Reject:
        return "reject";
    case Outcome::Defer:
        return "defer";
    }
    return "?";
}

std::string_view peer_status_text(PeerStatus s) noexcept {
    switch (s) {
    case PeerStatus::Ok:
        return "ok";
    case PeerStatus::Perm:
        return "permanent";
    case PeerStatus::Temp:
        return "temporary";
    case PeerStatus::Forged:
        return "forged";
    }
    return "?";
}

std::string_view verdict_text(Verdict v) noexcept {
    switch (v) {
    case Verdict::Accept:
        return "accept";
    case Verdict::Reject:
        return "reject";
    case Verdict::Defer:
        return "defer";
    }
    return "?";
}

const RestrictionResult* Check::result_of(Restriction r) const noexcept {
    for (const auto& x : restrictions) {
        if (x.restriction == r) {
            return &x;
        }
    }
    return nullptr;
}

std::vector<Query> needed_queries(const CheckInput& input, const Lookups& have) {
    std::vector<Query> out;
    auto want = [&](std::string_view name, RrType type) {
        Query q = Query::make(name, type);
        if (!have.has(q) && std::find(out.begin(), out.end(), q) == out.end()) {
            out.push_back(std::move(q));
        }
    };

    IpAddress ip = input.client.unmapped();
    want(ip.ptr_name(), RrType::PTR);
    const DnsAnswer* ptr = have.find(Query::make(ip.ptr_name(), RrType::PTR));
    if (ptr != nullptr && ptr->ok()) {
        std::string first(strip_one_trailing_dot(ptr->records.front()));
        if (!valid_hostaddr(first) && valid_hostname(first)) {
            want(first, ip.family == Family::V4 ? RrType::A : RrType::AAAA);
        }
    }

    if (input.helo) {
        std::string helo = store_helo_name(*input.helo);
        if (!helo.empty() && helo.front() != '[' && dns_would_query(helo)) {
            for (RrType t : {RrType::A, RrType::AAAA, RrType::MX}) {
                want(helo, t);
            }
        }
    }
    if (input.sender) {
        auto d = sender_domain(bare_sender(*input.sender));
        if (d && dns_would_query(*d)) {
            for (RrType t : {RrType::MX, RrType::A, RrType::AAAA}) {
                want(*d, t);
            }
        }
    }
    return out;
}

Check evaluate(const CheckInput& input, const Lookups& answers, const Policy& policy) {
    Check c;
    c.client = input.client.unmapped();
    if (input.helo) {
        std::string stored = store_helo_name(*input.helo);
        if (!stored.empty()) {
            c.helo = std::move(stored);
        }
    }
    if (input.sender) {
        c.sender = bare_sender(*input.sender);
    }

    // The client's names, once per connection.
    const DnsAnswer* ptr = answers.find(Query::make(c.client.ptr_name(), RrType::PTR));
    c.ptr_outcome = ptr ? ptr->outcome : DnsOutcome::TempFail;
    if (ptr && ptr->ok()) {
        for (const auto& n : ptr->records) {
            c.ptr.emplace_back(strip_one_trailing_dot(n));
        }
    }
    Peer peer = look_up_peer(c.client, answers);
    c.reverse_name_status = peer.reverse;
    c.name_status = peer.name;
    c.fcrdns = peer.name == PeerStatus::Ok;
    if (peer.ptr_name) {
        c.forward_outcome = peer.forward ? peer.forward->outcome : DnsOutcome::TempFail;
        if (peer.forward && peer.forward->ok()) {
            c.forward = peer.forward->records;
        }
    }

    // Each restriction on its own.
    if (policy.smtpd_helo_required) {
        if (c.helo) {
            c.restrictions.push_back(pass(Restriction::HeloRequired, "HELO sent"));
        } else {
            c.restrictions.push_back({Restriction::HeloRequired, Outcome::Reject,
                                      "503 5.5.1 Error: send HELO/EHLO first",
                                      "no HELO/EHLO before MAIL FROM"});
        }
    }
    for (Restriction r : policy.restrictions) {
        switch (r) {
        case Restriction::RejectUnknownReverseClientHostname:
            c.restrictions.push_back(
                client_restriction(r, peer.reverse, peer.reverse_detail, c.client, policy));
            break;
        case Restriction::RejectUnknownClientHostname:
            c.restrictions.push_back(
                client_restriction(r, peer.name, peer.name_detail, c.client, policy));
            break;
        case Restriction::RejectInvalidHeloHostname:
        case Restriction::RejectNonFqdnHeloHostname:
        case Restriction::RejectUnknownHeloHostname:
            if (c.helo) {
                c.restrictions.push_back(helo_restriction(r, *c.helo, answers, policy));
            } else {
                c.restrictions.push_back(pass(r, "no HELO sent: Postfix skips HELO restrictions"));
            }
            break;
        case Restriction::RejectUnknownSenderDomain:
            c.restrictions.push_back(sender_restriction(c.sender, answers, policy));
            break;
        case Restriction::HeloRequired:
            break; // a parameter, handled above
        }
    }

    // What Postfix answers: the first rejection (or immediate 450) wins; a
    // defer_if_permit is remembered and answered if nothing rejects.
    const RestrictionResult* held = nullptr;
    for (const auto& r : c.restrictions) {
        bool at_once = r.result == Outcome::Reject ||
                       (r.result == Outcome::Defer && defers_at_once(r.restriction, policy));
        if (at_once) {
            c.verdict = r.result == Outcome::Reject ? Verdict::Reject : Verdict::Defer;
            c.reply = r.reply;
            c.decided_by = r.restriction;
            held = nullptr;
            break;
        }
        if (r.result == Outcome::Defer && held == nullptr) {
            held = &r;
        }
    }
    if (held != nullptr) {
        c.verdict = Verdict::Defer;
        c.reply = held->reply;
        c.decided_by = held->restriction;
    }

    warn_and_advise(c, peer);
    return c;
}

nlohmann::json Check::to_json() const {
    using nlohmann::json;
    auto opt = [](const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); };
    json j;
    j["ip"] = client.to_string();
    j["family"] = client.family == Family::V4 ? "ipv4" : "ipv6";
    j["helo"] = opt(helo);
    j["sender"] = opt(sender);
    j["ptr"] = ptr;
    j["ptr_status"] = outcome_name(ptr_outcome);
    j["forward"] = forward;
    j["forward_status"] = forward_outcome ? json(outcome_name(*forward_outcome)) : json(nullptr);
    j["fcrdns"] = fcrdns;
    j["reverse_name_status"] = peer_status_text(reverse_name_status);
    j["name_status"] = peer_status_text(name_status);
    j["smtp"] = nullptr;
    j["restrictions"] = json::array();
    for (const auto& r : restrictions) {
        j["restrictions"].push_back({{"name", restriction_name(r.restriction)},
                                     {"result", outcome_text(r.result)},
                                     {"reply", opt(r.reply)},
                                     {"detail", r.detail}});
    }
    j["verdict"] = verdict_text(verdict);
    j["reply"] = opt(reply);
    j["decided_by"] = decided_by ? json(restriction_name(*decided_by)) : json(nullptr);
    j["warnings"] = json::array();
    for (const auto& w : warnings) {
        j["warnings"].push_back({{"code", w.code}, {"text", w.text}});
    }
    j["advice"] = advice;
    make_utf8(j); // HELO, sender and DNS names are any bytes
    return j;
}

} // namespace lw::mailcheck
