#include "agent/core/mailcheck/verdict.h"

#include <algorithm>
#include <string>

#include <doctest/doctest.h>

using namespace lw::mailcheck;

namespace {

// A receiver's view of the fixture zone of reference/mailcheck.md §2:
// mail.good.test is 192.0.2.10 with a matching PTR.
struct Fixture {
    Lookups dns;
    CheckInput in;

    Fixture(const char* ip = "192.0.2.10", const char* helo = "mail.good.test") {
        in.client = *IpAddress::parse(ip);
        if (helo != nullptr) {
            in.helo = helo;
        }
        dns.set("10.2.0.192.in-addr.arpa", RrType::PTR, DnsAnswer::of({"mail.good.test"}));
        dns.set("mail.good.test", RrType::A, DnsAnswer::of({"192.0.2.10"}));
        dns.set("mail.good.test", RrType::AAAA, DnsAnswer::no_data());
        dns.set("mail.good.test", RrType::MX, DnsAnswer::no_data());
    }
    void helo_answers(const std::string& name, DnsAnswer a, DnsAnswer aaaa, DnsAnswer mx) {
        dns.set(name, RrType::A, std::move(a));
        dns.set(name, RrType::AAAA, std::move(aaaa));
        dns.set(name, RrType::MX, std::move(mx));
    }
    Check run(const Policy& p = {}) const { return evaluate(in, dns, p); }
};

const RestrictionResult& get(const Check& c, Restriction r) {
    const RestrictionResult* x = c.result_of(r);
    REQUIRE(x != nullptr);
    return *x;
}

std::string reply_of(const Check& c, Restriction r) { return get(c, r).reply.value_or(""); }

bool has_warning(const Check& c, const std::string& code) {
    return std::any_of(c.warnings.begin(), c.warnings.end(),
                       [&](const Warning& w) { return w.code == code; });
}

bool advice_mentions(const Check& c, const std::string& text) {
    return std::any_of(c.advice.begin(), c.advice.end(), [&](const std::string& a) {
        return a.find(text) != std::string::npos;
    });
}

bool asks(const std::vector<Query>& qs, const std::string& name, RrType t) {
    return std::find(qs.begin(), qs.end(), Query::make(name, t)) != qs.end();
}

constexpr auto kHelo = Restriction::RejectUnknownHeloHostname;
constexpr auto kInvalid = Restriction::RejectInvalidHeloHostname;
constexpr auto kNonFqdn = Restriction::RejectNonFqdnHeloHostname;
constexpr auto kReverse = Restriction::RejectUnknownReverseClientHostname;
constexpr auto kClient = Restriction::RejectUnknownClientHostname;
constexpr auto kSender = Restriction::RejectUnknownSenderDomain;

} // namespace

