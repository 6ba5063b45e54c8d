// Active confirmation (`option confirm '1'`): instead of waiting up to 12
// minutes for a master browser to announce itself, ask.  A broadcast name
// query for WORKGROUP<1D> (RFC 1002 retry timing: three tries 250 ms apart)
// finds the address of the master browser; a unicast node status query to
// that address names it.  Nobody answering is itself an answer.
//
// Pure: the caller sends the datagrams it is given from an ephemeral port,
// feeds back what arrives on that port, and calls tick() at next_wakeup().
// One round per workgroup per interval, so the agent sends a handful of
// packets every few minutes however busy the LAN is.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "agent/core/browse/model.h"
#include "agent/core/net/ipv4.h"
#include "agent/core/wire/reader.h"

namespace lw::browse {

struct Send {
    net::Ipv4 to;
    std::uint16_t port = 137;
    std::vector<std::uint8_t> bytes;
};

inline constexpr Millis kConfirmIntervalMs = 5 * 60'000; ///< as Samba re-checks <1D>
inline constexpr Millis kConfirmRetryMs = 250;           ///< RFC 1002 BCAST_REQ_RETRY_TIMEOUT
inline constexpr int kConfirmTries = 3;                  ///< RFC 1002 BCAST_REQ_RETRY_COUNT
inline constexpr Millis kStatusTimeoutMs = 2000;
inline constexpr std::size_t kMaxConfirmedWorkgroups = 8;

class Confirmer {
  public:
    using IdSource = std::function<std::uint16_t()>;

    Confirmer(net::Ipv4 broadcast, IdSource ids, Millis interval = kConfirmIntervalMs);

    /// Starts rounds that are due and retries or gives up on the pending
    /// ones; `workgroups` are the ones to confirm (at most
    /// kMaxConfirmedWorkgroups are taken).
    std::vector<Send> tick(Model& m, const std::vector<std::string>& workgroups, Millis now);

    /// A datagram that arrived on the ephemeral port.  Answers that match
    /// no pending query (wrong id, wrong source) are counted and ignored.
    std::vector<Send> on_datagram(Model& m, wire::Bytes bytes, net::Ipv4 source, Millis now);

    /// When tick() should run next.
    Millis next_wakeup(Millis now) const;

    struct Counters {
        std::uint64_t queries = 0;
        std::uint64_t status_queries = 0;
        std::uint64_t answers = 0;
        std::uint64_t unanswered = 0;
        std::uint64_t unmatched = 0; ///< replies nobody asked for
    };
    const Counters& counters() const noexcept { return counters_; }

  private:
    enum class Stage { Idle, Query, Status };
    struct Round {
        Stage stage = Stage::Idle;
        std::uint16_t trn = 0;
        int tries = 0;
        Millis sent_at = 0;
        Millis last_round = 0;
        bool started = false;
        net::Ipv4 master;
    };

    Send query(const std::string& workgroup, Round& r, Millis now);

    net::Ipv4 broadcast_;
    IdSource ids_;
    Millis interval_;
    std::map<std::string, Round> rounds_;
    Counters counters_;
};

} // namespace lw::browse
