// The FLAGS word of a NetBIOS name service header (RFC 1002 §4.2.1.1) and
// the NB_FLAGS of an address entry (§4.2.1.3).
//
// Both keep the whole 16-bit word as received, reserved bits included, so
// that a decoded message re-encodes to the same bytes; the accessors read
// the fields out of it and the setters change only their own bits.
//
// Not handled: nothing; opcodes and rcodes outside the enums are kept as
// numbers and named "opcode_N" / "rcode_N".
#pragma once

#include <cstdint>
#include <string>

namespace lw::nbns {

/// OPCODE, bits 11-14.  Any 4-bit value can be held; the named ones are
/// those RFC 1002 and Microsoft define.
enum class Opcode : std::uint8_t {
    Query = 0,
    Registration = 5,
    Release = 6,
    Wack = 7,
    Refresh = 8,
    /// RFC 1002's packet diagram for refresh shows 9; Samba accepts it.
    RefreshAlt = 9,
    MultiHomedRegistration = 15,
};

/// RCODE, the low 4 bits.
enum class Rcode : std::uint8_t {
    Ok = 0,
    FmtErr = 1,
    SrvErr = 2,
    NamErr = 3,
    ImpErr = 4,
    RfsErr = 5,
    ActErr = 6, ///< the name is owned by another node
    CftErr = 7, ///< the name is in conflict
};

/// "query", "registration", ..., "opcode_3" for unnamed values.
std::string opcode_name(Opcode op);
/// "ok", "fmt_err", ..., "cft_err", "rcode_9" for unnamed values.
std::string rcode_name(Rcode rc);

class Flags {
  public:
    static constexpr std::uint16_t kResponse = 0x8000;
    static constexpr std::uint16_t kOpcodeMask = 0x7800;
    static constexpr std::uint16_t kAuthoritative = 0x0400;
    static constexpr std::uint16_t kTruncated = 0x0200;
    static constexpr std::uint16_t kRecursionDesired = 0x0100;
    static constexpr std::uint16_t kRecursionAvailable = 0x0080;
    static constexpr std::uint16_t kReserved = 0x0060;
    static constexpr std::uint16_t kBroadcast = 0x0010;
    static constexpr std::uint16_t kRcodeMask = 0x000f;

    constexpr Flags() noexcept = default;
    constexpr explicit Flags(std::uint16_t word) noexcept : word_(word) {}

    constexpr std::uint16_t word() const noexcept { return word_; }

    constexpr bool response() const noexcept { return has(kResponse); }
    constexpr Opcode opcode() const noexcept {
        return static_cast<Opcode>((word_ & kOpcodeMask) >> 11);
    }
    constexpr bool authoritative() const noexcept { return has(kAuthoritative); }
    constexpr bool truncated() const noexcept { return has(kTruncated); }
    constexpr bool recursion_desired() const noexcept { return has(kRecursionDesired); }
    constexpr bool recursion_available() const noexcept { return has(kRecursionAvailable); }
    constexpr bool broadcast() const noexcept { return has(kBroadcast); }
    constexpr Rcode rcode() const noexcept { return static_cast<Rcode>(word_ & kRcodeMask); }
    /// The two reserved bits (0x0060), which senders should leave 0.
    constexpr std::uint16_t reserved() const noexcept { return word_ & kReserved; }
    /// Refresh under either opcode (8, or 9 from the RFC diagram).
    constexpr bool is_refresh() const noexcept {
        return opcode() == Opcode::Refresh || opcode() == Opcode::RefreshAlt;
    }

    constexpr Flags& set_response(bool on) noexcept { return set(kResponse, on); }
    constexpr Flags& set_opcode(Opcode op) noexcept {
        word_ = static_cast<std::uint16_t>((word_ & ~unsigned{kOpcodeMask}) |
                                           ((static_cast<unsigned>(op) << 11) & kOpcodeMask));
        return *this;
    }
    constexpr Flags& set_authoritative(bool on) noexcept { return set(kAuthoritative, on); }
    constexpr Flags& set_truncated(bool on) noexcept { return set(kTruncated, on); }
    constexpr Flags& set_recursion_desired(bool on) noexcept { return set(kRecursionDesired, on); }
    constexpr Flags& set_recursion_available(bool on) noexcept {
        return set(kRecursionAvailable, on);
    }
    constexpr Flags& set_broadcast(bool on) noexcept { return set(kBroadcast, on); }
    constexpr Flags& set_rcode(Rcode rc) noexcept {
        word_ = static_cast<std::uint16_t>((word_ & ~unsigned{kRcodeMask}) |
                                           (static_cast<unsigned>(rc) & kRcodeMask));
        return *this;
    }

    friend constexpr bool operator==(Flags, Flags) noexcept = default;

  private:
    constexpr bool has(std::uint16_t bit) const noexcept { return (word_ & bit) != 0; }
    constexpr Flags& set(std::uint16_t bit, bool on) noexcept {
        word_ = static_cast<std::uint16_t>(on ? (word_ | bit) : (word_ & ~unsigned{bit}));
        return *this;
    }

    std::uint16_t word_ = 0;
};

/// Owner node type (ONT) of a name: how the owner resolves names.
enum class NodeType : std::uint8_t {
    B = 0, ///< broadcast
    P = 1, ///< point-to-point (asks the NBNS)
    M = 2, ///< mixed
    H = 3, ///< hybrid (Microsoft)
};

/// "b", "p", "m", "h".
const char* node_type_name(NodeType type) noexcept;

/// NB_FLAGS of an ADDR_ENTRY in NB RDATA (RFC 1002 §4.2.1.3).
class NbFlags {
  public:
    static constexpr std::uint16_t kGroup = 0x8000;
    static constexpr std::uint16_t kOwnerTypeMask = 0x6000;
    static constexpr std::uint16_t kReserved = 0x1fff;

    constexpr NbFlags() noexcept = default;
    constexpr explicit NbFlags(std::uint16_t word) noexcept : word_(word) {}
    constexpr NbFlags(bool group, NodeType type) noexcept
        : word_(static_cast<std::uint16_t>((group ? kGroup : 0u) |
                                           (static_cast<unsigned>(type) << 13))) {}

    constexpr std::uint16_t word() const noexcept { return word_; }
    constexpr bool group() const noexcept { return (word_ & kGroup) != 0; }
    constexpr NodeType owner_type() const noexcept {
        return static_cast<NodeType>((word_ & kOwnerTypeMask) >> 13);
    }
    constexpr std::uint16_t reserved() const noexcept { return word_ & kReserved; }

    friend constexpr bool operator==(NbFlags, NbFlags) noexcept = default;

  private:
    std::uint16_t word_ = 0;
};

} // namespace lw::nbns
