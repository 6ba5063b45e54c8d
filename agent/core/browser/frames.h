// Browser protocol frames ([MS-BRWS] 2.2), the data of a mailslot write to
// \MAILSLOT\BROWSE, and the LANMAN announcement of \MAILSLOT\LANMAN.  The
// first byte is the opcode; every integer is little-endian.
//
//   announcements (0x01 host, 0x0c domain, 0x0f local master):
//     opcode, UpdateCount u8, Periodicity u32 (milliseconds, despite the
//     spec's wording), ServerName 16-byte field (NUL-padded), OS major u8,
//     OS minor u8, ServerType u32, browser version major u8, minor u8,
//     Signature u16 (0xaa55), Comment NUL-terminated.  A DomainAnnouncement
//     carries the workgroup in ServerName and the master browser's name in
//     Comment.
//   0x02 AnnouncementRequest: reserved u8, ResponseName NUL-terminated
//   0x08 RequestElection: version u8, criteria u32, uptime u32 (ms),
//     reserved u32, ServerName NUL-terminated
//   0x09 GetBackupListRequest: count u8, token u32
//   0x0a GetBackupListResponse: count u8, token u32, count names
//   0x0b BecomeBackup, 0x0d MasterAnnouncement: one name
//   0x0e ResetStateRequest: type u8
//   LANMAN: opcode u16 (1), ServerType u32, OS major u8, OS minor u8,
//     Periodicity u16 (seconds), ServerName, Comment (both NUL-terminated)
//
// Decoding is tolerant where real senders differ (any signature, update
// count, reserved value; a 16-character name filling the whole name field
// without a NUL; bytes after the frame) and strict where it would read
// past the data: every string must end inside the frame.
//
// Not handled: LANMAN frames other than the host announcement (Samba sends
// nothing else there).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "agent/core/browser/criteria.h"
#include "agent/core/browser/server_type.h"
#include "agent/core/wire/reader.h"
#include "agent/core/wire/result.h"
#include "agent/core/wire/writer.h"

namespace lw::browser {

enum class Opcode : std::uint8_t {
    HostAnnouncement = 0x01,
    AnnouncementRequest = 0x02,
    RequestElection = 0x08,
    GetBackupListRequest = 0x09,
    GetBackupListResponse = 0x0a,
    BecomeBackup = 0x0b,
    DomainAnnouncement = 0x0c,
    MasterAnnouncement = 0x0d,
    ResetStateRequest = 0x0e,
    LocalMasterAnnouncement = 0x0f,
};

/// "host_announcement", "request_election", ...; "unknown" otherwise.
std::string_view opcode_name(Opcode op) noexcept;

/// Size of the ServerName field of an announcement.
inline constexpr std::size_t kNameFieldSize = 16;
/// Longest name accepted in a name field or a NUL-terminated name: 15
/// characters is the rule, a full 16-byte field is tolerated.
inline constexpr std::size_t kMaxName = 16;
/// Longest comment accepted, without its NUL.  [MS-BRWS] asks for 42;
/// Samba sends up to 48, so decoding allows more.
inline constexpr std::size_t kMaxComment = 255;
/// The comment length [MS-BRWS] allows a sender (43 bytes with the NUL).
inline constexpr std::size_t kMaxSentComment = 42;
inline constexpr std::uint16_t kSignature = 0xaa55;
/// Offset of the comment in an announcement frame.
inline constexpr std::size_t kCommentOffset = 32;

/// The shared layout of 0x01, 0x0c and 0x0f.
struct AnnouncementFields {
    std::uint8_t update_count = 0;
    std::uint32_t periodicity_ms = 0;
    /// The host; the workgroup in a DomainAnnouncement.
    std::string server_name;
    std::uint8_t os_major = 0;
    std::uint8_t os_minor = 0;
    ServerType type;
    std::uint8_t browser_major = Criteria::kBrowserMajor;
    std::uint8_t browser_minor = Criteria::kBrowserMinor;
    std::uint16_t signature = kSignature;
    /// Free text; the master browser's name in a DomainAnnouncement.
    std::string comment;

