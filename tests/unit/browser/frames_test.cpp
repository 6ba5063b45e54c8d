#include "agent/core/browser/frames.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/support/test_util.h"

using namespace lw::browser;
using lw::wire::Errc;
using lw::wire::ParseError;

namespace {

std::size_t field_at(const std::vector<std::size_t>& starts, std::size_t length) {
    std::size_t at = 0;
    for (std::size_t s : starts) {
        if (s <= length) {
            at = s;
        }
    }
    return at;
}

HostAnnouncement samba_host() {
    HostAnnouncement a;
    a.update_count = 3;
    a.periodicity_ms = 240000;
    a.server_name = "BRAVO";
    a.os_major = 6;
    a.os_minor = 1;
    a.type = ServerType{0x00849a03};
    a.comment = "Samba 4.17.12-Debian";
    return a;
}

struct Row {
    const char* label;
    Frame frame;
    /// Where each field starts, for the truncation sweep.
    std::vector<std::size_t> fields;
};

std::vector<Row> every_frame() {
    const std::vector<std::size_t> announcement = {0, 1, 2, 6, 22, 23, 24, 28, 29, 30, 32};
    DomainAnnouncement domain;
    domain.periodicity_ms = 60000;
    domain.server_name = "LABGRP";
    domain.os_major = 1;
    domain.os_minor = 15;
    domain.type = ServerType{0x80001000};
    domain.comment = "BRAVO";
    LocalMasterAnnouncement lmb;
    static_cast<AnnouncementFields&>(lmb) = samba_host();

    RequestElection election;
    election.criteria = Criteria::make(20, Criteria::kRoleStandby);
    election.uptime_ms = 6000;
    election.server_name = "ALPHA";

    return {
        {"host announcement", samba_host(), announcement},
        {"announcement request", AnnouncementRequest{0, "BRAVO"}, {0, 1, 2}},
        {"request election", election, {0, 1, 2, 6, 10, 14}},
        {"get backup list request", GetBackupListRequest{4, 0x11223344}, {0, 1, 2}},
        {"get backup list response",
         GetBackupListResponse{0x11223344, {"BRAVO", "CHARLIE", ""}},
         {0, 1, 2, 6, 12, 20}},
        {"become backup", BecomeBackup{"CHARLIE"}, {0, 1}},
        {"domain announcement", domain, announcement},
        {"master announcement", MasterAnnouncement{"BRAVO"}, {0, 1}},
        {"reset state request", ResetStateRequest{ResetStateRequest::kStopMaster}, {0, 1}},
        {"local master announcement", lmb, announcement},
    };
}

Frame decoded(const char* hex) {
    auto r = decode_frame(lw::test::hex(hex));
    REQUIRE(r.ok());
    return *r;
}

} // namespace

