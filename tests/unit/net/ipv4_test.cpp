#include "agent/core/net/ipv4.h"

#include <doctest/doctest.h>

using lw::net::Ipv4;
using lw::net::Ipv4Prefix;

TEST_SUITE("net.ipv4") {

    TEST_CASE("dotted quads parse and print back") {
        auto a = Ipv4::parse("192.0.2.11");
        REQUIRE(a.has_value());
        CHECK(a->value == 0xc000020bu);
        CHECK(a->to_string() == "192.0.2.11");
        CHECK(Ipv4::parse("0.0.0.0")->value == 0);
        CHECK(Ipv4::parse("255.255.255.255")->value == 0xffffffffu);
    }

    TEST_CASE("malformed addresses are refused") {
        for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-1", "01.2.3.4",
                                "1..2.3", "1.2.3.4 ", "a.b.c.d", "1.2.3.4/"}) {
            CAPTURE(bad);
            CHECK_FALSE(Ipv4::parse(bad).has_value());
        }
    }

    TEST_CASE("prefixes know their network, broadcast and members") {
        auto p = Ipv4Prefix::parse("192.0.2.11/24");
        REQUIRE(p.has_value());
        CHECK(p->network().to_string() == "192.0.2.0");
        CHECK(p->broadcast().to_string() == "192.0.2.255");
        CHECK(p->contains(*Ipv4::parse("192.0.2.200")));
        CHECK_FALSE(p->contains(*Ipv4::parse("192.0.3.1")));
        CHECK(Ipv4Prefix::parse("10.0.0.1")->length == 32);
        CHECK(Ipv4Prefix::parse("0.0.0.0/0")->contains(*Ipv4::parse("8.8.8.8")));
        CHECK_FALSE(Ipv4Prefix::parse("1.2.3.4/33").has_value());
    }
}