    friend bool operator==(const AnnouncementFields&, const AnnouncementFields&) = default;
};

template <Opcode Op> struct Announcement : AnnouncementFields {
    static constexpr Opcode opcode = Op;
    friend bool operator==(const Announcement&, const Announcement&) = default;
};

using HostAnnouncement = Announcement<Opcode::HostAnnouncement>;
using DomainAnnouncement = Announcement<Opcode::DomainAnnouncement>;
using LocalMasterAnnouncement = Announcement<Opcode::LocalMasterAnnouncement>;

struct AnnouncementRequest {
    static constexpr Opcode opcode = Opcode::AnnouncementRequest;
    std::uint8_t reserved = 0;
    /// Ignored by receivers; Samba sends its own name.
    std::string response_name;
    friend bool operator==(const AnnouncementRequest&, const AnnouncementRequest&) = default;
};

struct RequestElection {
    static constexpr Opcode opcode = Opcode::RequestElection;
    /// 1 from every current stack; 0 with criteria 0 forces an election.
    std::uint8_t version = 1;
    Criteria criteria;
    std::uint32_t uptime_ms = 0;
    std::uint32_t reserved = 0;
    std::string server_name;
    friend bool operator==(const RequestElection&, const RequestElection&) = default;
};

struct GetBackupListRequest {
    static constexpr Opcode opcode = Opcode::GetBackupListRequest;
    std::uint8_t requested_count = 0;
    std::uint32_t token = 0;
    friend bool operator==(const GetBackupListRequest&, const GetBackupListRequest&) = default;
};

struct GetBackupListResponse {
    static constexpr Opcode opcode = Opcode::GetBackupListResponse;
    /// The request's token, echoed.
    std::uint32_t token = 0;
    /// At most 255; BackupServerCount is their number.
    std::vector<std::string> servers;
    friend bool operator==(const GetBackupListResponse&, const GetBackupListResponse&) = default;
};

struct BecomeBackup {
    static constexpr Opcode opcode = Opcode::BecomeBackup;
    std::string browser_to_promote;
    friend bool operator==(const BecomeBackup&, const BecomeBackup&) = default;
};

struct MasterAnnouncement {
    static constexpr Opcode opcode = Opcode::MasterAnnouncement;
    std::string master_browser_name;
    friend bool operator==(const MasterAnnouncement&, const MasterAnnouncement&) = default;
};

struct ResetStateRequest {
    static constexpr Opcode opcode = Opcode::ResetStateRequest;
    static constexpr std::uint8_t kStopMaster = 0x01;
    static constexpr std::uint8_t kClearAll = 0x02;
    static constexpr std::uint8_t kStop = 0x04;
    std::uint8_t type = 0;
    /// "stop_master", "clear_all", "stop", and "0xNN" for other bits.
    std::vector<std::string> type_names() const;
    friend bool operator==(const ResetStateRequest&, const ResetStateRequest&) = default;
};

using Frame =
    std::variant<HostAnnouncement, AnnouncementRequest, RequestElection, GetBackupListRequest,
                 GetBackupListResponse, BecomeBackup, DomainAnnouncement, MasterAnnouncement,
                 ResetStateRequest, LocalMasterAnnouncement>;

Opcode opcode_of(const Frame& f) noexcept;

/// The announcement fields of a 0x01, 0x0c or 0x0f frame, nullptr for the
/// others.
const AnnouncementFields* announcement_of(const Frame& f) noexcept;

/// Decodes the data of a \MAILSLOT\BROWSE write.  `base` is where frame
/// starts in the datagram; errors name datagram offsets.  Errors:
///   Truncated at the field the data ends in (for a string: its first
///     byte, when no NUL follows before the end);
///   Unsupported at 0 for an opcode [MS-BRWS] does not define;
///   BadLength at a string's first byte when it is longer than its limit
///     (kMaxName for names, kMaxComment for comments) without a NUL.
wire::Result<Frame> decode_frame(wire::Bytes frame, std::size_t base = 0);

/// Writes f.  False when the writer ran out of room, a name is longer than
/// kMaxName or a comment than kMaxComment, a string holds a NUL, or a
/// backup list has more than 255 names.
bool write_frame(wire::Writer& out, const Frame& f);
std::optional<std::vector<std::uint8_t>> encode_frame(const Frame& f);

/// The OS/2-era announcement on \MAILSLOT\LANMAN (Samba `lm announce`).
struct LanmanAnnouncement {
    static constexpr std::uint16_t kOpcode = 1;
    ServerType type;
    std::uint8_t os_major = 0;
    std::uint8_t os_minor = 0;
    std::uint16_t periodicity_s = 0;
    std::string server_name;
    std::string comment;
    friend bool operator==(const LanmanAnnouncement&, const LanmanAnnouncement&) = default;
};

/// Errors as for decode_frame; Unsupported at 0 for an opcode other than 1.
wire::Result<LanmanAnnouncement> decode_lanman(wire::Bytes frame, std::size_t base = 0);
/// For tests and tools: the agent decodes LANMAN frames but never sends
/// them.
bool write_lanman(wire::Writer& out, const LanmanAnnouncement& a);
std::optional<std::vector<std::uint8_t>> encode_lanman(const LanmanAnnouncement& a);

/// One line for people, e.g.
/// "request_election ALPHA version=1 criteria=0x14010f02 os_level=20 uptime=6000ms".
/// Text from the wire is escaped (smb::printable).
std::string summary(const Frame& f);
std::string summary(const LanmanAnnouncement& a);

/// snake_case keys; "frame" names the kind, "opcode" is the number.
nlohmann::json to_json(const Frame& f);
/// {"value", "os_level", "browser_version", "role": [...]}.
nlohmann::json criteria_json(Criteria c);
nlohmann::json to_json(const LanmanAnnouncement& a);

} // namespace lw::browser