TEST_SUITE("browser.frames") {

    TEST_CASE("the Samba RequestElection frame decodes to the documented fields") {
        Frame f = decoded("08 01 02 0f 01 14 70 17 00 00 00 00 00 00 41 4c 50 48 41 00");
        REQUIRE(std::holds_alternative<RequestElection>(f));
        const auto& e = std::get<RequestElection>(f);
        CHECK(e.version == 1);
        CHECK(e.criteria.value == 0x14010f02);
        CHECK(e.criteria.os_level() == 20);
        CHECK(e.criteria.browser_major() == 15);
        CHECK(e.criteria.browser_minor() == 1);
        CHECK(e.criteria.standby());
        CHECK_FALSE(e.criteria.running_master());
        CHECK(e.uptime_ms == 6000);
        CHECK(e.reserved == 0);
        CHECK(e.server_name == "ALPHA");
    }

    TEST_CASE("the backup list exchange of the lab decodes") {
        Frame req = decoded("09 04 44 33 22 11");
        REQUIRE(std::holds_alternative<GetBackupListRequest>(req));
        CHECK(std::get<GetBackupListRequest>(req).requested_count == 4);
        CHECK(std::get<GetBackupListRequest>(req).token == 0x11223344);

        Frame resp = decoded("0a 01 44 33 22 11 42 52 41 56 4f 00");
        REQUIRE(std::holds_alternative<GetBackupListResponse>(resp));
        CHECK(std::get<GetBackupListResponse>(resp).token == 0x11223344);
        CHECK(std::get<GetBackupListResponse>(resp).servers == std::vector<std::string>{"BRAVO"});
    }

    TEST_CASE("an announcement is laid out as MS-BRWS says") {
        auto bytes = encode_frame(samba_host());
        REQUIRE(bytes.has_value());
        CHECK(*bytes == lw::test::hex("01 03 80a90300"
                                      "425241564f00000000000000000000 00" // BRAVO, NUL padded
                                      "06 01 039a8400 0f 01 55aa"
                                      "53616d626120342e31372e31322d44656269616e 00"));
    }

    TEST_CASE("every opcode survives a round trip") {
        for (const Row& row : every_frame()) {
            CAPTURE(row.label);
            auto bytes = encode_frame(row.frame);
            REQUIRE(bytes.has_value());
            CHECK((*bytes)[0] == static_cast<std::uint8_t>(opcode_of(row.frame)));
            auto back = decode_frame(*bytes);
            REQUIRE(back.ok());
            CHECK(*back == row.frame);
        }
    }

    TEST_CASE("every prefix of every frame fails as truncated at the field it cuts") {
        for (const Row& row : every_frame()) {
            CAPTURE(row.label);
            auto bytes = encode_frame(row.frame);
            REQUIRE(bytes.has_value());
            for (std::size_t len = 0; len < bytes->size(); ++len) {
                CAPTURE(len);
                auto r = decode_frame(lw::wire::Bytes(*bytes).first(len), 100);
                REQUIRE_FALSE(r.ok());
                CHECK(r.error() == ParseError{Errc::Truncated, 100 + field_at(row.fields, len)});
            }
        }
    }

    TEST_CASE("undefined opcodes are unsupported at the opcode's offset") {
        for (std::uint8_t op : {0x00, 0x03, 0x04, 0x05, 0x06, 0x07, 0x10, 0x20, 0xff}) {
            CAPTURE(op);
            std::vector<std::uint8_t> bytes = {op, 0, 0, 0, 0, 0, 0, 0};
            CHECK(decode_frame(bytes, 86).error() == ParseError{Errc::Unsupported, 86});
        }
    }

    TEST_CASE("a comment without its terminator is refused") {
        auto bytes = encode_frame(samba_host());
        REQUIRE(bytes.has_value());
        bytes->pop_back();
        CHECK(decode_frame(*bytes, 10).error() == ParseError{Errc::Truncated, 10 + 32});

        // Longer than any comment may be, and still no NUL.
        bytes->resize(32);
        bytes->insert(bytes->end(), 300, 'x');
        CHECK(decode_frame(*bytes, 10).error() == ParseError{Errc::BadLength, 10 + 32});
    }

    TEST_CASE("a name longer than a NetBIOS name is refused at the name") {
        auto bytes = lw::test::hex("08 01 02 0f 01 14 70 17 00 00 00 00 00 00");
        bytes.insert(bytes.end(), 17, 'A');
        bytes.push_back(0);
        CHECK(decode_frame(bytes).error() == ParseError{Errc::BadLength, 14});

        // 16 characters and the NUL are tolerated, like a full name field.
        bytes.erase(bytes.begin() + 14);
        auto ok = decode_frame(bytes);
        REQUIRE(ok.ok());
        CHECK(std::get<RequestElection>(*ok).server_name == std::string(16, 'A'));
    }

    TEST_CASE("a name field filled to 16 bytes without a NUL is taken whole") {
        auto bytes = encode_frame(samba_host());
        REQUIRE(bytes.has_value());
        std::fill(bytes->begin() + 6, bytes->begin() + 22, 'Q');
        auto r = decode_frame(*bytes);
        REQUIRE(r.ok());
        CHECK(std::get<HostAnnouncement>(*r).server_name == std::string(16, 'Q'));
        CHECK(std::get<HostAnnouncement>(*r).comment == "Samba 4.17.12-Debian");
    }

    TEST_CASE("garbage after the NUL of a name field is ignored") {
        auto bytes = encode_frame(samba_host());
        REQUIRE(bytes.has_value());
        (*bytes)[20] = 'Z';
        auto r = decode_frame(*bytes);
        REQUIRE(r.ok());
        CHECK(std::get<HostAnnouncement>(*r).server_name == "BRAVO");
    }

    TEST_CASE("a backup list shorter than its count is refused at the missing name") {
        auto bytes = lw::test::hex("0a 03 44 33 22 11 42 52 41 56 4f 00 43 00");
        CHECK(decode_frame(bytes, 86).error() == ParseError{Errc::Truncated, 86 + 14});
        // A count of 255 with nothing behind it allocates nothing.
        CHECK(decode_frame(lw::test::hex("0a ff 00 00 00 00")).error() ==
              ParseError{Errc::Truncated, 6});
    }

    TEST_CASE("the encoder refuses what it cannot write faithfully") {
        HostAnnouncement long_name = samba_host();
        long_name.server_name = std::string(17, 'N');
        CHECK_FALSE(encode_frame(long_name).has_value());
        HostAnnouncement long_comment = samba_host();
        long_comment.comment = std::string(kMaxComment + 1, 'c');
        CHECK_FALSE(encode_frame(long_comment).has_value());
        CHECK_FALSE(encode_frame(BecomeBackup{std::string("A\0B", 3)}).has_value());
        GetBackupListResponse many;
        many.servers.assign(256, "X");
        CHECK_FALSE(encode_frame(many).has_value());
        many.servers.resize(255);
        CHECK(encode_frame(many).has_value());
    }

    TEST_CASE("criteria compare as unsigned 32-bit numbers") {
        Criteria samba = Criteria::make(20, Criteria::kRoleStandby);
        Criteria preferred =
            Criteria::make(33, Criteria::kRoleStandby | Criteria::kRolePreferredMaster);
        CHECK(samba.value == 0x14010f02);
        CHECK(preferred.value == 0x21010f0a);
        CHECK(preferred > samba);
        CHECK(Criteria::make(255, 0) > Criteria::make(0x7f, 0xff));
        // At one OS level, a preferred master beats the running master.
        CHECK(Criteria::make(20, Criteria::kRolePreferredMaster) >
              Criteria::make(20, Criteria::kRoleRunningMaster | Criteria::kRoleStandby));
        CHECK(Criteria{0} < samba);
        CHECK(preferred.role_names() == std::vector<std::string>{"preferred_master", "standby"});
        CHECK(Criteria{0xff}.role_names() ==
              std::vector<std::string>{"pdc", "0x40", "wins", "0x10", "preferred_master",
                                       "running_master", "standby", "running_backup"});
    }

    TEST_CASE("server types list the names of their bits") {
        CHECK(ServerType{0x00819a03}.names() ==
              std::vector<std::string>{"workstation", "server", "printq_server", "server_unix",
                                       "nt", "server_nt", "potential_browser", "dfs"});
        CHECK(ServerType{0x80001000}.names() == std::vector<std::string>{"nt", "domain_enum"});
        CHECK(ServerType{0x08000000}.names() == std::vector<std::string>{"0x08000000"});
        CHECK(ServerType{}.names().empty());
        CHECK(ServerType{0x00849a03}.has(ServerType::kMasterBrowser));
        CHECK_FALSE(ServerType{0x00849a03}.has(ServerType::kPotentialBrowser));
        int named = 0;
        for (int i = 0; i < 32; ++i) {
            named += server_type_bit_name(std::uint32_t{1} << i).empty() ? 0 : 1;
        }
        CHECK(named == 30);
    }

    TEST_CASE("reset state types are named") {
        CHECK(ResetStateRequest{0x07}.type_names() ==
              std::vector<std::string>{"stop_master", "clear_all", "stop"});
        CHECK(ResetStateRequest{0x80}.type_names() == std::vector<std::string>{"0x80"});
    }

    TEST_CASE("the LANMAN announcement decodes and round-trips") {
        auto bytes = lw::test::hex("0100 039a8100 06 01 3c00 425241564f00 6e617300");
        auto a = decode_lanman(bytes);
        REQUIRE(a.ok());
        CHECK(a->type.bits == 0x00819a03);
        CHECK(a->os_major == 6);
        CHECK(a->os_minor == 1);
        CHECK(a->periodicity_s == 60);
        CHECK(a->server_name == "BRAVO");
        CHECK(a->comment == "nas");
        auto again = encode_lanman(*a);
        REQUIRE(again.has_value());
        CHECK(*again == bytes);

        for (std::size_t len = 0; len < bytes.size(); ++len) {
            CAPTURE(len);
            CHECK(decode_lanman(lw::wire::Bytes(bytes).first(len)).error() ==
                  ParseError{Errc::Truncated, field_at({0, 2, 6, 7, 8, 10, 16}, len)});
        }
        bytes[0] = 2;
        CHECK(decode_lanman(bytes, 4).error() == ParseError{Errc::Unsupported, 4});
    }

    TEST_CASE("summaries are one line with the frame's main fields") {
        CHECK(summary(decoded("08 01 02 0f 01 14 70 17 00 00 00 00 00 00 41 4c 50 48 41 00")) ==
              "request_election ALPHA version=1 criteria=0x14010f02 os_level=20 standby "
              "uptime=6000ms");
        CHECK(summary(Frame{samba_host()}) ==
              "host_announcement BRAVO type=0x00849a03 os=6.1 period=240000ms update=3 "
              "comment=\"Samba 4.17.12-Debian\"");
        HostAnnouncement leaving = samba_host();
        leaving.type = ServerType{0};
        CHECK(summary(Frame{leaving}).find("(going away)") != std::string::npos);
        CHECK(summary(decoded("0a 01 44 33 22 11 42 52 41 56 4f 00")) ==
              "get_backup_list_response token=0x11223344 servers=BRAVO");
        CHECK(summary(Frame{ResetStateRequest{1}}) == "reset_state_request type=0x01 stop_master");
        CHECK(summary(Frame{BecomeBackup{"A\x01"}}) == "become_backup A\\x01");
        for (const Row& row : every_frame()) {
            CAPTURE(row.label);
            std::string s = summary(row.frame);
            CHECK(s.rfind(std::string(opcode_name(opcode_of(row.frame))), 0) == 0);
            CHECK(s.find('\n') == std::string::npos);
        }
    }

    TEST_CASE("JSON uses snake_case keys, printable names and the type list") {
        nlohmann::json e =
            to_json(decoded("08 01 02 0f 01 14 70 17 00 00 00 00 00 00 41 4c 50 48 41 00"));
        CHECK(e["frame"] == "request_election");
        CHECK(e["opcode"] == 8);
        CHECK(e["criteria"]["value"] == 0x14010f02);
        CHECK(e["criteria"]["os_level"] == 20);
        CHECK(e["criteria"]["browser_version"] == "15.1");
        CHECK(e["criteria"]["role"] == nlohmann::json::array({"standby"}));
        CHECK(e["uptime_ms"] == 6000);
        CHECK(e["server_name"] == "ALPHA");

        nlohmann::json h = to_json(Frame{samba_host()});
        CHECK(h["frame"] == "host_announcement");
        CHECK(h["server_name"] == "BRAVO");
        CHECK(h["type"] == nlohmann::json(ServerType{0x00849a03}.names()));
        CHECK(h["periodicity_ms"] == 240000);
        CHECK(h["signature"] == 0xaa55);

        for (const Row& row : every_frame()) {
            if (opcode_of(row.frame) == Opcode::DomainAnnouncement) {
                nlohmann::json d = to_json(row.frame);
                CHECK(d["workgroup"] == "LABGRP");
                CHECK(d["master_browser"] == "BRAVO");
                CHECK(d["type"] == nlohmann::json::array({"nt", "domain_enum"}));
            }
            nlohmann::json all = to_json(row.frame);
            for (auto it = all.begin(); it != all.end(); ++it) {
                const std::string& key = it.key();
                CAPTURE(key);
                CHECK(key.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos);
            }
        }
    }
}
