#include "agent/core/wire/writer.h"

#include <algorithm>

namespace lw::wire {

bool Writer::room(std::size_t n) noexcept {
    if (failed_ || n > buf_.size() - pos_) {
        failed_ = true;
        return false;
    }
    return true;
}

bool Writer::inside(std::size_t pos, std::size_t n) noexcept {
    if (failed_ || pos > pos_ || n > pos_ - pos) {
        failed_ = true;
        return false;
    }
    return true;
}

void Writer::u8(std::uint8_t v) noexcept {
    if (room(1)) {
        buf_[pos_++] = v;
    }
}

void Writer::u16be(std::uint16_t v) noexcept {
    if (room(2)) {
        buf_[pos_++] = static_cast<std::uint8_t>(v >> 8);
        buf_[pos_++] = static_cast<std::uint8_t>(v);
    }
}

void Writer::u16le(std::uint16_t v) noexcept {
    if (room(2)) {
        buf_[pos_++] = static_cast<std::uint8_t>(v);
        buf_[pos_++] = static_cast<std::uint8_t>(v >> 8);
    }
}

void Writer::u32be(std::uint32_t v) noexcept {
    if (room(4)) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf_[pos_++] = static_cast<std::uint8_t>(v >> shift);
        }
    }
}

void Writer::u32le(std::uint32_t v) noexcept {
    if (room(4)) {
        for (int shift = 0; shift < 32; shift += 8) {
            buf_[pos_++] = static_cast<std::uint8_t>(v >> shift);
        }
    }
}

void Writer::bytes(std::span<const std::uint8_t> b) noexcept {
    if (room(b.size())) {
        std::copy(b.begin(), b.end(), buf_.begin() + static_cast<std::ptrdiff_t>(pos_));
        pos_ += b.size();
    }
}

void Writer::chars(std::string_view s) noexcept {
    if (room(s.size())) {
        for (char c : s) {
            buf_[pos_++] = static_cast<std::uint8_t>(c);
        }
    }
}

void Writer::fill(std::size_t n, std::uint8_t v) noexcept {
    if (room(n)) {
        std::fill_n(buf_.begin() + static_cast<std::ptrdiff_t>(pos_), n, v);
        pos_ += n;
    }
}

void Writer::patch_u8(std::size_t pos, std::uint8_t v) noexcept {
    if (inside(pos, 1)) {
        buf_[pos] = v;
    }
}

void Writer::patch_u16be(std::size_t pos, std::uint16_t v) noexcept {
    if (inside(pos, 2)) {
        buf_[pos] = static_cast<std::uint8_t>(v >> 8);
        buf_[pos + 1] = static_cast<std::uint8_t>(v);
    }
}

void Writer::patch_u16le(std::size_t pos, std::uint16_t v) noexcept {
    if (inside(pos, 2)) {
        buf_[pos] = static_cast<std::uint8_t>(v);
        buf_[pos + 1] = static_cast<std::uint8_t>(v >> 8);
    }
}

void Writer::rewind(Mark m) noexcept {
    if (m.pos <= pos_) {
        pos_ = m.pos;
    }
    failed_ = false;
}

} // namespace lw::wire
