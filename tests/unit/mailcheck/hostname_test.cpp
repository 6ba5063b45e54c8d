#include "agent/core/mailcheck/hostname.h"

#include <string>

#include <doctest/doctest.h>

using namespace lw::mailcheck;

TEST_SUITE("mailcheck.hostname") {

TEST_CASE("valid_hostname follows Postfix, not RFC 1123") {
    CHECK(valid_hostname("mail.good.test"));
    CHECK(valid_hostname("mailsrv02"));
    CHECK(valid_hostname("under_score.example"));  // an underscore is accepted
    CHECK(valid_hostname("1-2.example"));
    CHECK(valid_hostname("a1.2"));
    CHECK_FALSE(valid_hostname("1.2.3.4"));  // numeric
    CHECK_FALSE(valid_hostname("123.45"));   // numeric
    CHECK_FALSE(valid_hostname(""));
    CHECK_FALSE(valid_hostname("bad!name.good.test"));
    CHECK_FALSE(valid_hostname("mail.good.test.")); // trailing dot
    CHECK_FALSE(valid_hostname(".mail.test"));
    CHECK_FALSE(valid_hostname("mail..test"));
    CHECK_FALSE(valid_hostname("-mail.test"));
    CHECK_FALSE(valid_hostname("mail-.test"));
    CHECK_FALSE(valid_hostname("mail.-test"));
    CHECK_FALSE(valid_hostname("mail.test-"));
    CHECK_FALSE(valid_hostname("a b.test"));
    CHECK_FALSE(valid_hostname("caf\xc3\xa9.test"));
}

TEST_CASE("valid_hostname limits labels to 63 and names to 255 characters") {
    std::string label63(63, 'a');
    CHECK(valid_hostname(label63 + ".test"));
    CHECK_FALSE(valid_hostname(label63 + "a.test"));
    std::string name255;
    while (name255.size() < 255) {
        name255 += name255.empty() ? "a" : ".a";
    }
    name255.resize(255);
    if (name255.back() == '.') {
        name255.back() = 'b';
    }
    CHECK(valid_hostname(name255));
    CHECK_FALSE(valid_hostname(name255 + "b"));
}

TEST_CASE("IPv4 address syntax is Postfix's, leading zeros and all") {
    CHECK(valid_ipv4_hostaddr("192.0.2.10"));
    CHECK(valid_ipv4_hostaddr("010.1.1.1"));
    CHECK(valid_ipv4_hostaddr("0.0.0.0"));
    CHECK(valid_ipv4_hostaddr("0"));
    CHECK_FALSE(valid_ipv4_hostaddr("0.1.2.3"));
    CHECK_FALSE(valid_ipv4_hostaddr("300.1.2.3"));
    CHECK_FALSE(valid_ipv4_hostaddr("1.2.3"));
    CHECK_FALSE(valid_ipv4_hostaddr("1.2.3.4."));
    CHECK_FALSE(valid_ipv4_hostaddr(".1.2.3.4"));
    CHECK_FALSE(valid_ipv4_hostaddr("1.2.3.4.5"));
    CHECK_FALSE(valid_ipv4_hostaddr(""));
}

TEST_CASE("IPv6 address syntax counts colons, not groups") {
    CHECK(valid_ipv6_hostaddr("2001:db8::1"));
    CHECK(valid_ipv6_hostaddr("::"));
    CHECK(valid_ipv6_hostaddr("::1"));
    CHECK(valid_ipv6_hostaddr("1::"));
    CHECK(valid_ipv6_hostaddr("::ffff:192.0.2.1"));
    CHECK(valid_ipv6_hostaddr("1:2:3:4:5:6:7:8"));
    CHECK(valid_ipv6_hostaddr("1:2:3")); // Postfix does not insist on eight groups
    CHECK_FALSE(valid_ipv6_hostaddr("1:2"));
    CHECK_FALSE(valid_ipv6_hostaddr("1:2:3:4:5:6:7:8:9"));
    CHECK_FALSE(valid_ipv6_hostaddr("1::2::3"));
    CHECK_FALSE(valid_ipv6_hostaddr(":1:2:3"));
    CHECK_FALSE(valid_ipv6_hostaddr("1:2:3:"));
    CHECK_FALSE(valid_ipv6_hostaddr("12345::1"));
    CHECK_FALSE(valid_ipv6_hostaddr("2001:db8::g"));
    CHECK_FALSE(valid_ipv6_hostaddr("::300.1.2.3"));
}

TEST_CASE("address literals need the IPv6: tag for IPv6") {
    CHECK(valid_mailhost_addr("192.0.2.10"));
    CHECK(valid_mailhost_addr("IPv6:2001:db8::1"));
    CHECK(valid_mailhost_addr("ipv6:2001:db8::1"));
    CHECK_FALSE(valid_mailhost_addr("2001:db8::1"));
    CHECK_FALSE(valid_mailhost_addr("300.1.2.3"));
}

TEST_CASE("strips one trailing dot, not from '.' nor from '..'") {
    CHECK(strip_one_trailing_dot("mail.good.test.") == "mail.good.test");
    CHECK(strip_one_trailing_dot("mail.good.test") == "mail.good.test");
    CHECK(strip_one_trailing_dot(".") == ".");
    CHECK(strip_one_trailing_dot("mail..") == "mail..");
}

TEST_CASE("stores the HELO argument as smtpd does: joined words, neutered characters") {
    CHECK(store_helo_name("mail.good.test extra") == "mail.good.test?extra");
    CHECK(store_helo_name("  a \t b  ") == "a?b");
    CHECK(store_helo_name("a<b>c(d)e\\f\"g;h@i") == "a?b?c?d?e?f?g?h?i");
    CHECK(store_helo_name(std::string("a\x01\x7f\xc3\xa9", 5)) == "a????");
    CHECK(store_helo_name("[192.0.2.10]") == "[192.0.2.10]");
    CHECK(store_helo_name("   ").empty());
}

TEST_CASE("names the private HELO names") {
    for (const char* name : {"mailsrv02.foo.local", "nas.lan", "vm.localdomain",
                             "host.home.arpa", "MAILSRV02", "localhost", "box.internal",
                             "mailsrv02.foo.local."}) {
        CAPTURE(name);
        CHECK(private_name_reason(name).has_value());
    }
    for (const char* name : {"mail.example.org", "local.example.org", "lan.example"}) {
        CAPTURE(name);
        CHECK_FALSE(private_name_reason(name).has_value());
    }
}

}
