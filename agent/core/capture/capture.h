// A tcpdump capture through lanwarden's decoders: `lanwarden decode` prints
// every NetBIOS packet of it, `lanwarden analyze` runs it through the same
// browse model as the daemon, on the capture's own clock.
//
// Pure: the caller reads the file; bytes go in, packets and a model come
// out.  UDP 137 is decoded as name service, UDP 138 as datagram service
// (with the mailslot and browser layers inside); every other packet is
// skipped and counted.
//
// Not handled: pcapng files (see pcap/reader.h); NetBIOS over TCP.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "agent/core/browse/feed.h"
#include "agent/core/browse/model.h"
#include "agent/core/net/ipv4.h"
#include "agent/core/wire/reader.h"
#include "agent/core/wire/result.h"

namespace lw::capture {

struct Packet {
    std::size_t number = 0; ///< 1-based record number, as tshark counts
    double time = 0;        ///< seconds since the first record
    net::Ipv4 source;
    std::uint16_t source_port = 0;
    net::Ipv4 destination;
    std::uint16_t destination_port = 0;
    const char* service = ""; ///< "nbns" or "nbdgm"
    bool ok = true;
    std::string summary;   ///< one line; for a malformed packet, why
    nlohmann::json detail; ///< the decoded message, or the error
};

struct Stats {
    std::size_t records = 0;
    std::size_t netbios = 0;
    std::size_t malformed = 0;
    std::size_t skipped = 0; ///< not UDP 137/138 over IPv4

    nlohmann::json to_json() const;
};

/// Calls `each` for every NetBIOS packet of a classic pcap file, in file
/// order.  Fails only when the file itself is unreadable (not pcap, cut
/// short); a malformed packet is reported through `each` with ok=false.
wire::Result<Stats> decode(wire::Bytes file, const std::function<void(const Packet&)>& each);

/// "   12   6.214 192.0.2.11:138 > 192.0.2.255:138 nbdgm host_announcement ..."
std::string packet_line(const Packet& p);
/// {"number", "time", "source", "destination", "service", "ok", "summary",
///  "message" or "error"}.
nlohmann::json packet_json(const Packet& p);

struct Analysis {
    browse::Model model;
    browse::Feed feed;
    Stats stats;
    browse::Millis end = 0; ///< the last record's time, model clock
    double duration_s = 0;  ///< first to last record
};

/// Feeds every NetBIOS packet of the capture to a fresh model, with the
/// capture's timestamps as the model's clock (milliseconds).
wire::Result<Analysis> analyze(wire::Bytes file, const browse::Limits& limits);

/// The status JSON of an analysis, shaped like the daemon's (`lanwarden
/// status --json`), with "source" naming the capture.
nlohmann::json analysis_json(const Analysis& a, const std::string& source,
                             const std::string& version);

} // namespace lw::capture
