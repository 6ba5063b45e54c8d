// Fuzzes the HELO name handling and the verdict engine with it: the
// stored name, the syntax checks, the queries asked, and a full
// evaluation against answers derived from the input.  The stored name
// never holds a byte Postfix neuters, and a reply always names it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "agent/core/mailcheck/hostname.h"
#include "agent/core/mailcheck/verdict.h"

using namespace lw::mailcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string arg(data, data + size);
    std::string stored = store_helo_name(arg);
    for (char c : stored) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x21 || u > 0x7e || std::string_view("<>()\\\";@").find(c) != std::string_view::npos) {
            std::abort();
        }
    }
    (void)valid_hostname(arg);
    (void)valid_hostaddr(arg);
    (void)valid_mailhost_addr(arg);
    (void)private_name_reason(arg);
    (void)IpAddress::parse(arg);

    CheckInput in;
    in.client = *IpAddress::parse(size % 2 ? "192.0.2.10" : "2001:db8::10");
    in.helo = arg;
    in.sender = "a@" + arg;
    Lookups dns;
    // Answer every query with an outcome chosen by the input, in rounds.
    std::size_t i = 0;
    for (int round = 0; round < 3; ++round) {
        for (const Query& q : needed_queries(in, dns)) {
            std::uint8_t b = size ? data[i++ % size] : 0;
            auto outcome = static_cast<DnsOutcome>(b % 6);
            DnsAnswer a{outcome, {}};
            if (outcome == DnsOutcome::Records) {
                a.records = {q.type == RrType::A      ? "192.0.2.10"
                             : q.type == RrType::AAAA ? "2001:db8::10"
                             : (b & 0x40)             ? "."
                                                      : arg};
            }
            dns.set(q, a);
        }
    }
    Check c = evaluate(in, dns);
    if (c.helo && c.helo != stored) {
        std::abort();
    }
    const RestrictionResult* r = c.result_of(Restriction::RejectInvalidHeloHostname);
    if (r && r->reply && r->reply->find("<" + stored + ">") == std::string::npos) {
        std::abort();
    }
    (void)c.to_json().dump();
    return 0;
}
