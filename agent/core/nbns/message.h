// NetBIOS name service messages (UDP 137, RFC 1002 §4.2): header, questions
// and resource records, decoded from a datagram and encoded into a buffer.
//
//   NAME_TRN_ID u16 · FLAGS u16 · QDCOUNT · ANCOUNT · NSCOUNT · ARCOUNT
//   questions:  NAME · TYPE u16 · CLASS u16
//   records:    NAME · TYPE u16 · CLASS u16 · TTL u32 · RDLENGTH u16 · RDATA
//
// Every field is big-endian.  Names may be DNS compression pointers (Samba
// and Windows name the additional record of a registration, release or
// refresh with C0 0C, a pointer to the question name at offset 12); the
// decoder follows them, and the encoder writes that one pointer when the
// message asks for it (Message::compression), every other name in full.
// RDATA is typed by the record type: NB (address entries), NBSTAT (node
// status), and in a WACK the 2-byte copy of the request's flags; anything
// else is kept as raw bytes.  Bytes after the last record are ignored and counted, because
// Windows pads some packets.
//
// Not handled: the redirect name query response's NS and A records are not
// interpreted (kept raw); lanwarden is no NBNS client of a WINS server.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "agent/core/nbns/flags.h"
#include "agent/core/nbns/node_status.h"
#include "agent/core/net/ipv4.h"
#include "agent/core/netbios/name.h"
#include "agent/core/wire/reader.h"
#include "agent/core/wire/result.h"
#include "agent/core/wire/writer.h"

namespace lw::nbns {

inline constexpr std::uint16_t kPort = 137;
inline constexpr std::size_t kHeaderSize = 12;
/// RFC 1002 §4.2.1.3: an NB address entry is NB_FLAGS and a 4-byte address.
inline constexpr std::size_t kAddressEntrySize = 6;
inline constexpr std::uint16_t kClassIn = 0x0001;
/// RFC 1002 §6 MAX_DATAGRAM_LENGTH, what a sender should stay within.
inline constexpr std::size_t kMaxDatagram = 576;

/// Question and record types.  Other values are kept as they came.
enum class RrType : std::uint16_t {
    A = 0x0001,
    Ns = 0x0002,
    Null = 0x000a,
    Nb = 0x0020,
    Nbstat = 0x0021,
};

/// "nb", "nbstat", "a", "ns", "null", "type_N" for others.
std::string rr_type_name(RrType type);

struct Question {
    netbios::Name name;
    RrType type = RrType::Nb;
    std::uint16_t klass = kClassIn;

    friend bool operator==(const Question&, const Question&) = default;
};

struct NbAddress {
    NbFlags flags;
    net::Ipv4 address;

    friend bool operator==(const NbAddress&, const NbAddress&) = default;
};

/// RDATA of an NB record: zero or more address entries.
struct NbRdata {
    std::vector<NbAddress> entries;

    friend bool operator==(const NbRdata&, const NbRdata&) = default;
};

/// RDATA of a WACK (RFC 1002 §4.2.16): the flags of the request it delays.
struct WackRdata {
    Flags request_flags;

    friend bool operator==(const WackRdata&, const WackRdata&) = default;
};

/// RDATA of any other type (NULL, A, NS, unknown), as it came.
struct RawRdata {
    std::vector<std::uint8_t> bytes;

    friend bool operator==(const RawRdata&, const RawRdata&) = default;
};

using Rdata = std::variant<NbRdata, WackRdata, NodeStatus, RawRdata>;

/// How encode_message() writes the names of records.
enum class NameCompression : std::uint8_t {
    /// Every name in full.
    None,
    /// An additional record whose name is the first question's (same bytes,
    /// same scope) is named by the pointer C0 0C, as Samba and Windows send
    /// their registrations, releases and refreshes: 68 bytes instead of 100
    /// for a name without scope.
    AdditionalToQuestion,
};

struct ResourceRecord {
    netbios::Name name;
    RrType type = RrType::Nb;
    std::uint16_t klass = kClassIn;
    std::uint32_t ttl = 0; ///< seconds, 0 = infinite
    Rdata rdata;           ///< RDLENGTH is derived from it when encoding

    friend bool operator==(const ResourceRecord&, const ResourceRecord&) = default;
};

struct Message {
    std::uint16_t transaction_id = 0;
    Flags flags;
    std::vector<Question> questions;
    std::vector<ResourceRecord> answers;
    std::vector<ResourceRecord> authorities;
    std::vector<ResourceRecord> additionals;
    /// Bytes after the last record: ignored by the decoder, not encoded.
    std::size_t trailing = 0;
    /// A choice of the encoder, not content: the decoder leaves it None
    /// whatever form the names had, and == ignores it.
    NameCompression compression = NameCompression::None;

    /// The first answer's address entries, or nullptr.
    const NbRdata* first_nb_answer() const noexcept;
    /// The first answer's node status, or nullptr.
    const NodeStatus* node_status() const noexcept;

    /// Same content and trailing byte count; compression is not compared.
    friend bool operator==(const Message& a, const Message& b);
};

/// Equal apart from `trailing` (and compression): what a re-encoded message
/// must preserve.
bool same_content(const Message& a, const Message& b);

/// Decodes one datagram.  Errors (offsets into `data`):
/// - Truncated where a field or a record the counts promise is missing,
///   including RDATA that RDLENGTH puts beyond the datagram;
/// - BadLength at the RDATA when NB RDATA is not a multiple of 6 bytes, a
///   WACK's is not 2, or node status entries do not fit their RDATA;
/// - the name errors of netbios::read_name (BadName, BadPointer, ...).
/// Counts are never used to allocate: records are read one at a time.
wire::Result<Message> decode_message(wire::Bytes data);

/// Writes the message with full names, apart from the pointer that
/// msg.compression asks for; RDLENGTH and the counts come from the
/// contents.  kMaxDatagram is the caller's to keep.  False when the writer
/// ran out of room or a count, RDLENGTH or NUM_NAMES does not fit its
/// field; what was written is then unusable.
bool encode_message(const Message& msg, wire::Writer& out);

/// The size encode_message() writes.
std::size_t encoded_size(const Message& msg) noexcept;

/// Encodes into a new buffer of exactly encoded_size(); empty when a count
/// or length does not fit its field.
std::vector<std::uint8_t> encode_message(const Message& msg);

} // namespace lw::nbns
