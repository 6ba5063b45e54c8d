#include "agent/core/nbns/node_status.h"

#include <algorithm>

namespace lw::nbns {

namespace {

Statistics read_statistics(wire::Reader& in) noexcept {
    Statistics s;
    wire::Bytes unit = in.bytes(s.unit_id.size());
    std::copy(unit.begin(), unit.end(), s.unit_id.begin());
    s.jumpers = in.u8();
    s.test_result = in.u8();
    s.version_number = in.u16be();
    s.period_of_statistics = in.u16be();
    s.crc_errors = in.u16be();
    s.alignment_errors = in.u16be();
    s.collisions = in.u16be();
    s.send_aborts = in.u16be();
    s.good_sends = in.u32be();
    s.good_receives = in.u32be();
    s.retransmits = in.u16be();
    s.no_resource_conditions = in.u16be();
    s.free_command_blocks = in.u16be();
    s.total_command_blocks = in.u16be();
    s.max_total_command_blocks = in.u16be();
    s.pending_sessions = in.u16be();
    s.max_pending_sessions = in.u16be();
    s.max_total_sessions = in.u16be();
    s.session_data_packet_size = in.u16be();
    return s;
}

void write_statistics(wire::Writer& out, const Statistics& s) noexcept {
    out.bytes(s.unit_id);
    out.u8(s.jumpers);
    out.u8(s.test_result);
    out.u16be(s.version_number);
    out.u16be(s.period_of_statistics);
    out.u16be(s.crc_errors);
    out.u16be(s.alignment_errors);
    out.u16be(s.collisions);
    out.u16be(s.send_aborts);
    out.u32be(s.good_sends);
    out.u32be(s.good_receives);
    out.u16be(s.retransmits);
    out.u16be(s.no_resource_conditions);
    out.u16be(s.free_command_blocks);
    out.u16be(s.total_command_blocks);
    out.u16be(s.max_total_command_blocks);
    out.u16be(s.pending_sessions);
    out.u16be(s.max_pending_sessions);
    out.u16be(s.max_total_sessions);
    out.u16be(s.session_data_packet_size);
}

} // namespace

std::string mac_to_string(const MacAddress& mac) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < mac.size(); ++i) {
        if (i > 0) {
            out.push_back(':');
        }
        out.push_back(kDigits[mac[i] >> 4]);
        out.push_back(kDigits[mac[i] & 0x0f]);
    }
    return out;
}

wire::Result<NodeStatus> read_node_status(wire::Reader& in) {
    NodeStatus status;
    std::uint8_t count = in.u8();
    if (in.failed()) {
        return in.error(wire::Errc::BadLength);
    }

    // The count is checked against the RDATA before anything is reserved.
    if (std::size_t{count} * kNodeNameSize > in.remaining()) {
        std::size_t fit = in.remaining() / kNodeNameSize;
        return wire::ParseError{wire::Errc::BadLength, in.offset() + fit * kNodeNameSize};
    }
    status.names.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        netbios::RawName raw{};
        wire::Bytes field = in.bytes(raw.size());
        std::copy(field.begin(), field.end(), raw.begin());
        NameFlags flags{in.u16be()};
        status.names.push_back(NodeName{netbios::Name::from_raw(raw), flags});
    }

    if (in.remaining() >= kStatisticsSize) {
        status.statistics = read_statistics(in);
    }
    wire::Bytes rest = in.rest();
    status.extra.assign(rest.begin(), rest.end());
    in.skip(rest.size());
    return status;
}

bool write_node_status(wire::Writer& out, const NodeStatus& status) {
    if (status.names.size() > 0xff) {
        return false;
    }
    out.u8(static_cast<std::uint8_t>(status.names.size()));
    for (const NodeName& entry : status.names) {
        out.bytes(entry.name.raw());
        out.u16be(entry.flags.word());
    }
    if (status.statistics) {
        write_statistics(out, *status.statistics);
    }
    out.bytes(status.extra);
    return true;
}

std::size_t encoded_size(const NodeStatus& status) noexcept {
    return 1 + status.names.size() * kNodeNameSize + (status.statistics ? kStatisticsSize : 0) +
           status.extra.size();
}

} // namespace lw::nbns
