// The SMB_COM_TRANSACTION "mailslot write" that carries browser frames as
// the user data of a NetBIOS datagram ([MS-CIFS] 2.2.4.33, [MS-MAIL],
// [MS-BRWS] 2.1).  Everything in it is little-endian.
//
//   0  32-byte SMB header: FF 'S' 'M' 'B', command 0x25, status, flags,
//      flags2, PID high, 8-byte signature, reserved, TID, PID, UID, MID
//   32 WordCount (17 = 14 + SetupCount 3)
//   33 TotalParameterCount, TotalDataCount, MaxParameterCount,
//      MaxDataCount, MaxSetupCount, reserved, Flags, Timeout, reserved,
//      ParameterCount, ParameterOffset, DataCount, DataOffset,
//      SetupCount, reserved
//   61 Setup: opcode (1 = mailslot write), priority, class
//   67 ByteCount, then the mailslot name ("\MAILSLOT\BROWSE", NUL-ended)
//
// The frame inside is found through DataOffset and DataCount, which count
// from the start of the SMB header: they are checked against the message,
// never assumed to be 86 and DataCount.  ParameterOffset, the parameter
// counts, priority and timeout vary between senders and are not checked.
//
// Not handled: transactions split over several messages (TotalDataCount >
// DataCount); mailslots cannot be split, so the DataCount part is taken as
// the whole frame.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "agent/core/wire/reader.h"
#include "agent/core/wire/result.h"
#include "agent/core/wire/writer.h"

namespace lw::smb {

inline constexpr std::uint8_t kComTransaction = 0x25;
inline constexpr std::size_t kHeaderSize = 32;
inline constexpr std::uint8_t kMailslotWordCount = 17;
inline constexpr std::uint8_t kMailslotSetupCount = 3;
inline constexpr std::uint16_t kOpcodeMailslotWrite = 1;
/// Setup[2]: 1 reliable, 2 unreliable and broadcast (what browsing uses).
inline constexpr std::uint16_t kClassReliable = 1;
inline constexpr std::uint16_t kClassUnreliable = 2;
/// Longest mailslot name accepted, without its NUL.
inline constexpr std::size_t kMaxMailslotName = 255;

inline constexpr std::string_view kMailslotBrowse = "\\MAILSLOT\\BROWSE";
inline constexpr std::string_view kMailslotLanman = "\\MAILSLOT\\LANMAN";

// Offsets in the message, for errors and tests.
inline constexpr std::size_t kCommandOffset = 4;
inline constexpr std::size_t kWordCountOffset = 32;
inline constexpr std::size_t kDataCountOffset = 55;
inline constexpr std::size_t kDataOffsetOffset = 57;
inline constexpr std::size_t kSetupCountOffset = 59;
inline constexpr std::size_t kSetupOffset = 61;
inline constexpr std::size_t kByteCountOffset = 67;
inline constexpr std::size_t kMailslotNameOffset = 69;

/// The SMB header fields after Protocol and Command, kept as received.
/// Browsers send them all zero.
struct SmbHeader {
    std::uint32_t status = 0;
    std::uint8_t flags = 0;
    std::uint16_t flags2 = 0;
    std::uint16_t pid_high = 0;
    std::array<std::uint8_t, 8> signature{};
    std::uint16_t reserved = 0;
    std::uint16_t tid = 0;
    std::uint16_t pid_low = 0;
    std::uint16_t uid = 0;
    std::uint16_t mid = 0;

    friend bool operator==(const SmbHeader&, const SmbHeader&) = default;
};

/// One mailslot write.  The counts and offsets of the message are not
/// stored: the encoder computes them from mailslot and data.
struct MailslotWrite {
    SmbHeader header;
    std::uint16_t max_parameter_count = 0;
    std::uint16_t max_data_count = 0;
    std::uint8_t max_setup_count = 0;
    std::uint16_t flags = 0;
    /// Milliseconds; 0 from Samba, 1000 in the MS-BRWS example.
    std::uint32_t timeout = 0;
    /// Setup[1]: 0 from Windows, 1 from Samba; meaningless for browsing.
    std::uint16_t priority = 0;
    std::uint16_t mailslot_class = kClassUnreliable;
    /// The name as sent, without its NUL: "\MAILSLOT\BROWSE".
    std::string mailslot;
    std::vector<std::uint8_t> data;

    /// Where data starts in the datagram (set by the decoder); not
    /// compared and not written.
    std::size_t data_position = 0;

    friend bool operator==(const MailslotWrite& a, const MailslotWrite& b) {
        return a.header == b.header && a.max_parameter_count == b.max_parameter_count &&
               a.max_data_count == b.max_data_count && a.max_setup_count == b.max_setup_count &&
               a.flags == b.flags && a.timeout == b.timeout && a.priority == b.priority &&
               a.mailslot_class == b.mailslot_class && a.mailslot == b.mailslot && a.data == b.data;
    }
};

/// True when the name is the mailslot, ignoring ASCII case.
bool is_mailslot(std::string_view name, std::string_view mailslot) noexcept;

/// Decodes a mailslot write from the user data of a datagram.  `base` is
/// where msg starts in the datagram; errors name datagram offsets.  Errors:
///   Truncated at the field the data ends in;
///   BadValue at 0 (not \xFFSMB), at 32 (WordCount not 17), at 59
///     (SetupCount not 3), or at 69 (mailslot name empty or too long);
///   Unsupported at 4 (another SMB command) or at 61 (another
///     transaction opcode);
///   BadLength at 67 when ByteCount runs past the message, at 57 when
///     DataOffset points into the header or outside the message, at 55 when
///     DataCount runs past the message;
///   Truncated at 69 when the mailslot name has no NUL before ByteCount's
///     end.
wire::Result<MailslotWrite> decode_mailslot(wire::Bytes msg, std::size_t base = 0);

/// Bytes the encoder writes for m.
std::size_t encoded_size(const MailslotWrite& m) noexcept;

/// Writes m with every count and offset computed (WordCount 17,
/// SetupCount 3, opcode 1, DataOffset after the name, ByteCount,
/// TotalDataCount = DataCount, ParameterOffset 0).  False when the writer
/// ran out of room or the name or data do not fit the 16-bit fields.
bool write_mailslot(wire::Writer& out, const MailslotWrite& m);

std::optional<std::vector<std::uint8_t>> encode_mailslot(const MailslotWrite& m);

/// The write the agent sends: to `mailslot`, class 2, everything else 0.
MailslotWrite make_mailslot_write(std::string_view mailslot, std::vector<std::uint8_t> data);

/// "mailslot \MAILSLOT\BROWSE data=20".
std::string summary(const MailslotWrite& m);

nlohmann::json to_json(const MailslotWrite& m);

} // namespace lw::smb
