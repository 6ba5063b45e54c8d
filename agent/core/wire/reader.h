// Bounds-checked reader over untrusted bytes.
//
// The reader is sticky: the first read that does not fit sets failed(),
// remembers where it happened, and every later read returns zero without
// moving.  A decoder therefore reads its fields in wire order as a straight
// list and checks failed() once per structure.  Byte order is in every
// method name; nothing is ever overlaid on the bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "agent/core/wire/result.h"

namespace lw::wire {

using Bytes = std::span<const std::uint8_t>;

class Reader {
  public:
    /// `base` is the offset of data[0] in the whole datagram, so that errors
    /// of a child reader name an offset the user can find in a hex dump.
    explicit Reader(Bytes data, std::size_t base = 0) noexcept : data_(data), base_(base) {}

    std::uint8_t u8() noexcept;
    std::uint16_t u16be() noexcept;
    std::uint16_t u16le() noexcept;
    std::uint32_t u32be() noexcept;
    std::uint32_t u32le() noexcept;

    /// The next n bytes, or an empty span (and failed()) when fewer remain.
    Bytes bytes(std::size_t n) noexcept;
    void skip(std::size_t n) noexcept { bytes(n); }

    /// A reader over the next n bytes, which this reader skips.  Reads past
    /// them fail in the child and leave this reader alone.
    Reader sub(std::size_t n) noexcept;

    /// Moves to an absolute position inside this reader's data (0-based).
    void seek(std::size_t pos) noexcept;

    std::size_t remaining() const noexcept { return failed_ ? 0 : data_.size() - pos_; }
    bool at_end() const noexcept { return remaining() == 0; }
    /// Position inside this reader's data.
    std::size_t pos() const noexcept { return pos_; }
    /// Position in the whole datagram (base + pos).
    std::size_t offset() const noexcept { return base_ + pos_; }
    std::size_t base() const noexcept { return base_; }
    Bytes data() const noexcept { return data_; }
    /// What is left, without consuming it.
    Bytes rest() const noexcept { return failed_ ? Bytes{} : data_.subspan(pos_); }

    bool failed() const noexcept { return failed_; }
    /// Marks the reader failed at the current offset (a decoder found a
    /// value it cannot accept); the first failure is the one kept.
    void fail() noexcept;
    /// The error to report: Truncated at the offset of the read that failed.
    ParseError error(Errc code = Errc::Truncated) const noexcept {
        return ParseError{code, failed_ ? fail_offset_ : offset()};
    }

  private:
    bool take(std::size_t n) noexcept;

    Bytes data_;
    std::size_t base_ = 0;
    std::size_t pos_ = 0;
    std::size_t fail_offset_ = 0;
    bool failed_ = false;
};

} // namespace lw::wire
