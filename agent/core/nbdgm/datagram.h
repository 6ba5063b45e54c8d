// NetBIOS Datagram Service messages (RFC 1002 §4.4), UDP port 138.
//
// Every datagram starts with MSG_TYPE, FLAGS, DGM_ID, SOURCE_IP and
// SOURCE_PORT (10 bytes, big-endian).  What follows depends on the type:
//   0x10-0x12 (direct unique, direct group, broadcast): DGM_LENGTH,
//     PACKET_OFFSET, the source and destination names and the user data
//     (for browsing, an SMB mailslot write: see smb/mailslot.h);
//   0x13 (error): one error code byte;
//   0x14-0x16 (query request and its responses): the destination name.
//
// DGM_LENGTH counts the bytes after the 14-byte header, both names
// included.  Samba reads the user data up to the end of the UDP payload and
// so do we: a DGM_LENGTH smaller than the datagram is accepted (the value is
// kept so that `decode` can show it), one larger than the datagram means the
// datagram was cut and is refused with BadLength at offset 10.
//
// Not handled: reassembly of fragments.  A datagram with MORE set or FIRST
// clear is recognised and refused with Unsupported at the FLAGS byte; the
// caller counts and drops it (browser frames are far below 576 bytes and
// never fragmented in practice).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "agent/core/net/ipv4.h"
#include "agent/core/netbios/name.h"
#include "agent/core/wire/reader.h"
#include "agent/core/wire/result.h"
#include "agent/core/wire/writer.h"

namespace lw::nbdgm {

inline constexpr std::uint16_t kDatagramPort = 138;
/// RFC 1002 §6 MAX_DATAGRAM_LENGTH; Samba keeps to it too.
inline constexpr std::size_t kMaxDatagram = 576;
/// MSG_TYPE through PACKET_OFFSET of the data datagrams (0x10-0x12).
inline constexpr std::size_t kDataHeaderSize = 14;
/// MSG_TYPE through SOURCE_PORT: the part every type shares.
inline constexpr std::size_t kCommonHeaderSize = 10;
/// Offset of DGM_LENGTH, where a length error is reported.
inline constexpr std::size_t kDgmLengthOffset = 10;
inline constexpr std::size_t kFlagsOffset = 1;

enum class MsgType : std::uint8_t {
    DirectUnique = 0x10,
    DirectGroup = 0x11,
    Broadcast = 0x12,
    Error = 0x13,
    QueryRequest = 0x14,
    PositiveQueryResponse = 0x15,
    NegativeQueryResponse = 0x16,
};

/// "direct_unique", "direct_group", ...; "unknown" for other values.
std::string_view msg_type_name(MsgType type) noexcept;

/// True for the three types that carry names and user data.
constexpr bool carries_data(MsgType t) noexcept {
    return t == MsgType::DirectUnique || t == MsgType::DirectGroup || t == MsgType::Broadcast;
}
constexpr bool is_query(MsgType t) noexcept {
    return t == MsgType::QueryRequest || t == MsgType::PositiveQueryResponse ||
           t == MsgType::NegativeQueryResponse;
}

/// SNT, the sending node's type (FLAGS bits 0x0c).
enum class NodeType : std::uint8_t { B = 0, P = 1, M = 2, Nbdd = 3 };

/// The FLAGS byte.  Bits 0xf0 are reserved; they are kept as received.
struct Flags {
    static constexpr std::uint8_t kMore = 0x01;
    static constexpr std::uint8_t kFirst = 0x02;
    static constexpr std::uint8_t kNodeTypeMask = 0x0c;

    std::uint8_t bits = kFirst;

    bool more() const noexcept { return (bits & kMore) != 0; }
    bool first() const noexcept { return (bits & kFirst) != 0; }
    /// A piece of a larger datagram: not FIRST, or MORE to come.
    bool fragment() const noexcept { return !first() || more(); }
    NodeType node_type() const noexcept {
        return static_cast<NodeType>((bits & kNodeTypeMask) >> 2);
    }
    /// An unfragmented datagram from a node of the given type.
    static constexpr Flags whole(NodeType node) noexcept {
        return Flags{static_cast<std::uint8_t>(kFirst | static_cast<std::uint8_t>(node) << 2)};
    }

    friend bool operator==(const Flags&, const Flags&) = default;
};

/// "b", "p", "m", "nbdd".
std::string_view node_type_name(NodeType node) noexcept;

/// ERROR_CODE of a 0x13 datagram (RFC 1002 §4.4.3).
enum class ErrorCode : std::uint8_t {
    DestinationNameNotPresent = 0x82,
    InvalidSourceName = 0x83,
    InvalidDestinationName = 0x84,
};

/// "destination_name_not_present", ...; "unknown" for other values.
std::string_view error_code_name(ErrorCode code) noexcept;

/// One decoded datagram.  Which fields mean something depends on `type`:
/// data datagrams use dgm_length, packet_offset, source_name,
/// destination_name and user_data; error datagrams use error_code; query
/// datagrams use destination_name.  The others keep their defaults.
struct Datagram {
    MsgType type = MsgType::DirectGroup;
    Flags flags;
    std::uint16_t id = 0;
    net::Ipv4 source_ip;
    std::uint16_t source_port = kDatagramPort;

    /// As received; the encoder ignores it and writes the true length.
    std::uint16_t dgm_length = 0;
    std::uint16_t packet_offset = 0;
    netbios::Name source_name;
    netbios::Name destination_name;
    std::vector<std::uint8_t> user_data;
    /// Where user_data starts in the datagram (set by the decoder), so that
    /// errors of the layers inside can name datagram offsets.
    std::size_t user_data_offset = 0;

    ErrorCode error_code = ErrorCode::DestinationNameNotPresent;

    friend bool operator==(const Datagram&, const Datagram&) = default;
};

/// Decodes one datagram (a whole UDP payload).  Errors:
///   Truncated at the field the data ends in;
///   BadValue at 0 for an unknown MSG_TYPE;
///   Unsupported at 1 for a fragment (MORE set or FIRST clear);
///   BadLength at 10 when DGM_LENGTH is larger than what follows the header;
///   the name errors of netbios::read_name at the name's offset.
/// Bytes after an error code or a query's name are ignored.
wire::Result<Datagram> decode_datagram(wire::Bytes data);

/// Bytes the encoder writes for d.
std::size_t encoded_size(const Datagram& d) noexcept;

/// Writes d, computing DGM_LENGTH (user_data_offset and the received
/// dgm_length are ignored).  False when the writer ran out of room or the
/// datagram is too long for DGM_LENGTH.
bool write_datagram(wire::Writer& out, const Datagram& d);

/// d as a fresh buffer of exactly encoded_size(d) bytes; nullopt as for
/// write_datagram.
std::optional<std::vector<std::uint8_t>> encode_datagram(const Datagram& d);

/// What the agent sends: a whole (unfragmented) data datagram from a B
/// node, port 138.  type is DirectUnique, DirectGroup or Broadcast.
Datagram make_data_datagram(MsgType type, std::uint16_t id, net::Ipv4 source_ip,
                            const netbios::Name& source, const netbios::Name& destination,
                            std::vector<std::uint8_t> user_data);

/// One line for people: "direct_group 10.99.0.1:138 ALPHA<00> -> LABGRP<1e>
/// id=0x3703 user_data=106".
std::string summary(const Datagram& d);

/// The datagram for `lanwarden decode`: snake_case keys, names printable,
/// the address as a string; user data as its length only.
nlohmann::json to_json(const Datagram& d);

} // namespace lw::nbdgm
