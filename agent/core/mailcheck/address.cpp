#include "agent/core/mailcheck/address.h"

#include <cstddef>

#include "agent/core/wire/hex.h"

namespace lw::mailcheck {

namespace {

// Parses the groups on one side of "::" (or the whole address) into
// words.  Returns the number of 16-bit words written, or -1.  A dotted
// quad is allowed as the last item when allow_v4 is set and counts as two
// words.
int parse_groups(std::string_view s, std::array<std::uint16_t, 8>& words, bool allow_v4) noexcept {
    int n = 0;
    if (s.empty()) {
        return 0;
    }
    while (true) {
        std::size_t colon = s.find(':');
        std::string_view part = s.substr(0, colon);
        bool last = colon == std::string_view::npos;
        if (last && allow_v4 && part.find('.') != std::string_view::npos) {
            auto v4 = net::Ipv4::parse(part);
            if (!v4 || n > 6) {
                return -1;
            }
            words[static_cast<std::size_t>(n++)] = static_cast<std::uint16_t>(v4->value >> 16);
            words[static_cast<std::size_t>(n++)] = static_cast<std::uint16_t>(v4->value & 0xffff);
            return n;
        }
        if (part.empty() || part.size() > 4 || n >= 8) {
            return -1;
        }
        unsigned v = 0;
        for (char c : part) {
            int h = wire::hex_digit(c);
            if (h < 0) {
                return -1;
            }
            v = v << 4 | static_cast<unsigned>(h);
        }
        words[static_cast<std::size_t>(n++)] = static_cast<std::uint16_t>(v);
        if (last) {
            return n;
        }
        s = s.substr(colon + 1);
    }
}

std::optional<IpAddress> parse_v6(std::string_view text) noexcept {
    std::array<std::uint16_t, 8> head{};
    std::array<std::uint16_t, 8> tail{};
    int nhead = 0;
    int ntail = 0;
    std::size_t gap = text.find("::");
    if (gap == std::string_view::npos) {
        nhead = parse_groups(text, head, true);
        if (nhead != 8) {
            return std::nullopt;
        }
    } else {
        std::string_view left = text.substr(0, gap);
        std::string_view right = text.substr(gap + 2);
        if (right.find("::") != std::string_view::npos) {
            return std::nullopt;
        }
        nhead = parse_groups(left, head, false);
        ntail = parse_groups(right, tail, true);
        // "::" stands for at least one zero group.
        if (nhead < 0 || ntail < 0 || nhead + ntail > 7) {
            return std::nullopt;
        }
    }
    IpAddress a;
    a.family = Family::V6;
    std::array<std::uint16_t, 8> words{};
    for (int i = 0; i < nhead; ++i) {
        words[static_cast<std::size_t>(i)] = head[static_cast<std::size_t>(i)];
    }
    for (int i = 0; i < ntail; ++i) {
        words[static_cast<std::size_t>(8 - ntail + i)] = tail[static_cast<std::size_t>(i)];
    }
    for (std::size_t i = 0; i < 8; ++i) {
        a.bytes[2 * i] = static_cast<std::uint8_t>(words[i] >> 8);
        a.bytes[2 * i + 1] = static_cast<std::uint8_t>(words[i] & 0xff);
    }
    return a;
}

void append_hex(std::string& out, unsigned v) {
    static constexpr char kDigits[] = "0123456789abcdef";
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
        unsigned d = v >> shift & 0xf;
        if (d != 0 || started || shift == 0) {
            out.push_back(kDigits[d]);
            started = true;
        }
    }
}

std::string dotted(const std::uint8_t* b) {
    return net::Ipv4::from_octets(b[0], b[1], b[2], b[3]).to_string();
}

} // namespace

IpAddress IpAddress::v4(net::Ipv4 a) noexcept {
    IpAddress out;
    out.family = Family::V4;
    out.bytes[0] = static_cast<std::uint8_t>(a.value >> 24);
    out.bytes[1] = static_cast<std::uint8_t>(a.value >> 16);
    out.bytes[2] = static_cast<std::uint8_t>(a.value >> 8);
    out.bytes[3] = static_cast<std::uint8_t>(a.value);
    return out;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) noexcept {
    if (text.find(':') == std::string_view::npos) {
        auto v4 = net::Ipv4::parse(text);
        if (!v4) {
            return std::nullopt;
        }
        return IpAddress::v4(*v4);
    }
    return parse_v6(text);
}

std::string IpAddress::to_string() const {
    if (family == Family::V4) {
        return dotted(bytes.data());
    }
    std::array<unsigned, 8> w{};
    for (std::size_t i = 0; i < 8; ++i) {
        w[i] = static_cast<unsigned>(bytes[2 * i]) << 8 | bytes[2 * i + 1];
    }

    // Longest run of zero words, the first one on a tie; a single zero
    // word is not compressed.
    int best = -1;
    int best_len = 0;
    for (int i = 0; i < 8;) {
        if (w[static_cast<std::size_t>(i)] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && w[static_cast<std::size_t>(j)] == 0) {
            ++j;
        }
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j;
    }
    if (best_len < 2) {
        best = -1;
    }

    std::string out;
    for (int i = 0; i < 8; ++i) {
        if (i == best) {
            out += "::";
            i += best_len - 1;
            continue;
        }
        // glibc prints the last 32 bits as a dotted quad for ::a.b.c.d
        // and ::ffff:a.b.c.d.
        if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff))) {
            if (out.back() != ':') {
                out.push_back(':');
            }
            out += dotted(bytes.data() + 12);
            break;
        }
        if (!out.empty() && out.back() != ':') {
            out.push_back(':');
        }
        append_hex(out, w[static_cast<std::size_t>(i)]);
    }
    return out;
}

std::string IpAddress::ptr_name() const {
    std::string out;
    if (family == Family::V4) {
        for (int i = 3; i >= 0; --i) {
            out += std::to_string(bytes[static_cast<std::size_t>(i)]);
            out.push_back('.');
        }
        return out + "in-addr.arpa";
    }
    static constexpr char kDigits[] = "0123456789abcdef";
    for (int i = 15; i >= 0; --i) {
        std::uint8_t b = bytes[static_cast<std::size_t>(i)];
        out.push_back(kDigits[b & 0xf]);
        out.push_back('.');
        out.push_back(kDigits[b >> 4]);
        out.push_back('.');
    }
    return out + "ip6.arpa";
}

bool IpAddress::is_v4_mapped() const noexcept {
    if (family != Family::V6) {
        return false;
    }
    for (std::size_t i = 0; i < 10; ++i) {
        if (bytes[i] != 0) {
            return false;
        }
    }
    return bytes[10] == 0xff && bytes[11] == 0xff;
}

IpAddress IpAddress::unmapped() const noexcept {
    if (!is_v4_mapped()) {
        return *this;
    }
    IpAddress out;
    out.family = Family::V4;
    for (std::size_t i = 0; i < 4; ++i) {
        out.bytes[i] = bytes[12 + i];
    }
    return out;
}

} // namespace lw::mailcheck
