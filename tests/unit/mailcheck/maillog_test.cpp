#include "agent/core/mailcheck/maillog.h"
#include "agent/core/mailcheck/reject_groups.h"
#include "agent/core/mailcheck/text.h"

#include <string>

#include <doctest/doctest.h>

using namespace lw::mailcheck;

namespace {

const std::string kPrefix = "Dec  3 12:33:21 mx1 postfix/smtpd[4242]: ";

// The issue's example line, verbatim after the syslog prefix.
const std::string kIssueLine =
    "NOQUEUE: reject: RCPT from mail.example.org[203.0.113.2]: 450 4.7.1 "
    "<mailsrv02.foo.local>: Helo command rejected: Host not found; from=<office@foo.com> "
    "to=<info@springfield.com> proto=ESMTP helo=<mailsrv02.foo.local>";

RejectLine must_parse(const std::string& line) {
    ParsedLine p = parse_maillog_line(line);
    CAPTURE(line);
    CAPTURE(p.why);
    REQUIRE(p.kind == LineKind::Reject);
    return *p.reject;
}

} // namespace

TEST_SUITE("mailcheck.maillog") {

TEST_CASE("reads the issue's line field by field") {
    RejectLine r = must_parse(kPrefix + kIssueLine);
    CHECK(r.time.text == "Dec  3 12:33:21");
    CHECK(r.time.month == 12);
    CHECK(r.time.day == 3);
    CHECK(r.time.hour == 12);
    CHECK(r.time.second == 21);
    CHECK(r.host == "mx1");
    CHECK(r.program == "postfix/smtpd");
    CHECK_FALSE(r.postscreen);
    CHECK(r.pid == 4242);
    CHECK(r.queue_id == "NOQUEUE");
    CHECK(r.action == LogAction::Reject);
    CHECK(r.stage == "RCPT");
    CHECK(r.client_name == "mail.example.org");
    CHECK(r.client_addr == "203.0.113.2");
    CHECK_FALSE(r.client_port);
    CHECK(r.code == 450);
    CHECK(r.enhanced == "4.7.1");
    CHECK(r.text == "<mailsrv02.foo.local>: Helo command rejected: Host not found");
    CHECK(r.reason == RejectReason::HeloHostNotFound);
    CHECK(r.from == "office@foo.com");
    CHECK(r.to == "info@springfield.com");
    CHECK(r.proto == "ESMTP");
    CHECK(r.helo == "mailsrv02.foo.local");
    CHECK(r.reply() ==
          "450 4.7.1 <mailsrv02.foo.local>: Helo command rejected: Host not found");
}

TEST_CASE("reads every line the oracle produced (reference §1.10)") {
    struct Row {
        const char* line;
        RejectReason reason;
        const char* stage;
        const char* helo;
    };
    const Row rows[] = {
        {"NOQUEUE: reject: RCPT from mail.example.org[203.0.113.2]: 450 4.7.1 <mailsrv02.foo.local>: Helo command rejected: Host not found; from=<a@foo.com> to=<b@example.com> proto=ESMTP helo=<mailsrv02.foo.local>",
         RejectReason::HeloHostNotFound, "RCPT", "mailsrv02.foo.local"},
        {"NOQUEUE: reject: RCPT from mail.good.test[192.0.2.10]: 504 5.5.2 <mailsrv02>: Helo command rejected: need fully-qualified hostname; from=<a@mail.good.test> to=<b@example.test> proto=ESMTP helo=<mailsrv02>",
         RejectReason::HeloNotFqdn, "RCPT", "mailsrv02"},
        {"NOQUEUE: reject: RCPT from mail.good.test[192.0.2.10]: 501 5.5.2 <bad!name.good.test>: Helo command rejected: Invalid name; from=<a@mail.good.test> to=<b@example.test> proto=ESMTP helo=<bad!name.good.test>",
         RejectReason::HeloInvalid, "RCPT", "bad!name.good.test"},
        {"NOQUEUE: reject: RCPT from unknown[192.0.2.11]: 450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.11]; from=<a@mail.good.test> to=<b@example.test> proto=ESMTP helo=<mail.good.test>",
         RejectReason::ClientNoReverseHostname, "RCPT", "mail.good.test"},
        {"NOQUEUE: reject: RCPT from unknown[192.0.2.12]: 450 4.7.25 Client host rejected: cannot find your hostname, [192.0.2.12]; from=<a@mail.good.test> to=<b@example.test> proto=ESMTP helo=<mail.good.test>",
         RejectReason::ClientNoHostname, "RCPT", "mail.good.test"},
        {"NOQUEUE: reject: RCPT from mail.good.test[192.0.2.10]: 450 4.1.8 <a@nosuch.test>: Sender address rejected: Domain not found; from=<a@nosuch.test> to=<b@example.test> proto=ESMTP helo=<mail.good.test>",
         RejectReason::SenderDomainNotFound, "RCPT", "mail.good.test"},
        {"NOQUEUE: reject: EHLO from mail.good.test[192.0.2.10]: 550 5.7.1 <mailsrv02.foo.local>: Helo command rejected: Host not found; proto=SMTP helo=<mailsrv02.foo.local>",
         RejectReason::HeloHostNotFound, "EHLO", "mailsrv02.foo.local"},
        {"NOQUEUE: reject: RCPT from mail.good.test[192.0.2.10]: 501 5.5.2 <mail.good.test?extra>: Helo command rejected: Invalid name; from=<a@mail.good.test> to=<b@example.test> proto=SMTP helo=<mail.good.test?extra>",
         RejectReason::HeloInvalid, "RCPT", "mail.good.test?extra"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.line);
        RejectLine r = must_parse(kPrefix + row.line);
        CHECK(r.reason == row.reason);
        CHECK(r.stage == row.stage);
        CHECK(r.helo == row.helo);
        CHECK(r.text.find(';') == std::string::npos);
    }
    RejectLine ehlo = must_parse(kPrefix + rows[6].line);
    CHECK_FALSE(ehlo.from);
    CHECK_FALSE(ehlo.to);
    CHECK(ehlo.proto == "SMTP");
    CHECK(ehlo.code == 550);
}

TEST_CASE("reads the postscreen form: no name, a port, comma-separated fields") {
    RejectLine r = must_parse(
        "Dec 03 12:33:21 mx1 postfix/postscreen[77]: NOQUEUE: reject: RCPT from "
        "[192.0.2.50]:51234: 550 5.7.1 Service unavailable; client [192.0.2.50] blocked "
        "using zen.spamhaus.org; from=<a@spam.test>, to=<b@example.test>, proto=ESMTP, "
        "helo=<spam.test>");
    CHECK(r.postscreen);
    CHECK(r.client_name.empty());
    CHECK(r.client_addr == "192.0.2.50");
    CHECK(r.client_port == 51234);
    CHECK(r.time.day == 3);
    CHECK(r.reason == RejectReason::Rbl);
    CHECK(r.text == "Service unavailable; client [192.0.2.50] blocked using zen.spamhaus.org");
    CHECK(r.from == "a@spam.test");
    CHECK(r.to == "b@example.test");
    CHECK(r.helo == "spam.test");

    RejectLine v6 = must_parse("Dec 03 12:33:21 mx1 postfix/postscreen[77]: NOQUEUE: reject: "
                               "CONNECT from [2001:db8::5]:40000: too many connections");
    CHECK(v6.client_addr == "2001:db8::5");
    CHECK(v6.client_port == 40000);
    CHECK_FALSE(v6.code);
    CHECK(v6.text == "too many connections");
    CHECK(v6.reason == RejectReason::Postscreen);
}

TEST_CASE("reads reject_warning, milter-reject and every stage") {
    RejectLine w = must_parse(
        kPrefix + "NOQUEUE: reject_warning: RCPT from unknown[192.0.2.11]: 450 4.7.1 Client "
                  "host rejected: cannot find your reverse hostname, [192.0.2.11]; "
                  "from=<a@b.test> to=<c@d.test> proto=ESMTP helo=<x.test>");
    CHECK(w.action == LogAction::RejectWarning);

    RejectLine m = must_parse(
        "2024-08-26T01:33:38.572449+02:00 mx1 postfix/cleanup[9]: x " // not smtpd: ignored part
        "postfix/smtpd[12]: 4Wt1Xy2Zz3: milter-reject: END-OF-MESSAGE from "
        "mail.b.test[192.0.2.20]: 5.7.1 Spam message rejected; from=<a@b.test> "
        "to=<c@d.test> proto=ESMTP helo=<mail.b.test>");
    CHECK(m.action == LogAction::MilterReject);
    CHECK(m.stage == "END-OF-MESSAGE");
    CHECK(m.queue_id == "4Wt1Xy2Zz3");
    CHECK_FALSE(m.code);
    CHECK(m.enhanced == "5.7.1");
    CHECK(m.text == "Spam message rejected");
    CHECK(m.reason == RejectReason::Milter);

    for (const char* stage : {"CONNECT", "HELO", "MAIL", "DATA", "DATA content", "BDAT content"}) {
        CAPTURE(stage);
        RejectLine r = must_parse(kPrefix + "NOQUEUE: reject: " + stage +
                                  " from a.test[192.0.2.1]: 554 5.7.1 Access denied; proto=SMTP");
        CHECK(r.stage == stage);
        CHECK(r.proto == "SMTP");
    }
}

TEST_CASE("reads RFC 3339 and zero-padded timestamps and other syslog names") {
    RejectLine r = must_parse("2024-08-26T01:33:38.572449+02:00 mx1 postfix/submission/smtpd[5]: " +
                              kIssueLine);
    CHECK(r.program == "postfix/submission/smtpd");
    CHECK(r.time.year == 2024);
    CHECK(r.time.utc_offset_minutes == 120);
    CHECK(r.time.epoch() == 1724628818); // 2024-08-25T23:33:38Z
    CHECK_FALSE(must_parse(kPrefix + kIssueLine).time.epoch()); // no year in syslog lines

    RejectLine z = must_parse("2024-01-01T00:00:00Z mx1 postfix-out/smtpd[5]: " + kIssueLine);
    CHECK(z.time.epoch() == 1704067200);
    CHECK(z.program == "postfix-out/smtpd");
}

TEST_CASE("finds the fields from the right when the text holds '; '") {
    RejectLine r = must_parse(
        kPrefix + "NOQUEUE: reject: RCPT from unknown[192.0.2.50]: 554 5.7.1 Service "
                  "unavailable; Client host [192.0.2.50] blocked using zen.spamhaus.org; "
                  "https://www.spamhaus.org/query/ip/192.0.2.50; from=<a;b@spam.test> "
                  "to=<c@d.test> proto=ESMTP helo=<x>");
    CHECK(r.text == "Service unavailable; Client host [192.0.2.50] blocked using "
                    "zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.50");
    CHECK(r.from == "a;b@spam.test");
    CHECK(r.reason == RejectReason::Rbl);
}

TEST_CASE("classes other Postfix lines as other") {
    for (const char* line : {
             "Dec  3 12:33:21 mx1 postfix/smtpd[4242]: connect from mail.good.test[192.0.2.10]",
             "Dec  3 12:33:21 mx1 postfix/smtpd[4242]: disconnect from mail.good.test[192.0.2.10] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4",
             "Dec  3 12:33:21 mx1 postfix/smtpd[4242]: warning: hostname mismatch.good.test does not resolve to address 192.0.2.12",
             "Dec  3 12:33:21 mx1 postfix/cleanup[1]: NOQUEUE: reject: RCPT from a[192.0.2.1]: 554 x",
             "Dec  3 12:33:21 mx1 postfix/smtpd[4242]: 4Wt1Xy2Zz3: client=mail.good.test[192.0.2.10]",
             "",
             "hello"}) {
        CAPTURE(line);
        CHECK(parse_maillog_line(line).kind == LineKind::Other);
    }
}

TEST_CASE("never crashes on hostile lines and counts them as unparsed") {
    SUBCASE("very long") {
        std::string line = kPrefix + kIssueLine + std::string(kMaxLineLength, 'x');
        ParsedLine p = parse_maillog_line(line);
        CHECK(p.kind == LineKind::Unparsed);
        CHECK(p.why == "too_long");
    }
    SUBCASE("binary") {
        std::string line = kPrefix + kIssueLine;
        line[60] = '\0';
        CHECK(parse_maillog_line(line).kind == LineKind::Unparsed);
        CHECK(parse_maillog_line(std::string("\x01\x02\xff", 3)).kind == LineKind::Unparsed);
    }
    SUBCASE("every truncation of a reject line") {
        std::string line = kPrefix + kIssueLine;
        std::size_t action_end = line.find("reject: ") + 8;
        std::size_t reply_start = line.find("]: 450") + 3;
        std::size_t text_start = line.find("<mailsrv02");
        for (std::size_t n = 0; n < line.size(); ++n) {
            CAPTURE(n);
            ParsedLine p = parse_maillog_line(line.substr(0, n));
            if (n >= action_end && n <= reply_start) {
                CHECK(p.kind == LineKind::Unparsed);
            } else if (n > text_start) {
                CHECK(p.kind == LineKind::Reject); // the reply text itself is cut
            } else if (n > reply_start) {
                CHECK(p.kind != LineKind::Other); // codes without text
            }
        }
    }
    SUBCASE("a reject line with a broken client part") {
        ParsedLine p = parse_maillog_line(kPrefix + "NOQUEUE: reject: RCPT from a b[1.2.3.4]: 450 x");
        CHECK(p.kind == LineKind::Unparsed);
        p = parse_maillog_line(kPrefix + "NOQUEUE: reject: RCPT from a[1.2.3.4]:99999: 450 x");
        CHECK(p.kind == LineKind::Unparsed);
    }
    SUBCASE("many candidate field starts") {
        std::string text;
        for (int i = 0; i < 500; ++i) {
            text += "; from=<x";
        }
        ParsedLine p = parse_maillog_line(kPrefix + "NOQUEUE: reject: RCPT from a[1.2.3.4]: 450 4.7.1 t" + text);
        CHECK(p.kind == LineKind::Reject);
    }
}

}

