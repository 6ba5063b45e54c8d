// The browse model of one LAN segment: which workgroups exist, which
// servers announce themselves in each, who the Local Master Browser is,
// which elections were seen, and what looks wrong.
//
// Pure: observations (decoded from NetBIOS traffic by the caller) and the
// current time in milliseconds go in; state, findings and events come out.
// The daemon feeds it live traffic, `lanwarden analyze` a capture's packets
// on the capture's own clock, so both give the same answer.
//
// Memory is bounded: at most max_servers servers and max_workgroups
// workgroups (the entry that would expire first is evicted and counted),
// bounded election history and name-claim tables, so a flood of forged
// announcements cannot grow it.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agent/core/net/ipv4.h"

namespace lw::browse {

using Millis = std::uint64_t;

// ---- observations --------------------------------------------------------

enum class AnnouncementKind { Host, LocalMaster, Domain };

/// A HostAnnouncement, LocalMasterAnnouncement or DomainAnnouncement (or a
/// LANMAN announcement, as Host).  For Host and LocalMaster, `workgroup` is
/// the datagram's destination name and `server` the announced server name;
/// for Domain, `workgroup` is the announced workgroup and `server` the
/// master's name from the comment field.
struct Announcement {
    AnnouncementKind kind = AnnouncementKind::Host;
    std::string workgroup;
    std::string server;
    net::Ipv4 address;
    std::uint32_t server_type = 0;
    std::uint8_t os_major = 0;
    std::uint8_t os_minor = 0;
    std::string comment;
    std::uint32_t period_ms = 0;
};

struct ElectionRequest {
    std::string workgroup; ///< the datagram's destination name (WG<1E>)
    std::string server;
    net::Ipv4 address;
    std::uint8_t version = 0;
    std::uint32_t criteria = 0;
    std::uint32_t uptime_ms = 0;
};

enum class ClaimKind { Registration, PositiveResponse, Release };

/// An address claiming (or releasing) a NetBIOS name, from NBNS traffic.
struct NameClaim {
    ClaimKind kind = ClaimKind::Registration;
    std::string name; ///< printable text of the name
    std::uint8_t suffix = 0;
    bool group = false;
    net::Ipv4 address;
};

// ---- state ------------------------------------------------------------------

struct Server {
    std::string name;
    net::Ipv4 address;
    std::uint32_t server_type = 0;
    std::uint8_t os_major = 0;
    std::uint8_t os_minor = 0;
    std::string comment;
    std::uint32_t period_ms = 0;
    Millis last_seen = 0;
    Millis expires = 0;
};

struct Master {
    std::string name; ///< "" when only the address is known (from <1D>)
    net::Ipv4 address;
    Millis since = 0;
    Millis last_seen = 0;
    Millis expires = 0;
};

struct Candidate {
    std::string name;
    net::Ipv4 address;
    std::uint8_t version = 0;
    std::uint32_t criteria = 0;
    std::uint32_t uptime_ms = 0;
};

struct Election {
    Millis started = 0;
    Millis last_frame = 0;
    unsigned frames = 0;
    std::vector<Candidate> candidates; ///< distinct by name, bounded
    std::optional<std::string> winner; ///< the next local master announced
};

struct Workgroup {
    std::string name;
    Millis first_seen = 0;
    std::optional<Master> master;
    std::map<std::string, Server> servers;
    std::deque<Election> elections;    ///< newest last, bounded
    unsigned election_count = 0;       ///< all elections seen, not only those kept
    std::optional<Master> last_master; ///< kept after the master is lost
    /// When a query for WG<1D> last went unanswered (active confirmation);
    /// 0 when it never did or a master answered since.
    Millis unanswered_at = 0;
    // The last master change, kept for the master_changed finding.
    std::string changed_from;
    Millis master_changed_at = 0;
    bool master_changed = false;
};

// ---- findings and events ------------------------------------------------

enum class Severity { Info, Warning, Error };
const char* severity_name(Severity s) noexcept;

struct Finding {
    std::string id; ///< stable: no_master_browser, master_changed, ...
    Severity severity = Severity::Info;
    std::string workgroup; ///< "" when it concerns the segment
    std::string text;      ///< one line for someone who is not an expert
};

struct Event {
    std::string kind; ///< master_changed, master_lost, election_started, ...
    std::string workgroup;
    std::string text;
    Millis at = 0;
};

struct Limits {
    std::size_t max_servers = 1024;
    std::size_t max_workgroups = 64;
    unsigned election_storm_count = 5;    ///< more than this many elections...
    unsigned election_storm_minutes = 10; ///< ...within this many minutes
};

struct Counters {
    std::uint64_t announcements = 0;
    std::uint64_t elections_frames = 0;
    std::uint64_t name_claims = 0;
    std::uint64_t server_evictions = 0;
    std::uint64_t workgroup_evictions = 0;
    std::uint64_t goodbyes = 0;
    std::uint64_t expired = 0;
};

// Timing constants that decide findings (documented in README).
inline constexpr Millis kElectionGapMs = 30'000;        ///< frames closer belong together
inline constexpr Millis kNoMasterGraceMs = 15 * 60'000; ///< > one 12-min announce period
inline constexpr Millis kMasterChangedShowMs = 60 * 60'000;
inline constexpr Millis kDefaultPeriodMs = 12 * 60'000; ///< when a period is 0 or absurd
inline constexpr Millis kClaimWindowMs = 10 * 60'000;
inline constexpr std::size_t kMaxElectionsKept = 16;
inline constexpr std::size_t kMaxCandidates = 16;
inline constexpr std::size_t kEventHistory = 32;

class Model {
  public:
    explicit Model(Limits limits = {});

