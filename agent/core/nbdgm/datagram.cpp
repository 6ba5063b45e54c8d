#include "agent/core/nbdgm/datagram.h"

#include <limits>

#include <nlohmann/json.hpp>

namespace lw::nbdgm {

namespace {

using wire::Errc;
using wire::ParseError;

bool known_type(std::uint8_t t) noexcept {
    return t >= static_cast<std::uint8_t>(MsgType::DirectUnique) &&
           t <= static_cast<std::uint8_t>(MsgType::NegativeQueryResponse);
}

std::string hex16(std::uint16_t v) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out = "0x";
    for (int shift = 12; shift >= 0; shift -= 4) {
        out.push_back(kDigits[(v >> shift) & 0x0f]);
    }
    return out;
}

// Names and user data of a 0x10-0x12 datagram; the common header has been
// read.
wire::Result<Datagram> read_data_part(wire::Reader& in, Datagram d) {
    d.dgm_length = in.u16be();
    d.packet_offset = in.u16be();
    if (in.failed()) {
        return in.error();
    }
    // A fragment has no whole user data to hand on; refuse it before
    // looking at names that only the first fragment carries.
    // TODO(lanwarden): no reassembly; a sender that fragments a browser
    // frame (none seen: frames stay far below 576 bytes) is not heard.
    if (d.flags.fragment()) {
        return ParseError{Errc::Unsupported, kFlagsOffset};
    }
    if (d.dgm_length > in.remaining()) {
        return ParseError{Errc::BadLength, kDgmLengthOffset};
    }

    auto source = netbios::read_name(in);
    if (!source) {
        return source.error();
    }
    auto destination = netbios::read_name(in);
    if (!destination) {
        return destination.error();
    }
    d.source_name = std::move(*source);
    d.destination_name = std::move(*destination);

    // The rest of the UDP payload, as Samba reads it; see the file comment
    // on DGM_LENGTH.
    d.user_data_offset = in.offset();
    wire::Bytes rest = in.rest();
    d.user_data.assign(rest.begin(), rest.end());
    return d;
}

} // namespace

std::string_view msg_type_name(MsgType type) noexcept {
    switch (type) {
    case MsgType::DirectUnique: return "direct_unique";
    case MsgType::DirectGroup: return "direct_group";
    case MsgType::Broadcast: return "broadcast";
    case MsgType::Error: return "error";
    case MsgType::QueryRequest: return "query_request";
    case MsgType::PositiveQueryResponse: return "positive_query_response";
    case MsgType::NegativeQueryResponse: return "negative_query_response";
    }
    return "unknown";
}

std::string_view node_type_name(NodeType node) noexcept {
    switch (node) {
    case NodeType::B: return "b";
    case NodeType::P: return "p";
    case NodeType::M: return "m";
    case NodeType::Nbdd: return "nbdd";
    }
    return "unknown";
}

std::string_view error_code_name(ErrorCode code) noexcept {
    switch (code) {
    case ErrorCode::DestinationNameNotPresent: return "destination_name_not_present";
    case ErrorCode::InvalidSourceName: return "invalid_source_name";
    case ErrorCode::InvalidDestinationName: return "invalid_destination_name";
    }
    return "unknown";
}

wire::Result<Datagram> decode_datagram(wire::Bytes data) {
    wire::Reader in(data);
    Datagram d;
    std::uint8_t type = in.u8();
    d.flags = Flags{in.u8()};
    d.id = in.u16be();
    d.source_ip = net::Ipv4{in.u32be()};
    d.source_port = in.u16be();
    if (in.failed()) {
        return in.error();
    }
    if (!known_type(type)) {
        return ParseError{Errc::BadValue, 0};
    }
    d.type = static_cast<MsgType>(type);

    if (carries_data(d.type)) {
        return read_data_part(in, std::move(d));
    }
    if (d.type == MsgType::Error) {
        // Any code is kept; error_code_name() says "unknown" for the others.
        d.error_code = static_cast<ErrorCode>(in.u8());
        if (in.failed()) {
            return in.error();
        }
        return d;
    }
    auto destination = netbios::read_name(in);
    if (!destination) {
        return destination.error();
    }
    d.destination_name = std::move(*destination);
    return d;
}