TEST_SUITE("mailcheck.reject_groups") {

TEST_CASE("groups by reason and HELO with counts and first and last time seen") {
    RejectGroups g;
    g.add_line("Dec  3 12:00:00 mx1 postfix/smtpd[1]: " + kIssueLine);
    g.add_line("Dec  3 13:00:00 mx1 postfix/smtpd[1]: " + kIssueLine);
    g.add_line("Dec  3 14:00:00 mx1 postfix/smtpd[1]: connect from a[192.0.2.1]");
    g.add_line(std::string("\x00garbage", 8));
    CHECK(g.lines() == 4);
    CHECK(g.rejects() == 2);
    CHECK(g.unparsed() == 1);
    auto groups = g.groups();
    REQUIRE(groups.size() == 1);
    CHECK(groups[0]->reason == RejectReason::HeloHostNotFound);
    CHECK(groups[0]->key == "mailsrv02.foo.local");
    CHECK(groups[0]->count == 2);
    CHECK(groups[0]->first_seen.text == "Dec  3 12:00:00");
    CHECK(groups[0]->last_seen.text == "Dec  3 13:00:00");
    CHECK(groups[0]->verified_client);
    CHECK(groups[0]->retried);
}

TEST_CASE("proposes a helo_access entry for a verified client, with postmap and reload") {
    RejectGroups g;
    g.add_line(kPrefix + kIssueLine);
    auto p = g.proposals();
    REQUIRE(p.size() == 1);
    CHECK(p[0].kind == ProposalKind::HeloAccess);
    CHECK(p[0].entry == "mailsrv02.foo.local OK");
    auto steps = g.proposal_steps();
    CHECK(std::find(steps.begin(), steps.end(), "postmap hash:/etc/postfix/helo_access") !=
          steps.end());
    CHECK(steps.back() == "postfix reload");
    auto j = g.to_json();
    CHECK(j["proposals"]["helo_access"][0]["entry"] == "mailsrv02.foo.local OK");
    CHECK(j["groups"][0]["reason"] == "helo_host_not_found");
    CHECK(j["groups"][0]["count"] == 1);
}

TEST_CASE("proposes nothing for a one-off from an unknown client, nor for RBL hits") {
    RejectGroups g;
    g.add_line(kPrefix + "NOQUEUE: reject: RCPT from unknown[192.0.2.66]: 450 4.7.1 <pc.lan>: "
                         "Helo command rejected: Host not found; from=<a@x.test> "
                         "to=<b@y.test> proto=ESMTP helo=<pc.lan>");
    for (int i = 0; i < 3; ++i) {
        g.add_line(kPrefix + "NOQUEUE: reject: RCPT from unknown[192.0.2.50]: 554 5.7.1 "
                             "Service unavailable; Client host [192.0.2.50] blocked using "
                             "zen.spamhaus.org; from=<a@x.test> to=<b@y.test> proto=ESMTP "
                             "helo=<x>");
    }
    CHECK(g.proposals().empty());
    CHECK(g.proposal_steps().empty());
    CHECK(g.groups().front()->reason == RejectReason::Rbl);
}

TEST_CASE("proposes a client CIDR entry for a client that retries after a 4xx") {
    RejectGroups g;
    const std::string line =
        kPrefix + "NOQUEUE: reject: RCPT from unknown[192.0.2.12]: 450 4.7.25 Client host "
                  "rejected: cannot find your hostname, [192.0.2.12]; from=<a@x.test> "
                  "to=<b@y.test> proto=ESMTP helo=<mail.x.test>";
    g.add_line(line);
    CHECK(g.proposals().empty());
    g.add_line(line);
    auto p = g.proposals();
    REQUIRE(p.size() == 1);
    CHECK(p[0].kind == ProposalKind::ClientAccess);
    CHECK(p[0].entry == "192.0.2.12/32 OK");
    auto steps = g.proposal_steps();
    CHECK(steps.back() == "postfix reload");
}

TEST_CASE("keeps the number of groups bounded") {
    GroupOptions o;
    o.max_groups = 2;
    RejectGroups g(o);
    for (int i = 1; i <= 5; ++i) {
        g.add_line(kPrefix + "NOQUEUE: reject: RCPT from unknown[192.0.2." + std::to_string(i) +
                   "]: 450 4.7.1 Client host rejected: cannot find your reverse hostname, "
                   "[192.0.2." + std::to_string(i) + "]; proto=ESMTP");
    }
    CHECK(g.groups().size() == 2);
    CHECK(g.dropped() == 3);
    CHECK(g.rejects() == 5);
}

}

