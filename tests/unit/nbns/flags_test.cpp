#include "agent/core/nbns/flags.h"

#include <cstdint>
#include <doctest/doctest.h>

using lw::nbns::Flags;
using lw::nbns::NbFlags;
using lw::nbns::NodeType;
using lw::nbns::Opcode;
using lw::nbns::Rcode;

TEST_SUITE("nbns.flags") {

    TEST_CASE("every flags word rebuilds from its fields, reserved bits included") {
        for (std::uint32_t w = 0; w <= 0xffff; ++w) {
            Flags in{static_cast<std::uint16_t>(w)};
            Flags out{in.reserved()};
            out.set_response(in.response())
                .set_opcode(in.opcode())
                .set_authoritative(in.authoritative())
                .set_truncated(in.truncated())
                .set_recursion_desired(in.recursion_desired())
                .set_recursion_available(in.recursion_available())
                .set_broadcast(in.broadcast())
                .set_rcode(in.rcode());
            if (out.word() != w) {
                FAIL_CHECK("word " << w << " rebuilt as " << out.word());
                break;
            }
        }
    }

    TEST_CASE("the reference flag words read as the packets they belong to") {
        Flags bcast_query{0x0110};
        CHECK_FALSE(bcast_query.response());
        CHECK(bcast_query.opcode() == Opcode::Query);
        CHECK(bcast_query.recursion_desired());
        CHECK(bcast_query.broadcast());

        Flags registration{0x2910};
        CHECK(registration.opcode() == Opcode::Registration);
        CHECK(registration.recursion_desired());
        CHECK(registration.broadcast());

        Flags overwrite{0x2810};
        CHECK(overwrite.opcode() == Opcode::Registration);
        CHECK_FALSE(overwrite.recursion_desired());

        Flags conflict{0xad87};
        CHECK(conflict.response());
        CHECK(conflict.opcode() == Opcode::Registration);
        CHECK(conflict.authoritative());
        CHECK(conflict.recursion_available());
        CHECK(conflict.rcode() == Rcode::CftErr);

        Flags defend{0xad86};
        CHECK(defend.rcode() == Rcode::ActErr);

        Flags wack{0xbc00};
        CHECK(wack.response());
        CHECK(wack.opcode() == Opcode::Wack);
        CHECK(wack.authoritative());

        CHECK(Flags{0x3010}.opcode() == Opcode::Release);
        CHECK(Flags{0x7800}.opcode() == Opcode::MultiHomedRegistration);
        CHECK(Flags{0x8400}.authoritative());
        CHECK(Flags{0x0200}.truncated());
    }

    TEST_CASE("refresh is recognised under opcode 8 and under the RFC diagram's 9") {
        CHECK(Flags{0x4000}.is_refresh());
        CHECK(Flags{0x4800}.is_refresh());
        CHECK(Flags{0x4800}.opcode() == Opcode::RefreshAlt);
        CHECK_FALSE(Flags{0x2800}.is_refresh());
    }

    TEST_CASE("setters change only their own bits") {
        Flags f{0xffff};
        f.set_opcode(Opcode::Query);
        CHECK(f.word() == 0x87ff);
        f.set_rcode(Rcode::Ok);
        CHECK(f.word() == 0x87f0);
        f.set_broadcast(false).set_response(false);
        CHECK(f.word() == 0x07e0);
        CHECK(f.reserved() == 0x0060);
    }

    TEST_CASE("unnamed opcodes and rcodes keep their number") {
        Flags f{0x180c};
        CHECK(static_cast<unsigned>(f.opcode()) == 3);
        CHECK(lw::nbns::opcode_name(f.opcode()) == "opcode_3");
        CHECK(lw::nbns::rcode_name(f.rcode()) == "rcode_12");
        CHECK(lw::nbns::rcode_name(Rcode::NamErr) == "nam_err");
    }

    TEST_CASE("NB_FLAGS give the group bit and owner node type") {
        CHECK(NbFlags{0x8000}.group());
        CHECK(NbFlags{0x8000}.owner_type() == NodeType::B);
        CHECK(NbFlags{0x6000}.owner_type() == NodeType::H);
        CHECK(NbFlags{0x2000}.owner_type() == NodeType::P);
        CHECK_FALSE(NbFlags{0x6000}.group());
        CHECK(NbFlags(true, NodeType::M).word() == 0xc000);
        CHECK(NbFlags{0x1fff}.reserved() == 0x1fff);
    }
}
