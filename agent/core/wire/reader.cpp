#include "agent/core/wire/reader.h"

namespace lw::wire {

bool Reader::take(std::size_t n) noexcept {
    if (failed_) {
        return false;
    }
    // Compare with what remains, never pos_ + n, so that a huge n from the
    // wire cannot wrap around.
    if (n > data_.size() - pos_) {
        fail();
        return false;
    }
    return true;
}

void Reader::fail() noexcept {
    if (!failed_) {
        failed_ = true;
        fail_offset_ = offset();
    }
}

std::uint8_t Reader::u8() noexcept {
    if (!take(1)) {
        return 0;
    }
    return data_[pos_++];
}

std::uint16_t Reader::u16be() noexcept {
    if (!take(2)) {
        return 0;
    }
    auto v = static_cast<std::uint16_t>(data_[pos_] << 8 | data_[pos_ + 1]);
    pos_ += 2;
    return v;
}

std::uint16_t Reader::u16le() noexcept {
    if (!take(2)) {
        return 0;
    }
    auto v = static_cast<std::uint16_t>(data_[pos_ + 1] << 8 | data_[pos_]);
    pos_ += 2;
    return v;
}

std::uint32_t Reader::u32be() noexcept {
    if (!take(4)) {
        return 0;
    }
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        v = v << 8 | data_[pos_ + i];
    }
    pos_ += 4;
    return v;
}

std::uint32_t Reader::u32le() noexcept {
    if (!take(4)) {
        return 0;
    }
    std::uint32_t v = 0;
    for (std::size_t i = 4; i > 0; --i) {
        v = v << 8 | data_[pos_ + i - 1];
    }
    pos_ += 4;
    return v;
}

Bytes Reader::bytes(std::size_t n) noexcept {
    if (!take(n)) {
        return {};
    }
    Bytes out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
}

Reader Reader::sub(std::size_t n) noexcept {
    std::size_t start = offset();
    Bytes b = bytes(n);
    Reader child(b, start);
    if (failed_) {
        child.fail();
    }
    return child;
}

void Reader::seek(std::size_t pos) noexcept {
    if (failed_) {
        return;
    }
    if (pos > data_.size()) {
        fail();
        return;
    }
    pos_ = pos;
}

} // namespace lw::wire
