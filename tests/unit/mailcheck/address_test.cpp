#include "agent/core/mailcheck/address.h"

#include <doctest/doctest.h>

using lw::mailcheck::Family;
using lw::mailcheck::IpAddress;

namespace {

std::string round(std::string_view text) {
    auto a = IpAddress::parse(text);
    REQUIRE(a.has_value());
    return a->to_string();
}

} // namespace

TEST_SUITE("mailcheck.address") {

TEST_CASE("parses IPv4 strictly and prints it back") {
    CHECK(round("192.0.2.10") == "192.0.2.10");
    CHECK(IpAddress::parse("192.0.2.10")->family == Family::V4);
    CHECK_FALSE(IpAddress::parse("192.0.2"));
    CHECK_FALSE(IpAddress::parse("192.0.2.256"));
    CHECK_FALSE(IpAddress::parse("010.0.2.1"));
    CHECK_FALSE(IpAddress::parse(""));
}

TEST_CASE("prints IPv6 as glibc's inet_ntop does, which Postfix shows") {
    struct Row {
        const char* in;
        const char* out;
    };
    const Row rows[] = {
        {"2001:DB8:0:0:0:0:0:11", "2001:db8::11"},
        {"2001:db8::11", "2001:db8::11"},
        {"::", "::"},
        {"::1", "::1"},
        {"1::", "1::"},
        {"2001:db8:0:1:0:0:1:1", "2001:db8:0:1::1:1"},   // longest run wins
        {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},         // the longer, later run
        {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"}, // one zero group stays
        {"::ffff:192.0.2.1", "::ffff:192.0.2.1"},
        {"::192.0.2.1", "::192.0.2.1"},
        {"0:0:0:0:0:ffff:c000:0201", "::ffff:192.0.2.1"},
    };
    for (const Row& r : rows) {
        CAPTURE(r.in);
        CHECK(round(r.in) == r.out);
    }
}

TEST_CASE("refuses malformed IPv6 text") {
    for (const char* bad : {"2001:db8:::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::1",
                            "2001:db8::g", "::1%eth0", ":1::2", "1::2::3", "::1.2.3",
                            "1:2:3:4:5:6:7:1.2.3.4"}) {
        CAPTURE(bad);
        CHECK_FALSE(IpAddress::parse(bad));
    }
}

TEST_CASE("builds the reverse lookup names") {
    CHECK(IpAddress::parse("203.0.113.2")->ptr_name() == "2.113.0.203.in-addr.arpa");
    CHECK(IpAddress::parse("2001:db8::11")->ptr_name() ==
          "1.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
}

TEST_CASE("treats an IPv4-mapped IPv6 address as IPv4") {
    auto a = IpAddress::parse("::ffff:192.0.2.10");
    REQUIRE(a);
    CHECK(a->is_v4_mapped());
    CHECK(a->unmapped() == *IpAddress::parse("192.0.2.10"));
    CHECK(a->unmapped().ptr_name() == "10.2.0.192.in-addr.arpa");
    CHECK(IpAddress::parse("2001:db8::1")->unmapped() == *IpAddress::parse("2001:db8::1"));
}

}