TEST_SUITE("mailcheck.text") {

TEST_CASE("issue 8 fuzz finding: reports with non-UTF-8 bytes still dump as JSON") {
    RejectGroups g;
    g.add_line(kPrefix + "NOQUEUE: reject: RCPT from a[192.0.2.1]: 450 4.7.1 <h\xff.test>: Helo "
                         "command rejected: Host not found \xc3\xa9; from=<a@x> to=<b@y> "
                         "proto=ESMTP helo=<h\xff.test>");
    std::string out;
    CHECK_NOTHROW(out = g.to_json().dump());
    CHECK(out.find("h?.test") != std::string::npos);
    CHECK(out.find("found \xc3\xa9") != std::string::npos); // valid UTF-8 is kept
}

TEST_CASE("valid_utf8 replaces every malformed byte and keeps the rest") {
    CHECK(valid_utf8("plain") == "plain");
    CHECK(valid_utf8("caf\xc3\xa9") == "caf\xc3\xa9");
    CHECK(valid_utf8("\xc0\xaf") == "??");         // overlong
    CHECK(valid_utf8("\xed\xa0\x80") == "???");    // surrogate
    CHECK(valid_utf8("\xf4\x90\x80\x80") == "????"); // above U+10FFFF
    CHECK(valid_utf8("a\xe2\x82") == "a??");       // truncated
    CHECK(valid_utf8("\xf0\x9f\x98\x80") == "\xf0\x9f\x98\x80");
}

}