    void on_announcement(const Announcement& a, Millis now);
    void on_election(const ElectionRequest& e, Millis now);
    void on_name_claim(const NameClaim& c, Millis now);
    /// Active confirmation (`option confirm`): a node status answer named
    /// the host that holds WG<1D> ...
    void on_master_confirmed(const std::string& workgroup, const std::string& name,
                             net::Ipv4 address, Millis now);
    /// ... or nobody answered the broadcast query for WG<1D>.
    void on_master_unanswered(const std::string& workgroup, Millis now);

    /// Drops what has expired by `now`; call it before reading state.
    void expire(Millis now);

    const std::map<std::string, Workgroup>& workgroups() const noexcept { return groups_; }
    std::size_t server_count() const noexcept { return servers_; }
    const Counters& counters() const noexcept { return counters_; }
    const Limits& limits() const noexcept { return limits_; }
    void set_limits(const Limits& limits) noexcept { limits_ = limits; }

    std::vector<Finding> findings(Millis now) const;
    /// Events since the last call, oldest first.
    std::vector<Event> take_events();
    /// The last kEventHistory events, oldest first, whether taken or not.
    const std::deque<Event>& history() const noexcept { return history_; }

  private:
    Workgroup* group(const std::string& name, Millis now);
    void set_master(Workgroup& g, const std::string& name, net::Ipv4 address, Millis expires,
                    Millis now);
    void lose_master(Workgroup& g, const std::string& why, Millis now);
    void add_server(Workgroup& g, const Announcement& a, Millis now);
    void evict_one_server();
    void emit(std::string kind, const std::string& workgroup, std::string text, Millis at);

    struct Claim {
        net::Ipv4 address;
        Millis at = 0;
        std::optional<net::Ipv4> other; ///< a second address claiming the name
        Millis other_at = 0;
    };

    Limits limits_;
    std::map<std::string, Workgroup> groups_;
    std::map<std::string, Claim> unique_claims_; ///< key: printable name<xx>
    std::size_t servers_ = 0;
    Counters counters_;
    std::vector<Event> events_;
    std::deque<Event> history_;
    bool browse_traffic_seen_ = false;
};

/// Lifetime of an announced entry: three announced periods, with an absent
/// or absurd period taken as the 12-minute maximum.
Millis entry_lifetime(std::uint32_t period_ms) noexcept;

/// Workgroup names that are probably meant to be one: the same after case
/// and spacing are ignored, or two different localised defaults
/// (WORKGROUP, ARBEITSGRUPPE, ...).
bool similar_workgroup_names(const std::string& a, const std::string& b);

} // namespace lw::browse
