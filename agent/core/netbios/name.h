// NetBIOS names (RFC 1001 §14, RFC 1002 §4.1): 15 characters, a suffix byte
// that says what the name is for, and an optional scope.
//
// A name is kept as its 16 raw bytes, exactly as on the wire, so that a
// decoded name re-encodes to the same bytes; text() strips the padding.
// On the wire it is "first-level" encoded (each byte as two letters 'A'+nibble,
// 32 letters) in a DNS-style label, followed by the scope labels; DNS
// compression pointers may replace any tail of the labels.
//
// Not handled: scopes with labels containing '.', which have no textual form.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "agent/core/wire/reader.h"
#include "agent/core/wire/result.h"
#include "agent/core/wire/writer.h"

namespace lw::netbios {

inline constexpr std::size_t kNameChars = 15;
inline constexpr std::size_t kRawNameSize = 16;
/// RFC 1002 §4.1: a whole encoded name, labels and terminator, is at most
/// 255 bytes.
inline constexpr std::size_t kMaxEncodedName = 255;

// Suffixes (the 16th byte) that browsing uses.
inline constexpr std::uint8_t kSuffixWorkstation = 0x00;
inline constexpr std::uint8_t kSuffixMessenger = 0x03;
inline constexpr std::uint8_t kSuffixServer = 0x20;
inline constexpr std::uint8_t kSuffixDomainMaster = 0x1b;
inline constexpr std::uint8_t kSuffixDomainControllers = 0x1c;
inline constexpr std::uint8_t kSuffixMasterBrowser = 0x1d;
inline constexpr std::uint8_t kSuffixBrowserElection = 0x1e;
inline constexpr std::uint8_t kSuffixMsbrowse = 0x01;

using RawName = std::array<std::uint8_t, kRawNameSize>;

class Name {
public:
    /// "*"<00> with NUL padding: the wildcard of node status requests.
    Name();

    /// A name from its text: upper-cased, padded with spaces (NULs for "*").
    /// nullopt when the text is longer than 15 bytes or the scope has an
    /// empty or over-long label.
    static std::optional<Name> make(std::string_view text, std::uint8_t suffix,
                                    std::string_view scope = {});
    static Name from_raw(const RawName& raw, std::string scope = {});
    /// The __MSBROWSE__<01> group name (with its control bytes).
    static Name msbrowse();

    const RawName& raw() const noexcept { return raw_; }
    std::uint8_t suffix() const noexcept { return raw_[15]; }
    /// The 15 name bytes without trailing spaces and NULs.
    std::string text() const;
    /// Dotted scope, "" when there is none.
    const std::string& scope() const noexcept { return scope_; }

    /// text() with control bytes and bytes above 0x7e escaped as \xNN
    /// (wire::escape_text), for logs and JSON: "\x01\x02__MSBROWSE__\x02".
    std::string printable_text() const;
    /// printable_text() with the suffix and scope: "SPRINGFIELD<1d>".
    std::string printable() const;

    /// Same name: bytes compared without regard to ASCII case, scopes too.
    bool same_as(const Name& other) const noexcept;
    friend bool operator==(const Name&, const Name&) = default;

private:
    RawName raw_{};
    std::string scope_;
};

/// Reads an encoded name at the reader's position.  Compression pointers
/// resolve against the reader's whole data, which must be the whole NetBIOS
/// message; they must point backwards, and at most kMaxPointers are
/// followed.  Errors: Truncated, BadName (first label not 32 letters
/// 'A'-'P'), BadLabel, BadPointer, PointerLoop, NameTooLong.
wire::Result<Name> read_name(wire::Reader& in);

inline constexpr int kMaxPointers = 8;

/// Writes the full encoded name (never compressed).
void write_name(wire::Writer& out, const Name& name);

/// Encoded size of a name on the wire, without compression.
std::size_t encoded_size(const Name& name) noexcept;

}  // namespace lw::netbios
