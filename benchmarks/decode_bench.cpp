// decode_bench CAPTURE.pcap [ROUNDS] [both|decode|model]
//
// Decoding speed on a realistic mix: the NetBIOS packets of a capture
// (by default the recorded nmbd LAN: registrations, queries, node status,
// announcements, an election), decoded ROUNDS times.  Prints datagrams per
// second for decoding alone and for decoding plus the browse model.  Run
// it under `valgrind --tool=callgrind` (benchmarks/decode_bench.sh) for
// instructions per datagram, which do not depend on the machine's load.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "agent/core/browse/feed.h"
#include "agent/core/browser/browse_datagram.h"
#include "agent/core/nbns/message.h"
#include "agent/core/pcap/reader.h"

namespace {

struct Sample {
    std::vector<std::uint8_t> bytes;
    bool nbns;
    lw::net::Ipv4 source;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: decode_bench CAPTURE.pcap [ROUNDS]\n");
        return 2;
    }
    long rounds = argc > 2 ? std::atol(argv[2]) : 20000;
    std::string mode = argc > 3 ? argv[3] : "both";
    long decode_rounds = mode == "model" ? 0 : rounds;
    long model_rounds = mode == "decode" ? 0 : rounds;
    std::ifstream in(argv[1], std::ios::binary);
    std::vector<std::uint8_t> file((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
    auto reader = lw::pcap::Reader::open(file);
    if (!reader.ok()) {
        std::fprintf(stderr, "decode_bench: %s is not a pcap file\n", argv[1]);
        return 3;
    }
    std::vector<Sample> samples;
    for (;;) {
        auto next = reader->next();
        if (!next.ok() || !next->has_value()) {
            break;
        }
        const auto& r = **next;
        if (r.udp && (r.udp->dst_port == 137 || r.udp->dst_port == 138)) {
            samples.push_back({{r.udp->payload.begin(), r.udp->payload.end()},
                               r.udp->dst_port == 137, r.udp->src});
        }
    }

    using Clock = std::chrono::steady_clock;
    std::size_t ok = 0;
    auto t0 = Clock::now();
    for (long i = 0; i < decode_rounds; ++i) {
        for (const Sample& s : samples) {
            ok += s.nbns ? lw::nbns::decode_message(s.bytes).ok()
                         : lw::browser::decode_browse_datagram(s.bytes).ok();
        }
    }
    auto t1 = Clock::now();
    lw::browse::Model model;
    lw::browse::Feed feed;
    lw::browse::Millis now = 0;
    for (long i = 0; i < model_rounds; ++i) {
        for (const Sample& s : samples) {
            now += 10;
            s.nbns ? feed.nbns(model, s.bytes, s.source, now)
                   : feed.nbdgm(model, s.bytes, s.source, now);
        }
    }
    auto t2 = Clock::now();

    if (mode != "both") {
        return 0;
    }
    double n = static_cast<double>(samples.size()) * static_cast<double>(rounds);
    double decode_s = std::chrono::duration<double>(t1 - t0).count();
    double model_s = std::chrono::duration<double>(t2 - t1).count();
    std::printf("%zu datagrams in the mix, %ld rounds, %zu decoded without error\n",
                samples.size(), rounds, ok);
    std::printf("decode only:        %.0f datagrams/s (%.0f ns each)\n", n / decode_s,
                decode_s / n * 1e9);
    std::printf("decode + model:     %.0f datagrams/s (%.0f ns each)\n", n / model_s,
                model_s / n * 1e9);
    return 0;
}