std::size_t encoded_size(const Datagram& d) noexcept {
    if (carries_data(d.type)) {
        return kDataHeaderSize + netbios::encoded_size(d.source_name) +
               netbios::encoded_size(d.destination_name) + d.user_data.size();
    }
    if (d.type == MsgType::Error) {
        return kCommonHeaderSize + 1;
    }
    return kCommonHeaderSize + netbios::encoded_size(d.destination_name);
}

bool write_datagram(wire::Writer& out, const Datagram& d) {
    std::size_t body = 0;
    if (carries_data(d.type)) {
        body = encoded_size(d) - kDataHeaderSize;
        if (body > std::numeric_limits<std::uint16_t>::max()) {
            return false;
        }
    }
    out.u8(static_cast<std::uint8_t>(d.type));
    out.u8(d.flags.bits);
    out.u16be(d.id);
    out.u32be(d.source_ip.value);
    out.u16be(d.source_port);
    if (carries_data(d.type)) {
        out.u16be(static_cast<std::uint16_t>(body));
        out.u16be(d.packet_offset);
        netbios::write_name(out, d.source_name);
        netbios::write_name(out, d.destination_name);
        out.bytes(d.user_data);
    } else if (d.type == MsgType::Error) {
        out.u8(static_cast<std::uint8_t>(d.error_code));
    } else {
        netbios::write_name(out, d.destination_name);
    }
    return !out.failed();
}

std::optional<std::vector<std::uint8_t>> encode_datagram(const Datagram& d) {
    std::vector<std::uint8_t> buf(encoded_size(d));
    wire::Writer out(buf);
    if (!write_datagram(out, d) || out.size() != buf.size()) {
        return std::nullopt;
    }
    return buf;
}

Datagram make_data_datagram(MsgType type, std::uint16_t id, net::Ipv4 source_ip,
                            const netbios::Name& source, const netbios::Name& destination,
                            std::vector<std::uint8_t> user_data) {
    Datagram d;
    d.type = type;
    d.flags = Flags::whole(NodeType::B);
    d.id = id;
    d.source_ip = source_ip;
    d.source_port = kDatagramPort;
    d.source_name = source;
    d.destination_name = destination;
    d.user_data = std::move(user_data);
    return d;
}

std::string summary(const Datagram& d) {
    std::string out(msg_type_name(d.type));
    out += ' ';
    out += d.source_ip.to_string();
    out += ':';
    out += std::to_string(d.source_port);
    if (carries_data(d.type)) {
        out += ' ' + d.source_name.printable() + " -> " + d.destination_name.printable();
    } else if (is_query(d.type)) {
        out += " for " + d.destination_name.printable();
    } else {
        out += " code=";
        out += error_code_name(d.error_code);
    }
    out += " id=" + hex16(d.id);
    if (carries_data(d.type)) {
        out += " user_data=" + std::to_string(d.user_data.size());
    }
    return out;
}

nlohmann::json to_json(const Datagram& d) {
    nlohmann::json j = {
        {"msg_type", msg_type_name(d.type)},
        {"msg_type_code", static_cast<unsigned>(d.type)},
        {"flags", static_cast<unsigned>(d.flags.bits)},
        {"first", d.flags.first()},
        {"more", d.flags.more()},
        {"node_type", node_type_name(d.flags.node_type())},
        {"id", d.id},
        {"source_ip", d.source_ip.to_string()},
        {"source_port", d.source_port},
    };
    if (carries_data(d.type)) {
        j["dgm_length"] = d.dgm_length;
        j["packet_offset"] = d.packet_offset;
        j["source_name"] = d.source_name.printable();
        j["destination_name"] = d.destination_name.printable();
        j["user_data_length"] = d.user_data.size();
    } else if (d.type == MsgType::Error) {
        j["error_code"] = static_cast<unsigned>(d.error_code);
        j["error"] = error_code_name(d.error_code);
    } else {
        j["destination_name"] = d.destination_name.printable();
    }
    return j;
}

} // namespace lw::nbdgm
