#include "agent/core/netbios/name.h"

#include <algorithm>

#include "agent/core/wire/hex.h"

namespace lw::netbios {

namespace {

constexpr std::uint8_t kLabelLength = 32;  // first-level encoded 16 bytes
constexpr std::uint8_t kPointerBits = 0xc0;
constexpr std::size_t kMaxScopeLabel = 63;

char upper(char c) noexcept {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

std::uint8_t upper_byte(std::uint8_t b) noexcept {
    return (b >= 'a' && b <= 'z') ? static_cast<std::uint8_t>(b - 'a' + 'A') : b;
}

bool valid_scope(std::string_view scope) noexcept {
    if (scope.empty()) {
        return true;
    }
    // Dots separate labels; every label is 1-63 bytes and the whole name
    // (34 bytes of first label, each scope label plus its length byte, and
    // the terminator) fits in 255 bytes.
    if (34 + scope.size() + 1 > kMaxEncodedName) {
        return false;
    }
    std::size_t label = 0;
    for (char c : scope) {
        if (c == '.') {
            if (label == 0) {
                return false;
            }
            label = 0;
        } else if (++label > kMaxScopeLabel) {
            return false;
        }
    }
    return label != 0;
}

}  // namespace

Name::Name() {
    raw_.fill(0);
    raw_[0] = '*';
}

std::optional<Name> Name::make(std::string_view text, std::uint8_t suffix,
                               std::string_view scope) {
    if (text.size() > kNameChars || !valid_scope(scope)) {
        return std::nullopt;
    }
    Name n;
    // The wildcard "*" is padded with NULs, every other name with spaces.
    n.raw_.fill(text == "*" ? 0x00 : 0x20);
    for (std::size_t i = 0; i < text.size(); ++i) {
        n.raw_[i] = static_cast<std::uint8_t>(upper(text[i]));
    }
    n.raw_[15] = suffix;
    n.scope_ = std::string(scope);
    return n;
}

Name Name::from_raw(const RawName& raw, std::string scope) {
    Name n;
    n.raw_ = raw;
    n.scope_ = std::move(scope);
    return n;
}

Name Name::msbrowse() {
    static constexpr RawName kMsbrowse = {0x01, 0x02, '_', '_', 'M', 'S', 'B', 'R',
                                          'O',  'W',  'S', 'E', '_', '_', 0x02, 0x01};
    return from_raw(kMsbrowse);
}

std::string Name::text() const {
    std::size_t len = kNameChars;
    while (len > 0 && (raw_[len - 1] == 0x20 || raw_[len - 1] == 0x00)) {
        --len;
    }
    return std::string(raw_.begin(), raw_.begin() + static_cast<std::ptrdiff_t>(len));
}

std::string Name::printable_text() const {
    return wire::escape_text(text());
}

std::string Name::printable() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out = printable_text();
    out.push_back('<');
    out.push_back(kDigits[suffix() >> 4]);
    out.push_back(kDigits[suffix() & 0x0f]);
    out.push_back('>');
    if (!scope_.empty()) {
        out.push_back('.');
        out += wire::escape_text(scope_);
    }
    return out;
}

bool Name::same_as(const Name& other) const noexcept {
    for (std::size_t i = 0; i < kRawNameSize; ++i) {
        if (upper_byte(raw_[i]) != upper_byte(other.raw_[i])) {
            return false;
        }
    }
    return std::equal(scope_.begin(), scope_.end(), other.scope_.begin(), other.scope_.end(),
                      [](char a, char b) { return upper(a) == upper(b); });
}

wire::Result<Name> read_name(wire::Reader& in) {
    // `at` walks the labels; it starts as the caller's reader and becomes a
    // reader over the whole message at the first pointer.  The caller's
    // reader then resumes after that pointer.
    wire::Reader at = in;
    bool jumped = false;
    int pointers = 0;
    std::size_t encoded = 0;
    RawName raw{};
    std::string scope;
    bool first = true;

    for (;;) {
        std::size_t label_at = at.offset();
        std::uint8_t len = at.u8();
        if (at.failed()) {
            return at.error();
        }
        if ((len & kPointerBits) == kPointerBits) {
            std::uint8_t low = at.u8();
            if (at.failed()) {
                return at.error();
            }
            std::size_t target = static_cast<std::size_t>(len & 0x3f) << 8 | low;
            // Only backward pointers: they cannot loop, and a forward one
            // would point into data that is not a name.
            if (target >= at.pos() - 2) {
                return wire::ParseError{wire::Errc::BadPointer, label_at};
            }
            if (++pointers > kMaxPointers) {
                return wire::ParseError{wire::Errc::PointerLoop, label_at};
            }
            if (!jumped) {
                in = at;  // the caller continues after the first pointer
                jumped = true;
            }
            at = wire::Reader(in.data(), in.base());
            at.seek(target);
            continue;
        }
        if ((len & kPointerBits) != 0) {
            return wire::ParseError{wire::Errc::BadLabel, label_at};
        }
        encoded += 1u + len;
        if (encoded > kMaxEncodedName) {
            return wire::ParseError{wire::Errc::NameTooLong, label_at};
        }
        if (len == 0) {
            if (first) {
                return wire::ParseError{wire::Errc::BadName, label_at};
            }
            break;
        }
        wire::Bytes label = at.bytes(len);
        if (at.failed()) {
            return at.error();
        }
        if (first) {
            if (len != kLabelLength) {
                return wire::ParseError{wire::Errc::BadName, label_at};
            }
            for (std::size_t i = 0; i < kRawNameSize; ++i) {
                std::uint8_t hi = label[2 * i];
                std::uint8_t lo = label[2 * i + 1];
                if (hi < 'A' || hi > 'P' || lo < 'A' || lo > 'P') {
                    return wire::ParseError{wire::Errc::BadName, label_at + 1 + 2 * i};
                }
                raw[i] = static_cast<std::uint8_t>((hi - 'A') << 4 | (lo - 'A'));
            }
            first = false;
            continue;
        }
        if (std::find(label.begin(), label.end(), '.') != label.end()) {
            return wire::ParseError{wire::Errc::BadLabel, label_at};
        }
        if (!scope.empty()) {
            scope.push_back('.');
        }
        scope.append(label.begin(), label.end());
    }
    if (!jumped) {
        in = at;
    }
    return Name::from_raw(raw, std::move(scope));
}

void write_name(wire::Writer& out, const Name& name) {
    out.u8(kLabelLength);
    for (std::uint8_t b : name.raw()) {
        out.u8(static_cast<std::uint8_t>('A' + (b >> 4)));
        out.u8(static_cast<std::uint8_t>('A' + (b & 0x0f)));
    }
    std::string_view scope = name.scope();
    while (!scope.empty()) {
        std::size_t dot = scope.find('.');
        std::string_view label = scope.substr(0, dot);
        out.u8(static_cast<std::uint8_t>(label.size()));
        out.chars(label);
        scope = dot == std::string_view::npos ? std::string_view{} : scope.substr(dot + 1);
    }
    out.u8(0);
}

std::size_t encoded_size(const Name& name) noexcept {
    // Length byte, 32 letters, terminator; each scope label adds its bytes
    // plus a length byte, which the dots already count except for the first.
    return 34 + (name.scope().empty() ? 0 : name.scope().size() + 1);
}

}  // namespace lw::netbios
