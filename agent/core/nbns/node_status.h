// NODE STATUS RDATA (RFC 1002 §4.2.18): the name table of a node and its
// adapter statistics, the answer to an NBSTAT query.
//
//   NUM_NAMES u8 · NUM_NAMES × { 15 raw name bytes, suffix, NAME_FLAGS u16be }
//   · STATISTICS (46 bytes, big-endian, UNIT_ID first)
//
// The names are raw 16-byte fields, not first-level encoded, and not NUL
// terminated.  Samba zeroes the whole statistics block (MAC 00:00:00:00:00:00),
// some stacks send it short or not at all, and Windows pads: a statistics
// block shorter than 46 bytes is kept as raw bytes with the MAC unknown, and
// bytes after it are kept too, so that the RDATA re-encodes unchanged.
//
// Not handled: nothing known.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agent/core/nbns/flags.h"
#include "agent/core/netbios/name.h"
#include "agent/core/wire/reader.h"
#include "agent/core/wire/result.h"
#include "agent/core/wire/writer.h"

namespace lw::nbns {

/// NAME_FLAGS of a node status entry.
class NameFlags {
  public:
    static constexpr std::uint16_t kGroup = 0x8000;
    static constexpr std::uint16_t kOwnerTypeMask = 0x6000;
    static constexpr std::uint16_t kDeregistering = 0x1000; ///< DRG
    static constexpr std::uint16_t kConflict = 0x0800;      ///< CNF
    static constexpr std::uint16_t kActive = 0x0400;        ///< ACT, always set
    static constexpr std::uint16_t kPermanent = 0x0200;     ///< PRM
    static constexpr std::uint16_t kReserved = 0x01ff;

    constexpr NameFlags() noexcept = default;
    constexpr explicit NameFlags(std::uint16_t word) noexcept : word_(word) {}
    /// Active name of the given kind, as Samba announces its own names.
    constexpr NameFlags(bool group, NodeType type) noexcept
        : word_(static_cast<std::uint16_t>((group ? kGroup : 0u) |
                                           (static_cast<unsigned>(type) << 13) | kActive)) {}

    constexpr std::uint16_t word() const noexcept { return word_; }
    constexpr bool group() const noexcept { return (word_ & kGroup) != 0; }
    constexpr NodeType owner_type() const noexcept {
        return static_cast<NodeType>((word_ & kOwnerTypeMask) >> 13);
    }
    constexpr bool deregistering() const noexcept { return (word_ & kDeregistering) != 0; }
    constexpr bool conflict() const noexcept { return (word_ & kConflict) != 0; }
    constexpr bool active() const noexcept { return (word_ & kActive) != 0; }
    constexpr bool permanent() const noexcept { return (word_ & kPermanent) != 0; }
    constexpr std::uint16_t reserved() const noexcept { return word_ & kReserved; }

    friend constexpr bool operator==(NameFlags, NameFlags) noexcept = default;

  private:
    std::uint16_t word_ = 0;
};

struct NodeName {
    netbios::Name name; ///< no scope: the wire field has none
    NameFlags flags;

    friend bool operator==(const NodeName&, const NodeName&) = default;
};

using MacAddress = std::array<std::uint8_t, 6>;

/// "00:1a:2b:3c:4d:5e".
std::string mac_to_string(const MacAddress& mac);

/// The 46-byte STATISTICS block, every field in wire order.
struct Statistics {
    MacAddress unit_id{}; ///< the adapter's MAC; all zero from Samba
    std::uint8_t jumpers = 0;
    std::uint8_t test_result = 0;
    std::uint16_t version_number = 0;
    std::uint16_t period_of_statistics = 0;
    std::uint16_t crc_errors = 0;
    std::uint16_t alignment_errors = 0;
    std::uint16_t collisions = 0;
    std::uint16_t send_aborts = 0;
    std::uint32_t good_sends = 0;
    std::uint32_t good_receives = 0;
    std::uint16_t retransmits = 0;
    std::uint16_t no_resource_conditions = 0;
    std::uint16_t free_command_blocks = 0;
    std::uint16_t total_command_blocks = 0;
    std::uint16_t max_total_command_blocks = 0;
    std::uint16_t pending_sessions = 0;
    std::uint16_t max_pending_sessions = 0;
    std::uint16_t max_total_sessions = 0;
    std::uint16_t session_data_packet_size = 0;

    friend bool operator==(const Statistics&, const Statistics&) = default;
};

inline constexpr std::size_t kNodeNameSize = 18;
inline constexpr std::size_t kStatisticsSize = 46;

struct NodeStatus {
    std::vector<NodeName> names;
    /// Absent when fewer than 46 bytes follow the names.
    std::optional<Statistics> statistics;
    /// Bytes after the names that are not a full statistics block (a short
    /// block), or after the statistics (padding); re-encoded as they came.
    /// (Without statistics, 46 or more extra bytes would decode back as a
    /// statistics block: the decoder never produces that.)
    std::vector<std::uint8_t> extra;

    /// The UNIT_ID, when the statistics block is there.
    std::optional<MacAddress> mac() const {
        return statistics ? std::optional<MacAddress>(statistics->unit_id) : std::nullopt;
    }

    friend bool operator==(const NodeStatus&, const NodeStatus&) = default;
};

/// Decodes node status RDATA; `in` must be a reader over exactly the RDATA
/// (its base the RDATA's offset in the message).  A NUM_NAMES the RDATA
/// cannot hold is BadLength at the offset of the first entry that does not
/// fit; nothing is allocated beyond what the RDATA holds.
wire::Result<NodeStatus> read_node_status(wire::Reader& in);

/// Writes node status RDATA.  False when there are more than 255 names
/// (NUM_NAMES is one byte); a full writer shows in out.failed().
bool write_node_status(wire::Writer& out, const NodeStatus& status);

/// RDATA size of a node status.
std::size_t encoded_size(const NodeStatus& status) noexcept;

} // namespace lw::nbns
