#include "agent/core/nbns/message.h"

#include <algorithm>
#include <cstdio>
#include <doctest/doctest.h>
#include <vector>

#include "tests/support/test_util.h"
#include "tests/unit/nbns/vectors.h"

using lw::nbns::decode_message;
using lw::nbns::encode_message;
using lw::nbns::Message;
using lw::nbns::NameCompression;
using lw::nbns::NbAddress;
using lw::nbns::NbFlags;
using lw::nbns::NbRdata;
using lw::nbns::Opcode;
using lw::nbns::ResourceRecord;
using lw::nbns::RrType;
using lw::net::Ipv4;
using lw::netbios::Name;
using lw::test::hex;
using lw::wire::Errc;
using lw::wire::ParseError;
namespace v = lw::test::nbns;

namespace {

const Name kAlpha = *Name::make("ALPHA", 0x00);

ResourceRecord nb_record(const Name& name) {
    NbAddress entry{NbFlags{}, Ipv4::from_octets(192, 0, 2, 11)};
    return ResourceRecord{name, RrType::Nb, lw::nbns::kClassIn, 0, NbRdata{{entry}}};
}

// A registration-like request for ALPHA<00> whose additional record is
// named `record`, with the encoder's pointer form asked for.
Message claim_named(const Name& record) {
    Message msg;
    msg.flags = lw::nbns::Flags{0x2910};
    msg.questions.push_back({kAlpha, RrType::Nb, lw::nbns::kClassIn});
    msg.additionals.push_back(nb_record(record));
    msg.compression = NameCompression::AdditionalToQuestion;
    return msg;
}

// Field starts of a packet, in wire order, for the truncation sweep: a
// prefix that ends inside (or right at) a field must fail with Truncated
// at that field's first byte.
struct Layout {
    std::vector<std::size_t> starts{0, 2, 4, 6, 8, 10};
    std::size_t end = 12;

    void fields(std::initializer_list<std::size_t> sizes) {
        for (std::size_t size : sizes) {
            starts.push_back(end);
            end += size;
        }
    }
    // Length byte, the 32 letters (one read), terminator.
    Layout& name() {
        fields({1, 32, 1});
        return *this;
    }
    Layout& pointer() {
        fields({1, 1});
        return *this;
    }
    Layout& question() {
        name();
        fields({2, 2});
        return *this;
    }
    // RDATA is one read: its length is checked before anything in it.
    Layout& record(std::size_t rdlength, bool compressed = false) {
        compressed ? pointer() : name();
        fields({2, 2, 4, 2, rdlength});
        return *this;
    }
    std::size_t expected(std::size_t cut) const {
        std::size_t at = 0;
        for (std::size_t s : starts) {
            if (s <= cut) {
                at = s;
            }
        }
        return at;
    }
};

void check_truncation_sweep(const std::vector<std::uint8_t>& packet, const Layout& layout) {
    REQUIRE(layout.end == packet.size());
    REQUIRE(decode_message(packet).ok());
    for (std::size_t cut = 0; cut < packet.size(); ++cut) {
        CAPTURE(cut);
        auto msg = decode_message({packet.data(), cut});
        REQUIRE_FALSE(msg.ok());
        CHECK(msg.error() == ParseError{Errc::Truncated, layout.expected(cut)});
    }
}

void put16(std::vector<std::uint8_t>& p, std::size_t at, std::uint16_t v) {
    p[at] = static_cast<std::uint8_t>(v >> 8);
    p[at + 1] = static_cast<std::uint8_t>(v);
}

} // namespace