TEST_SUITE("mailcheck.verdict") {

TEST_CASE("accepts a client with FCrDNS and a HELO name that resolves (T11, T25)") {
    Fixture f;
    Check c = f.run();
    CHECK(c.verdict == Verdict::Accept);
    CHECK_FALSE(c.reply);
    CHECK(c.fcrdns);
    CHECK(c.ptr == std::vector<std::string>{"mail.good.test"});
    CHECK(c.forward == std::vector<std::string>{"192.0.2.10"});
    for (const auto& r : c.restrictions) {
        CAPTURE(restriction_name(r.restriction));
        CHECK(r.result == Outcome::Pass);
        CHECK_FALSE(r.reply);
    }
    CHECK(c.warnings.empty());
}

TEST_CASE("an unknown HELO name gives the issue's 450 4.7.1 Host not found (T1)") {
    Fixture f("192.0.2.10", "mailsrv02.foo.local");
    f.helo_answers("mailsrv02.foo.local", DnsAnswer::nxdomain(), DnsAnswer::nxdomain(),
                   DnsAnswer::nxdomain());
    Check c = f.run();
    CHECK(get(c, kHelo).result == Outcome::Reject);
    CHECK(reply_of(c, kHelo) ==
          "450 4.7.1 <mailsrv02.foo.local>: Helo command rejected: Host not found");
    CHECK(c.verdict == Verdict::Reject);
    CHECK(c.reply == reply_of(c, kHelo));
    CHECK(c.decided_by == kHelo);
}

TEST_CASE("a temporary HELO lookup failure gives the same bytes, as a defer (T8)") {
    Fixture f("192.0.2.10", "mail.tempfail.example");
    f.helo_answers("mail.tempfail.example", DnsAnswer::temp_fail(), DnsAnswer::temp_fail(),
                   DnsAnswer::temp_fail());
    Check c = f.run();
    CHECK(get(c, kHelo).result == Outcome::Defer);
    CHECK(reply_of(c, kHelo) ==
          "450 4.7.1 <mail.tempfail.example>: Helo command rejected: Host not found");
    CHECK(c.verdict == Verdict::Defer);
}

TEST_CASE("unknown_hostname_reject_code=550 changes the permanent case only (T32, T33)") {
    Policy p;
    p.unknown_hostname_reject_code = 550;
    Fixture f("192.0.2.10", "mailsrv02.foo.local");
    f.helo_answers("mailsrv02.foo.local", DnsAnswer::nxdomain(), DnsAnswer::nxdomain(),
                   DnsAnswer::nxdomain());
    CHECK(reply_of(f.run(p), kHelo) ==
          "550 5.7.1 <mailsrv02.foo.local>: Helo command rejected: Host not found");
    f.helo_answers("mailsrv02.foo.local", DnsAnswer::temp_fail(), DnsAnswer::nxdomain(),
                   DnsAnswer::nxdomain());
    CHECK(reply_of(f.run(p), kHelo) ==
          "450 4.7.1 <mailsrv02.foo.local>: Helo command rejected: Host not found");
}

TEST_CASE("a single-label HELO needs a fully-qualified name (T2)") {
    Fixture f("192.0.2.10", "mailsrv02");
    f.helo_answers("mailsrv02", DnsAnswer::nxdomain(), DnsAnswer::nxdomain(),
                   DnsAnswer::nxdomain());
    Check c = f.run();
    CHECK(get(c, kInvalid).result == Outcome::Pass);
    CHECK(reply_of(c, kNonFqdn) ==
          "504 5.5.2 <mailsrv02>: Helo command rejected: need fully-qualified hostname");
    CHECK(c.reply == reply_of(c, kNonFqdn)); // the first HELO rejection wins
    CHECK(has_warning(c, "private_helo"));
}

TEST_CASE("a HELO with a bad character is an invalid name (T3)") {
    Fixture f("192.0.2.10", "bad!name.good.test");
    Check c = f.run();
    CHECK(reply_of(c, kInvalid) ==
          "501 5.5.2 <bad!name.good.test>: Helo command rejected: Invalid name");
    CHECK(c.reply == reply_of(c, kInvalid));
    // Postfix asks no DNS query for a name that fails the syntax check.
    CHECK_FALSE(asks(needed_queries(f.in, {}), "bad!name.good.test", RrType::A));
    CHECK(get(c, kHelo).result == Outcome::Reject);
}

TEST_CASE("a bare IP as HELO is valid, not fully qualified, and not looked up (T4)") {
    Fixture f("192.0.2.10", "192.0.2.10");
    Check c = f.run();
    CHECK(get(c, kInvalid).result == Outcome::Pass);
    CHECK(reply_of(c, kNonFqdn) ==
          "504 5.5.2 <192.0.2.10>: Helo command rejected: need fully-qualified hostname");
    CHECK(reply_of(c, kHelo) ==
          "450 4.7.1 <192.0.2.10>: Helo command rejected: Host not found");
    CHECK_FALSE(asks(needed_queries(f.in, {}), "192.0.2.10", RrType::A));
    CHECK(has_warning(c, "helo_is_address"));
}

TEST_CASE("an address literal only has its address checked (T5, T6)") {
    Fixture ok("192.0.2.10", "[192.0.2.10]");
    Check c = ok.run();
    CHECK(c.verdict == Verdict::Accept);
    CHECK(needed_queries(ok.in, ok.dns).empty());

    Fixture bad("192.0.2.10", "[300.1.2.3]");
    c = bad.run();
    for (Restriction r : {kInvalid, kNonFqdn, kHelo}) {
        CAPTURE(restriction_name(r));
        CHECK(reply_of(c, r) ==
              "501 5.5.2 <[300.1.2.3]>: Helo command rejected: invalid ip address");
    }

    Fixture v6("192.0.2.10", "[IPv6:2001:db8::10]");
    CHECK(v6.run().verdict == Verdict::Accept);
    Fixture untagged("192.0.2.10", "[2001:db8::10]");
    CHECK(get(untagged.run(), kInvalid).result == Outcome::Reject);
}

TEST_CASE("a HELO name with only an MX record exists (T7)") {
    Fixture f("192.0.2.10", "mxonly.good.test");
    f.helo_answers("mxonly.good.test", DnsAnswer::no_data(), DnsAnswer::no_data(),
                   DnsAnswer::of({"mail.good.test"}));
    CHECK(get(f.run(), kHelo).result == Outcome::Pass);
}

TEST_CASE("extra HELO words are joined and neutered into an invalid name (T9)") {
    Fixture f("192.0.2.10", "mail.good.test extra");
    Check c = f.run();
    CHECK(c.helo == "mail.good.test?extra");
    CHECK(reply_of(c, kInvalid) ==
          "501 5.5.2 <mail.good.test?extra>: Helo command rejected: Invalid name");
}

TEST_CASE("a trailing dot passes the syntax checks but fails the DNS check unasked (T40)") {
    Fixture f("192.0.2.10", "mail.good.test.");
    Check c = f.run();
    CHECK(get(c, kInvalid).result == Outcome::Pass);
    CHECK(get(c, kNonFqdn).result == Outcome::Pass);
    CHECK(reply_of(c, kHelo) ==
          "450 4.7.1 <mail.good.test.>: Helo command rejected: Host not found");
    CHECK(has_warning(c, "helo_trailing_dot"));
    // The A record of mail.good.test exists, yet no HELO query is needed.
    Fixture other("192.0.2.10", "mail.other.test.");
    CHECK_FALSE(asks(needed_queries(other.in, {}), "mail.other.test", RrType::A));
}

TEST_CASE("the root name is the one invalid name that is looked up") {
    Fixture f("192.0.2.10", ".");
    auto qs = needed_queries(f.in, f.dns);
    CHECK(asks(qs, ".", RrType::A));
    CHECK(asks(qs, ".", RrType::MX));
    f.helo_answers(".", DnsAnswer::no_data(), DnsAnswer::no_data(), DnsAnswer::no_data());
    Check c = f.run();
    CHECK(reply_of(c, kInvalid) == "501 5.5.2 <.>: Helo command rejected: Invalid name");
}

TEST_CASE("HELO lookups: A, AAAA and MX in order, any success passes") {
    Fixture f("192.0.2.10", "h.good.test");
    SUBCASE("NXDOMAIN on A does not stop AAAA") {
        f.helo_answers("h.good.test", DnsAnswer::nxdomain(), DnsAnswer::of({"2001:db8::5"}),
                       DnsAnswer::nxdomain());
        CHECK(get(f.run(), kHelo).result == Outcome::Pass);
    }
    SUBCASE("a success beats a temporary failure") {
        f.helo_answers("h.good.test", DnsAnswer::temp_fail(), DnsAnswer::nxdomain(),
                       DnsAnswer::of({"mail.good.test"}));
        CHECK(get(f.run(), kHelo).result == Outcome::Pass);
    }
}

TEST_CASE("HELO lookups: temporary beats malformed beats failed beats not found") {
    Fixture f("192.0.2.10", "h.good.test");
    SUBCASE("one temporary failure makes the whole check temporary") {
        f.helo_answers("h.good.test", DnsAnswer::nxdomain(), DnsAnswer::temp_fail(),
                       DnsAnswer{DnsOutcome::Malformed, {}});
        CHECK(get(f.run(), kHelo).result == Outcome::Defer);
    }
    SUBCASE("a malformed reply, with no temporary failure, names itself") {
        f.helo_answers("h.good.test", DnsAnswer{DnsOutcome::Malformed, {}},
                       DnsAnswer{DnsOutcome::Fail, {}}, DnsAnswer::nxdomain());
        CHECK(reply_of(f.run(), kHelo) ==
              "450 4.7.1 <h.good.test>: Helo command rejected: Malformed DNS server reply");
    }
    SUBCASE("FORMERR is permanent: Host not found") {
        f.helo_answers("h.good.test", DnsAnswer{DnsOutcome::Fail, {}}, DnsAnswer::nxdomain(),
                       DnsAnswer::nxdomain());
        Check c = f.run();
        CHECK(get(c, kHelo).result == Outcome::Reject);
        CHECK(reply_of(c, kHelo) == "450 4.7.1 <h.good.test>: Helo command rejected: Host not found");
    }
    SUBCASE("an answer never received counts as temporary") {
        f.dns.set("h.good.test", RrType::A, DnsAnswer::nxdomain());
        CHECK(get(f.run(), kHelo).result == Outcome::Defer);
    }
}

TEST_CASE("a null MX counts as existing for a HELO name, unless a lookup was temporary") {
    Fixture f("192.0.2.10", "nullmx.good.test");
    f.helo_answers("nullmx.good.test", DnsAnswer::nxdomain(), DnsAnswer::no_data(),
                   DnsAnswer::of({"."}));
    CHECK(get(f.run(), kHelo).result == Outcome::Pass);
    f.helo_answers("nullmx.good.test", DnsAnswer::temp_fail(), DnsAnswer::no_data(),
                   DnsAnswer::of({""}));
    CHECK(get(f.run(), kHelo).result == Outcome::Defer);
}

TEST_CASE("no PTR: both client restrictions reject, the reverse one answers (T12, T15)") {
    Fixture f("192.0.2.11");
    f.dns.set("11.2.0.192.in-addr.arpa", RrType::PTR, DnsAnswer::nxdomain());
    Check c = f.run();
    CHECK(reply_of(c, kReverse) ==
          "450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.11]");
    CHECK(reply_of(c, kClient) ==
          "450 4.7.25 Client host rejected: cannot find your hostname, [192.0.2.11]");
    CHECK(get(c, kReverse).result == Outcome::Reject);
    CHECK(c.decided_by == kReverse);
    CHECK(c.reverse_name_status == PeerStatus::Perm);
    CHECK(advice_mentions(c, "11.2.0.192.in-addr.arpa. PTR mail.good.test."));
}

TEST_CASE("NODATA on the PTR is permanent too") {
    Fixture f("192.0.2.11");
    f.dns.set("11.2.0.192.in-addr.arpa", RrType::PTR, DnsAnswer::no_data());
    CHECK(get(f.run(), kReverse).result == Outcome::Reject);
}

TEST_CASE("a PTR that does not point back passes the reverse check only (T13, T16)") {
    Fixture f("192.0.2.12");
    f.dns.set("12.2.0.192.in-addr.arpa", RrType::PTR, DnsAnswer::of({"mismatch.good.test"}));
    f.dns.set("mismatch.good.test", RrType::A, DnsAnswer::of({"192.0.2.99"}));
    Check c = f.run();
    CHECK(get(c, kReverse).result == Outcome::Pass);
    CHECK(reply_of(c, kClient) ==
          "450 4.7.25 Client host rejected: cannot find your hostname, [192.0.2.12]");
    CHECK(c.name_status == PeerStatus::Forged);
    CHECK_FALSE(c.fcrdns);
    CHECK(advice_mentions(c, "mismatch.good.test. A 192.0.2.12"));
}

TEST_CASE("a PTR name that does not exist fails FCrDNS (T17)") {
    Fixture f("192.0.2.13");
    f.dns.set("13.2.0.192.in-addr.arpa", RrType::PTR, DnsAnswer::of({"dangling.good.test"}));
    f.dns.set("dangling.good.test", RrType::A, DnsAnswer::nxdomain());
    CHECK(get(f.run(), kClient).result == Outcome::Reject);
}

TEST_CASE("temporary client lookups always answer 450, whatever the code (T14, T18, T19, T24)") {
    Policy p;
    p.unknown_client_reject_code = 550;
    SUBCASE("PTR temporary") {
        Fixture f("192.0.2.14");
        f.dns.set("14.2.0.192.in-addr.arpa", RrType::PTR, DnsAnswer::temp_fail());
        Check c = f.run(p);
        CHECK(get(c, kReverse).result == Outcome::Defer);
        CHECK(reply_of(c, kReverse) ==
              "450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.14]");
        CHECK(reply_of(c, kClient) ==
              "450 4.7.25 Client host rejected: cannot find your hostname, [192.0.2.14]");
        CHECK(c.verdict == Verdict::Defer);
    }
    SUBCASE("forward lookup temporary") {
        Fixture f("192.0.2.15");
        f.dns.set("15.2.0.192.in-addr.arpa", RrType::PTR,
                  DnsAnswer::of({"host.tempfail.example"}));
        f.dns.set("host.tempfail.example", RrType::A, DnsAnswer::temp_fail());
        Check c = f.run(p);
        CHECK(get(c, kReverse).result == Outcome::Pass);
        CHECK(get(c, kClient).result == Outcome::Defer);
        CHECK(reply_of(c, kClient) ==
              "450 4.7.25 Client host rejected: cannot find your hostname, [192.0.2.15]");
    }
}

TEST_CASE("unknown_client_reject_code=550 gives 5.7.25 and 5.7.1 (T23)") {
    Policy p;
    p.unknown_client_reject_code = 550;
    Fixture f("192.0.2.11");
    f.dns.set("11.2.0.192.in-addr.arpa", RrType::PTR, DnsAnswer::nxdomain());
    Check c = f.run(p);
    CHECK(reply_of(c, kClient) ==
          "550 5.7.25 Client host rejected: cannot find your hostname, [192.0.2.11]");
    CHECK(reply_of(c, kReverse) ==
          "550 5.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.11]");
}

TEST_CASE("a numeric PTR name counts as no name and is not looked up (T20)") {
    Fixture f("192.0.2.16");
    f.dns.set("16.2.0.192.in-addr.arpa", RrType::PTR, DnsAnswer::of({"192.0.2.16"}));
    Check c = f.run();
    CHECK(get(c, kReverse).result == Outcome::Reject);
    CHECK(get(c, kClient).result == Outcome::Reject);
    CHECK_FALSE(asks(needed_queries(f.in, f.dns), "192.0.2.16", RrType::A));
}

TEST_CASE("an invalid PTR name counts as no name") {
    Fixture f("192.0.2.17");
    f.dns.set("17.2.0.192.in-addr.arpa", RrType::PTR, DnsAnswer::of({"bad_host!.test"}));
    CHECK(get(f.run(), kReverse).result == Outcome::Reject);
}

TEST_CASE("only the first PTR name counts (T21, T22)") {
    Fixture f("192.0.2.18");
    f.dns.set("mail18.good.test", RrType::A, DnsAnswer::of({"192.0.2.18"}));
    f.dns.set("mismatch.good.test", RrType::A, DnsAnswer::of({"192.0.2.12"}));
    SUBCASE("confirming name first") {
        f.dns.set("18.2.0.192.in-addr.arpa", RrType::PTR,
                  DnsAnswer::of({"mail18.good.test", "mismatch.good.test"}));
        Check c = f.run();
        CHECK(get(c, kClient).result == Outcome::Pass);
        CHECK(has_warning(c, "several_ptr"));
        CHECK(c.ptr.size() == 2);
    }
    SUBCASE("non-confirming name first") {
        f.dns.set("18.2.0.192.in-addr.arpa", RrType::PTR,
                  DnsAnswer::of({"mismatch.good.test", "mail18.good.test"}));
        Check c = f.run();
        CHECK(reply_of(c, kClient) ==
              "450 4.7.25 Client host rejected: cannot find your hostname, [192.0.2.18]");
        CHECK(has_warning(c, "several_ptr"));
        CHECK(advice_mentions(c, "single PTR record"));
        // The forward lookup is asked for the first name only.
        Lookups only_ptr;
        only_ptr.set("18.2.0.192.in-addr.arpa", RrType::PTR,
                     DnsAnswer::of({"mismatch.good.test", "mail18.good.test"}));
        auto qs = needed_queries(f.in, only_ptr);
        CHECK(asks(qs, "mismatch.good.test", RrType::A));
        CHECK_FALSE(asks(qs, "mail18.good.test", RrType::A));
    }
}

TEST_CASE("an IPv6 client is confirmed by AAAA only (T26, T27)") {
    Fixture f("2001:db8::11");
    const std::string rev = IpAddress::parse("2001:db8::11")->ptr_name();
    f.dns.set(rev, RrType::PTR, DnsAnswer::of({"mail.good.test"}));
    SUBCASE("the PTR name has only an A record") {
        Check c = f.run();
        CHECK(reply_of(c, kClient) ==
              "450 4.7.25 Client host rejected: cannot find your hostname, [2001:db8::11]");
        auto qs = needed_queries(f.in, f.dns);
        CHECK(qs.empty()); // AAAA of mail.good.test is already known
    }
    SUBCASE("the PTR name has the AAAA record") {
        f.dns.set("mail.good.test", RrType::AAAA, DnsAnswer::of({"2001:DB8:0::11"}));
        Check c = f.run();
        CHECK(c.fcrdns);
        CHECK(c.verdict == Verdict::Accept);
    }
    SUBCASE("the forward lookup asked is AAAA") {
        Lookups only_ptr;
        only_ptr.set(rev, RrType::PTR, DnsAnswer::of({"v6.good.test"}));
        auto qs = needed_queries(f.in, only_ptr);
        CHECK(asks(qs, "v6.good.test", RrType::AAAA));
        CHECK_FALSE(asks(qs, "v6.good.test", RrType::A));
    }
}

TEST_CASE("an IPv4-mapped client is checked as IPv4") {
    Fixture f("::ffff:192.0.2.11");
    f.dns.set("11.2.0.192.in-addr.arpa", RrType::PTR, DnsAnswer::nxdomain());
    Check c = f.run();
    CHECK(c.client.to_string() == "192.0.2.11");
    CHECK(reply_of(c, kReverse) ==
          "450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.11]");
}

TEST_CASE("the PTR name's trailing dot is not part of the name") {
    Fixture f;
    f.dns.set("10.2.0.192.in-addr.arpa", RrType::PTR, DnsAnswer::of({"mail.good.test."}));
    Check c = f.run();
    CHECK(c.fcrdns);
    CHECK(c.ptr == std::vector<std::string>{"mail.good.test"});
}

TEST_CASE("an unknown sender domain is rejected with 4.1.8 (T28, T29)") {
    Fixture f;
    f.in.sender = "a@nosuch.test";
    f.dns.set("nosuch.test", RrType::MX, DnsAnswer::nxdomain());
    f.dns.set("nosuch.test", RrType::A, DnsAnswer::nxdomain());
    f.dns.set("nosuch.test", RrType::AAAA, DnsAnswer::nxdomain());
    Check c = f.run();
    CHECK(reply_of(c, kSender) ==
          "450 4.1.8 <a@nosuch.test>: Sender address rejected: Domain not found");
    CHECK(c.verdict == Verdict::Reject);
    CHECK(advice_mentions(c, "publish an MX record for nosuch.test"));

    f.in.sender = "<a@mxonly.good.test>";
    f.dns.set("mxonly.good.test", RrType::MX, DnsAnswer::of({"mail.good.test"}));
    CHECK(get(f.run(), kSender).result == Outcome::Pass);
}

TEST_CASE("sender lookups ask MX first and stop at a null MX or a malformed reply") {
    Fixture f;
    f.in.sender = "a@null.test";
    auto qs = needed_queries(f.in, f.dns);
    auto mx = std::find(qs.begin(), qs.end(), Query::make("null.test", RrType::MX));
    auto a = std::find(qs.begin(), qs.end(), Query::make("null.test", RrType::A));
    REQUIRE(mx != qs.end());
    REQUIRE(a != qs.end());
    CHECK(mx < a);

    f.dns.set("null.test", RrType::A, DnsAnswer::of({"192.0.2.30"}));
    f.dns.set("null.test", RrType::AAAA, DnsAnswer::no_data());
    f.dns.set("null.test", RrType::MX, DnsAnswer::of({"."}));
    CHECK(reply_of(f.run(), kSender) ==
          "550 5.7.27 <a@null.test>: Sender address rejected: Domain null.test does not "
          "accept mail (nullMX)");
    f.dns.set("null.test", RrType::MX, DnsAnswer{DnsOutcome::Malformed, {}});
    CHECK(reply_of(f.run(), kSender) ==
          "450 4.1.8 <a@null.test>: Sender address rejected: Malformed DNS server reply");
}

TEST_CASE("sender checks skip the null sender, local names and address literals") {
    Fixture f;
    for (const char* s : {"", "<>", "postmaster", "a@[192.0.2.1]"}) {
        CAPTURE(s);
        f.in.sender = s;
        CHECK(get(f.run(), kSender).result == Outcome::Pass);
        CHECK(needed_queries(f.in, f.dns).empty());
    }
}

TEST_CASE("a temporary sender-domain failure defers with 450 4.1.8") {
    Policy p;
    p.unknown_address_reject_code = 550;
    Fixture f;
    f.in.sender = "a@tempfail.example";
    f.dns.set("tempfail.example", RrType::MX, DnsAnswer::temp_fail());
    f.dns.set("tempfail.example", RrType::A, DnsAnswer::nxdomain());
    f.dns.set("tempfail.example", RrType::AAAA, DnsAnswer::nxdomain());
    Check c = f.run(p);
    CHECK(get(c, kSender).result == Outcome::Defer);
    CHECK(reply_of(c, kSender) ==
          "450 4.1.8 <a@tempfail.example>: Sender address rejected: Domain not found");
}

TEST_CASE("the first rejection wins: client before HELO before sender (T35, T36)") {
    Fixture f("192.0.2.11", "mailsrv02.foo.local");
    f.in.sender = "a@nosuch.test";
    f.helo_answers("mailsrv02.foo.local", DnsAnswer::nxdomain(), DnsAnswer::nxdomain(),
                   DnsAnswer::nxdomain());
    for (RrType t : {RrType::MX, RrType::A, RrType::AAAA}) {
        f.dns.set("nosuch.test", t, DnsAnswer::nxdomain());
    }
    f.dns.set("11.2.0.192.in-addr.arpa", RrType::PTR, DnsAnswer::nxdomain());
    Check c = f.run();
    CHECK(c.decided_by == kReverse);
    CHECK(c.reply ==
          "450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.11]");

    f.dns.set("11.2.0.192.in-addr.arpa", RrType::PTR, DnsAnswer::of({"mail11.good.test"}));
    f.dns.set("mail11.good.test", RrType::A, DnsAnswer::of({"192.0.2.11"}));
    c = f.run();
    CHECK(c.decided_by == kHelo);
    CHECK(c.reply == "450 4.7.1 <mailsrv02.foo.local>: Helo command rejected: Host not found");
}

TEST_CASE("defer_if_permit lets a later rejection win; defer answers at once (T34)") {
    Fixture f("192.0.2.10", "mail.tempfail.example");
    f.helo_answers("mail.tempfail.example", DnsAnswer::temp_fail(), DnsAnswer::nxdomain(),
                   DnsAnswer::nxdomain());
    f.in.sender = "a@nosuch.test";
    for (RrType t : {RrType::MX, RrType::A, RrType::AAAA}) {
        f.dns.set("nosuch.test", t, DnsAnswer::nxdomain());
    }
    Check c = f.run();
    CHECK(c.verdict == Verdict::Reject);
    CHECK(c.decided_by == kSender);

    Policy p;
    p.unknown_helo_hostname_tempfail_action = TempfailAction::Defer;
    c = f.run(p);
    CHECK(c.verdict == Verdict::Defer);
    CHECK(c.decided_by == kHelo);
    CHECK(c.reply ==
          "450 4.7.1 <mail.tempfail.example>: Helo command rejected: Host not found");
}

TEST_CASE("without HELO the HELO restrictions are skipped, unless HELO is required (T10)") {
    Fixture f("192.0.2.10", nullptr);
    Check c = f.run();
    CHECK(c.verdict == Verdict::Accept);
    CHECK(get(c, kHelo).result == Outcome::Pass);

    Policy p;
    p.smtpd_helo_required = true;
    c = f.run(p);
    CHECK(c.verdict == Verdict::Reject);
    CHECK(c.reply == "503 5.5.1 Error: send HELO/EHLO first");
    CHECK(c.decided_by == Restriction::HeloRequired);
}

TEST_CASE("asks for lookups in rounds: PTR, HELO and sender first, then the PTR name") {
    CheckInput in;
    in.client = *IpAddress::parse("203.0.113.2");
    in.helo = "mailsrv02.foo.local";
    in.sender = "office@foo.com";
    Lookups have;
    auto round1 = needed_queries(in, have);
    CHECK(round1.size() == 7);
    CHECK(asks(round1, "2.113.0.203.in-addr.arpa", RrType::PTR));
    CHECK(asks(round1, "mailsrv02.foo.local", RrType::AAAA));
    CHECK(asks(round1, "foo.com", RrType::MX));
    for (const Query& q : round1) {
        have.set(q, DnsAnswer::nxdomain());
    }
    have.set("2.113.0.203.in-addr.arpa", RrType::PTR, DnsAnswer::of({"Mail.Example.ORG"}));
    auto round2 = needed_queries(in, have);
    REQUIRE(round2.size() == 1);
    CHECK(round2[0] == Query::make("mail.example.org", RrType::A));
    have.set(round2[0], DnsAnswer::of({"203.0.113.2"}));
    CHECK(needed_queries(in, have).empty());

    Check c = evaluate(in, have);
    CHECK(c.fcrdns);
    CHECK(c.reply == "450 4.7.1 <mailsrv02.foo.local>: Helo command rejected: Host not found");
}

TEST_CASE("warns about what Postfix ignores and says how to fix the HELO") {
    Fixture f("192.0.2.10", "mailsrv02.foo.local");
    f.helo_answers("mailsrv02.foo.local", DnsAnswer::nxdomain(), DnsAnswer::nxdomain(),
                   DnsAnswer::nxdomain());
    Check c = f.run();
    CHECK(has_warning(c, "helo_differs_from_ptr"));
    CHECK(has_warning(c, "private_helo"));
    CHECK(advice_mentions(c, "postconf -e 'smtp_helo_name = mail.good.test'"));
    CHECK(advice_mentions(c, "postfix reload"));
    CHECK(advice_mentions(c, "-Fqdn mail.good.test"));
    CHECK(advice_mentions(c, "'mailsrv02.foo.local OK' to /etc/postfix/helo_access"));
    CHECK(advice_mentions(c, "check_helo_access hash:/etc/postfix/helo_access"));
    CHECK(advice_mentions(c, "postmap hash:/etc/postfix/helo_access"));
}

TEST_CASE("a HELO that resolves but differs from the PTR name is only a warning") {
    Fixture f("192.0.2.10", "other.good.test");
    f.helo_answers("other.good.test", DnsAnswer::of({"192.0.2.77"}), DnsAnswer::no_data(),
                   DnsAnswer::no_data());
    Check c = f.run();
    CHECK(c.verdict == Verdict::Accept);
    CHECK(has_warning(c, "helo_differs_from_ptr"));
    CHECK_FALSE(has_warning(c, "private_helo"));
}

TEST_CASE("flags each kind of private HELO name") {
    for (const char* helo : {"nas.lan", "vm.localdomain", "box.home.arpa", "pc.local", "NAS"}) {
        CAPTURE(helo);
        Fixture f("192.0.2.10", helo);
        CHECK(has_warning(f.run(), "private_helo"));
    }
}

TEST_CASE("to_json has the keys of the issue") {
    Fixture f("192.0.2.10", "mailsrv02.foo.local");
    f.helo_answers("mailsrv02.foo.local", DnsAnswer::nxdomain(), DnsAnswer::nxdomain(),
                   DnsAnswer::nxdomain());
    auto j = f.run().to_json();
    CHECK(j["ip"] == "192.0.2.10");
    CHECK(j["helo"] == "mailsrv02.foo.local");
    CHECK(j["ptr"] == nlohmann::json::array({"mail.good.test"}));
    CHECK(j["forward"] == nlohmann::json::array({"192.0.2.10"}));
    CHECK(j["fcrdns"] == true);
    CHECK(j["smtp"].is_null());
    CHECK(j["verdict"] == "reject");
    CHECK(j["advice"].is_array());
    REQUIRE(j["restrictions"].size() == 6);
    auto helo = j["restrictions"][4];
    CHECK(helo["name"] == "reject_unknown_helo_hostname");
    CHECK(helo["result"] == "reject");
    CHECK(helo["reply"] ==
          "450 4.7.1 <mailsrv02.foo.local>: Helo command rejected: Host not found");
    CHECK(j["restrictions"][0]["reply"].is_null());
    CHECK(j["restrictions"][0]["result"] == "pass");
}

TEST_CASE("maps DNS rcodes to the outcomes Postfix distinguishes") {
    CHECK(outcome_for_rcode(0, true) == DnsOutcome::Records);
    CHECK(outcome_for_rcode(0, false) == DnsOutcome::NoData);
    CHECK(outcome_for_rcode(3, false) == DnsOutcome::NxDomain);
    CHECK(outcome_for_rcode(2, false) == DnsOutcome::TempFail);
    CHECK(outcome_for_rcode(5, false) == DnsOutcome::TempFail); // REFUSED
    CHECK(outcome_for_rcode(4, false) == DnsOutcome::TempFail); // NOTIMP
    CHECK(outcome_for_rcode(1, false) == DnsOutcome::Fail);     // FORMERR
}

}

TEST_SUITE("mailcheck.verdict") {

TEST_CASE("issue 8 fuzz finding: a non-UTF-8 sender or DNS name still dumps as JSON") {
    Fixture f;
    f.in.sender = "a@x\xff.test";
    f.dns.set("10.2.0.192.in-addr.arpa", RrType::PTR, DnsAnswer::of({"m\xfe.test"}));
    std::string out;
    CHECK_NOTHROW(out = f.run().to_json().dump());
    CHECK(out.find("a@x?.test") != std::string::npos);
}

}
