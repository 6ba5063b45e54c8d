// Groups Postfix reject lines by reason and by HELO name or client, with
// counts and first/last time seen, and proposes exceptions for senders
// that look legitimate: a `helo_access` entry ("mailsrv02.foo.local OK")
// or a client CIDR entry ("203.0.113.2/32 OK"), with the main.cf line and
// the postmap / reload commands (reference/mailcheck.md §1.5).
//
// "Looks legitimate" is a heuristic, stated in each proposal:
//   - a HELO reject from a client whose name Postfix verified (the log
//     shows a name, not "unknown"): a real mail server with a bad HELO;
//   - a HELO or client-name reject with a 4xx code that the same client
//     retried with the same sender and recipient: real MTAs retry
//     deferred mail, most spam engines do not.
// RBL, milter, recipient and postscreen rejects get no proposal.
//
// Memory is bounded: at most max_groups groups (later new keys are
// counted as dropped), a few client names per group, a bounded set of
// retry keys.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/core/mailcheck/maillog.h"

namespace lw::mailcheck {

struct GroupOptions {
    std::size_t max_groups = 4096;
    std::size_t max_clients_per_group = 16;
    std::size_t max_attempts_per_group = 1024;
    std::string helo_access_map = "hash:/etc/postfix/helo_access";
    std::string client_access_map = "cidr:/etc/postfix/client_ok.cidr";
};

enum class ProposalKind : std::uint8_t { HeloAccess, ClientAccess };

struct Proposal {
    ProposalKind kind = ProposalKind::HeloAccess;
    std::string entry; ///< the table line: "mailsrv02.foo.local OK", "203.0.113.2/32 OK"
    std::string why;
};

struct RejectGroup {
    RejectReason reason = RejectReason::Other;
    std::string key_kind; ///< "helo", "client", "sender_domain", "recipient"
    std::string key;
    std::uint64_t count = 0;
    std::uint64_t warnings = 0; ///< of which reject_warning (not rejected)
    LogTime first_seen;
    LogTime last_seen;
    std::string last_reply;
    std::vector<std::string> clients; ///< "name[addr]", distinct, bounded
    bool verified_client = false;     ///< some client had a verified name
    bool retried = false;             ///< same client, sender, recipient seen again
    std::set<std::string> client_addrs_for_cidr; ///< bounded like clients
    std::set<std::string> attempts;              ///< retry keys, bounded
};

class RejectGroups {
  public:
    explicit RejectGroups(GroupOptions options = {});

    /// Parses one line and counts it (reject, other or unparsed).
    void add_line(std::string_view line);
    void add(const RejectLine& r);

    std::uint64_t lines() const noexcept { return lines_; }
    std::uint64_t rejects() const noexcept { return rejects_; }
    std::uint64_t unparsed() const noexcept { return unparsed_; }
    std::uint64_t dropped() const noexcept { return dropped_; }

    /// Groups, most frequent first (then by reason and key).
    std::vector<const RejectGroup*> groups() const;

    /// One proposal per legitimate-looking HELO name or client address.
    std::vector<Proposal> proposals() const;

    /// What to do with the proposals: table files, main.cf, commands.
    std::vector<std::string> proposal_steps() const;

    /// {lines, rejects, unparsed, other, dropped_groups, groups[...],
    ///  proposals: {helo_access[], client_access[], steps[]}}
    nlohmann::json to_json() const;

  private:
    GroupOptions options_;
    std::map<std::pair<RejectReason, std::string>, RejectGroup> groups_;
    std::uint64_t lines_ = 0;
    std::uint64_t rejects_ = 0;
    std::uint64_t unparsed_ = 0;
    std::uint64_t other_ = 0;
    std::uint64_t dropped_ = 0;
};

} // namespace lw::mailcheck