TEST_SUITE("nbns.message") {

    TEST_CASE("decodes a broadcast name query") {
        auto msg = decode_message(hex(v::kBroadcastQuery));
        REQUIRE(msg.ok());
        CHECK(msg->transaction_id == 0x1a2b);
        CHECK(msg->flags.word() == 0x0110);
        REQUIRE(msg->questions.size() == 1);
        CHECK(msg->questions[0].name == *Name::make("NAS01", 0x20));
        CHECK(msg->questions[0].type == RrType::Nb);
        CHECK(msg->questions[0].klass == 1);
        CHECK(msg->answers.empty());
        CHECK(msg->additionals.empty());
        CHECK(msg->trailing == 0);
    }

    TEST_CASE("decodes Samba's positive query response with its address") {
        auto msg = decode_message(hex(v::kPositiveResponse));
        REQUIRE(msg.ok());
        CHECK(msg->flags.word() == 0x8580);
        REQUIRE(msg->answers.size() == 1);
        const auto& rr = msg->answers[0];
        CHECK(rr.ttl == 259200);
        const NbRdata* nb = msg->first_nb_answer();
        REQUIRE(nb != nullptr);
        REQUIRE(nb->entries.size() == 1);
        CHECK(nb->entries[0].address == Ipv4::from_octets(192, 0, 2, 5));
        CHECK_FALSE(nb->entries[0].flags.group());
    }

    TEST_CASE("follows Samba's C0 0C pointer naming the additional record") {
        auto msg = decode_message(hex(v::kSambaRegistration));
        REQUIRE(msg.ok());
        CHECK(msg->flags.word() == 0x2910);
        CHECK(msg->flags.opcode() == Opcode::Registration);
        REQUIRE(msg->additionals.size() == 1);
        CHECK(msg->additionals[0].name == msg->questions[0].name);
        CHECK(msg->additionals[0].name.text() == "ALPHA");
        const auto& nb = std::get<NbRdata>(msg->additionals[0].rdata);
        REQUIRE(nb.entries.size() == 1);
        CHECK(nb.entries[0].address == Ipv4::from_octets(192, 0, 2, 11));
    }

    TEST_CASE("an NB record holding several addresses keeps them all in order") {
        auto msg = decode_message(
            hex("0001 8500 0000 0001 0000 0000 " LW_NAME_ALPHA_00
                "0020 0001 00000000 0012 8000 c0000201 8000 c0000202 e000 c0000203"));
        REQUIRE(msg.ok());
        const NbRdata* nb = msg->first_nb_answer();
        REQUIRE(nb != nullptr);
        REQUIRE(nb->entries.size() == 3);
        CHECK(nb->entries[2].address == Ipv4::from_octets(192, 0, 2, 3));
        CHECK(nb->entries[2].flags.word() == 0xe000);
        CHECK(nb->entries[0].flags.group());
    }

    TEST_CASE("bytes after the last record are ignored and counted") {
        auto padded = hex(std::string(v::kBroadcastQuery) + "00000000");
        auto msg = decode_message(padded);
        REQUIRE(msg.ok());
        CHECK(msg->trailing == 4);
        CHECK(lw::nbns::same_content(*msg, *decode_message(hex(v::kBroadcastQuery))));
    }

    TEST_CASE("NULL and unknown record types keep their RDATA as raw bytes") {
        auto msg = decode_message(
            hex("0001 8503 0000 0001 0000 0000 " LW_NAME_ALPHA_00 "000a 0001 00000000 0000 "));
        REQUIRE(msg.ok());
        CHECK(msg->answers[0].type == RrType::Null);
        CHECK(std::get<lw::nbns::RawRdata>(msg->answers[0].rdata).bytes.empty());

        auto odd = decode_message(hex("0001 8000 0000 0001 0000 0000 " LW_NAME_ALPHA_00
                                      "00ff 0001 00000000 0003 abcdef"));
        REQUIRE(odd.ok());
        CHECK(static_cast<unsigned>(odd->answers[0].type) == 0xff);
        CHECK(std::get<lw::nbns::RawRdata>(odd->answers[0].rdata).bytes ==
              std::vector<std::uint8_t>{0xab, 0xcd, 0xef});
    }

    TEST_CASE("a WACK's NB record carries the delayed request's flags") {
        auto msg = decode_message(
            hex("0042 bc00 0000 0001 0000 0000 " LW_NAME_ALPHA_00 "0020 0001 0000000a 0002 2910"));
        REQUIRE(msg.ok());
        CHECK(msg->answers[0].ttl == 10);
        CHECK(std::get<lw::nbns::WackRdata>(msg->answers[0].rdata).request_flags.word() == 0x2910);

        auto wrong = decode_message(hex("0042 bc00 0000 0001 0000 0000 " LW_NAME_ALPHA_00
                                        "0020 0001 0000000a 0006 0000 c0000201"));
        REQUIRE_FALSE(wrong.ok());
        CHECK(wrong.error() == ParseError{Errc::BadLength, 56});
    }

    TEST_CASE("every prefix of a valid packet fails with Truncated at the cut field") {
        SUBCASE("broadcast query") {
            check_truncation_sweep(hex(v::kBroadcastQuery), Layout{}.question());
        }
        SUBCASE("positive query response") {
            check_truncation_sweep(hex(v::kPositiveResponse), Layout{}.record(6));
        }
        SUBCASE("Samba registration with a pointer") {
            check_truncation_sweep(hex(v::kSambaRegistration), Layout{}.question().record(6, true));
        }
        SUBCASE("node status request") {
            check_truncation_sweep(hex(v::kNodeStatusRequest), Layout{}.question());
        }
        SUBCASE("node status response") {
            check_truncation_sweep(hex(v::kSambaNodeStatus), Layout{}.record(173));
        }
        SUBCASE("one question and three sections") {
            auto packet = hex("0001 0000 0001 0001 0001 0001 " LW_NAME_ALPHA_00 "0020 0001 "
                              "c00c 0020 0001 00000000 0006 0000 c0000201 "
                              "c00c 000a 0001 00000000 0000 "
                              "c00c 0020 0001 00000000 0000 ");
            check_truncation_sweep(
                packet, Layout{}.question().record(6, true).record(0, true).record(0, true));
        }
    }

    TEST_CASE("counts larger than the packet fail at the missing record") {
        auto packet = hex(v::kBroadcastQuery);
        SUBCASE("two questions, one present") {
            put16(packet, 4, 2);
            CHECK(decode_message(packet).error() == ParseError{Errc::Truncated, 50});
        }
        SUBCASE("65535 answers, none present") {
            put16(packet, 6, 0xffff);
            CHECK(decode_message(packet).error() == ParseError{Errc::Truncated, 50});
        }
        SUBCASE("every count at its maximum on a bare header") {
            auto header = hex("0000 0000 ffff ffff ffff ffff");
            CHECK(decode_message(header).error() == ParseError{Errc::Truncated, 12});
        }
        SUBCASE("additional records promised after the authority section") {
            put16(packet, 10, 3);
            CHECK(decode_message(packet).error() == ParseError{Errc::Truncated, 50});
        }
    }

    TEST_CASE("an RDLENGTH beyond the packet is Truncated at the RDATA") {
        auto packet = hex(v::kPositiveResponse);
        put16(packet, 54, 7);
        CHECK(decode_message(packet).error() == ParseError{Errc::Truncated, 56});
        put16(packet, 54, 0xffff);
        CHECK(decode_message(packet).error() == ParseError{Errc::Truncated, 56});
    }

    TEST_CASE("NB RDATA that is not a multiple of 6 bytes is BadLength at the RDATA") {
        for (std::uint16_t len : {1, 5, 7, 11}) {
            CAPTURE(len);
            auto packet = hex(v::kPositiveResponse);
            packet.resize(56);
            put16(packet, 54, len);
            packet.resize(56 + len, 0x00);
            CHECK(decode_message(packet).error() == ParseError{Errc::BadLength, 56});
        }
    }

    TEST_CASE("hostile names inside a message are refused") {
        SUBCASE("a record name pointing at itself") {
            auto packet = hex("0001 8400 0000 0001 0000 0000 c00c 0020 0001 00000000 0000");
            CHECK(decode_message(packet).error() == ParseError{Errc::BadPointer, 12});
        }
        SUBCASE("a pointer forward into the message") {
            auto packet = hex("0001 8400 0000 0001 0000 0000 c00e " LW_NAME_ALPHA_00
                              "0020 0001 00000000 0000");
            CHECK(decode_message(packet).error() == ParseError{Errc::BadPointer, 12});
        }
        SUBCASE("a chain of pointers longer than the hop limit") {
            // Question 1 has the full name at 12; every later question's name
            // points at the previous question's name, so question k needs
            // k-1 hops.
            std::string text = "0001 0000 000c 0000 0000 0000 " LW_NAME_ALPHA_00 "0020 0001 ";
            std::size_t prev = 12;
            std::size_t at = 50;
            for (int k = 2; k <= 12; ++k) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "c0%02zx 0020 0001 ", prev);
                text += buf;
                prev = at;
                at += 6;
            }
            auto msg = decode_message(hex(text));
            REQUIRE_FALSE(msg.ok());
            CHECK(msg.error().code == Errc::PointerLoop);
        }
        SUBCASE("a first label that is not 32 letters") {
            auto packet = hex("0001 0000 0001 0000 0000 0000 03 414243 00 0020 0001");
            CHECK(decode_message(packet).error() == ParseError{Errc::BadName, 12});
        }
    }

    TEST_CASE("a message with a scope decodes the scope on every name") {
        auto msg = decode_message(hex("0001 0110 0001 0000 0000 0000 "
                                      "20 4542454d4641454945424341434143414341434143414341"
                                      "434143414341414103 6c616e 00 0020 0001"));
        REQUIRE(msg.ok());
        CHECK(msg->questions[0].name.scope() == "lan");
    }

    TEST_CASE("the encoder names an additional record like the question by C0 0C") {
        auto bytes = encode_message(claim_named(kAlpha));
        REQUIRE(bytes.size() == 68);
        CHECK(lw::nbns::encoded_size(claim_named(kAlpha)) == 68);
        CHECK(bytes[50] == 0xc0);
        CHECK(bytes[51] == 0x0c);
        auto back = decode_message(bytes);
        REQUIRE(back.ok());
        CHECK(back->additionals[0].name == kAlpha);
    }

    TEST_CASE("a record name that is not exactly the question's is written in full") {
        Name lower = Name::from_raw(
            {'a', 'l', 'p', 'h', 'a', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', 0x00});
        const Name others[] = {*Name::make("BRAVO", 0x00), *Name::make("ALPHA", 0x20),
                               *Name::make("ALPHA", 0x00, "lan"), lower};
        for (const Name& other : others) {
            CAPTURE(other.printable());
            auto msg = claim_named(other);
            auto bytes = encode_message(msg);
            REQUIRE(bytes.size() == lw::nbns::encoded_size(msg));
            CHECK(bytes[50] == 0x20);
            auto back = decode_message(bytes);
            REQUIRE(back.ok());
            CHECK(back->additionals[0].name == other);
        }
    }

    TEST_CASE("answers and messages without a question never get a pointer") {
        Message answer;
        answer.flags = lw::nbns::Flags{0x8580};
        answer.answers.push_back(nb_record(kAlpha));
        answer.compression = NameCompression::AdditionalToQuestion;
        CHECK(encode_message(answer).size() == 12 + 34 + 10 + 6);

        Message no_question = claim_named(kAlpha);
        no_question.questions.clear();
        CHECK(encode_message(no_question).size() == 12 + 34 + 10 + 6);

        Message with_question = claim_named(kAlpha);
        with_question.answers.push_back(nb_record(kAlpha));
        CHECK(encode_message(with_question).size() == 68 + 34 + 10 + 6);
    }

    TEST_CASE("without being asked the encoder writes every name in full") {
        // The decoder does not record the pointer it followed, so Samba's
        // 68-byte registration re-encodes with the record name in full.
        auto samba = decode_message(hex(v::kSambaRegistration));
        REQUIRE(samba.ok());
        CHECK(samba->compression == NameCompression::None);
        auto full = encode_message(*samba);
        CHECK(full.size() == 100);
        samba->compression = NameCompression::AdditionalToQuestion;
        CHECK(encode_message(*samba) == hex(v::kSambaRegistration));
    }

    TEST_CASE("the compressed form needs 68 bytes of room, not 100") {
        std::vector<std::uint8_t> short_buf(67);
        lw::wire::Writer too_small(short_buf);
        CHECK_FALSE(encode_message(claim_named(kAlpha), too_small));
        std::vector<std::uint8_t> exact(68);
        lw::wire::Writer fits(exact);
        CHECK(encode_message(claim_named(kAlpha), fits));
        CHECK(fits.size() == 68);
    }
}
