#include "agent/io/udp_endpoint.h"

#include <doctest/doctest.h>
#include <string>

#include "platform/linux/sockets.h"
#include "tests/loop/loop_fixture.h"

using lw::io::Datagram;
using lw::io::UdpEndpoint;

TEST_SUITE("io.udp_endpoint") {

    TEST_CASE("a datagram sent on loopback arrives once with its source") {
        lw::test::LoopFixture f;
        std::string error;
        lw::platform::UdpSocketSpec spec;
        spec.address = *lw::net::Ipv4::parse("127.0.0.1");
        int rx_fd = lw::platform::open_udp_socket(spec, error);
        int tx_fd = lw::platform::open_udp_socket(spec, error);
        REQUIRE_MESSAGE(rx_fd >= 0, error);
        REQUIRE_MESSAGE(tx_fd >= 0, error);

        int received = 0;
        std::string payload;
        std::uint16_t source_port = 0;
        UdpEndpoint rx(f.loop());
        UdpEndpoint tx(f.loop());
        REQUIRE(rx.adopt(rx_fd, [&](const Datagram& d) {
            ++received;
            payload.assign(d.bytes.begin(), d.bytes.end());
            source_port = d.source_port;
            CHECK(d.source.to_string() == "127.0.0.1");
            f.stop();
        }) == 0);
        REQUIRE(tx.adopt(tx_fd, [](const Datagram&) {}) == 0);

        const std::uint8_t bytes[] = {'h', 'e', 'l', 'l', 'o'};
        REQUIRE(tx.send(spec.address, rx.local_port(), bytes) == 0);
        f.run();

        CHECK(received == 1);
        CHECK(payload == "hello");
        CHECK(source_port == tx.local_port());
        CHECK(rx.counters().received == 1);
        CHECK(tx.counters().sent == 1);
    }

    TEST_CASE("a second socket with SO_REUSEADDR binds beside the first") {
        // This is what lets lanwarden listen on 137/138 next to nmbd.
        lw::platform::UdpSocketSpec spec;
        spec.address = *lw::net::Ipv4::parse("127.0.0.1");
        spec.reuse_address = true;
        std::string error;
        int a = lw::platform::open_udp_socket(spec, error);
        REQUIRE_MESSAGE(a >= 0, error);
        lw::test::LoopFixture f;
        UdpEndpoint first(f.loop());
        REQUIRE(first.adopt(a, [](const Datagram&) {}) == 0);
        spec.port = first.local_port();
        int b = lw::platform::open_udp_socket(spec, error);
        CHECK_MESSAGE(b >= 0, error);
        if (b >= 0) {
            lw::platform::close_fd(b);
        }
        spec.reuse_address = false;
        int c = lw::platform::open_udp_socket(spec, error);
        CHECK(c < 0);
        CHECK(error.find("bind 127.0.0.1:") == 0);
        CHECK(error.find("Address already in use") != std::string::npos);
    }
}
