// From NetBIOS datagrams to browse-model observations: decodes name service
// (UDP 137) and datagram service (UDP 138) packets and hands what they say
// to a Model.  Shared by the daemon and `lanwarden analyze`.
//
// Every packet comes from an untrusted host: a packet that does not decode
// is counted by layer and reason and dropped; strings from the wire are
// escaped (netbios::escape_printable) before they enter the model.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "agent/core/browse/model.h"
#include "agent/core/net/ipv4.h"
#include "agent/core/wire/reader.h"

namespace lw::browse {

struct FeedCounters {
    std::uint64_t nbns = 0; ///< name service packets decoded
    std::uint64_t nbns_malformed = 0;
    std::uint64_t nbdgm = 0;           ///< browser frames decoded
    std::uint64_t nbdgm_malformed = 0; ///< datagram, mailslot or frame errors
    std::uint64_t fragments = 0;       ///< datagram fragments (never reassembled)
    std::uint64_t not_browse = 0;      ///< datagrams that carry no browser frame
    std::uint64_t other_frames = 0;    ///< browser frames that say nothing to the model

    nlohmann::json to_json() const;
};

struct FeedResult {
    bool ok = true;
    /// For a dropped packet: "layer=mailslot error=bad_length offset=57".
    std::string detail;
};

class Feed {
  public:
    FeedResult nbns(Model& m, wire::Bytes packet, net::Ipv4 source, Millis now);
    FeedResult nbdgm(Model& m, wire::Bytes packet, net::Ipv4 source, Millis now);
    const FeedCounters& counters() const noexcept { return counters_; }

  private:
    FeedCounters counters_;
};

} // namespace lw::browse
