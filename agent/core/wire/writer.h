// Bounds-checked writer into a caller's fixed-size buffer.
//
// Sticky like Reader: the first write that does not fit sets failed() and
// nothing more is written.  mark()/rewind() undo a record that did not fit;
// patch_*() fill in a length or offset once what follows it is known.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace lw::wire {

class Writer {
  public:
    explicit Writer(std::span<std::uint8_t> buf) noexcept : buf_(buf) {}

    void u8(std::uint8_t v) noexcept;
    void u16be(std::uint16_t v) noexcept;
    void u16le(std::uint16_t v) noexcept;
    void u32be(std::uint32_t v) noexcept;
    void u32le(std::uint32_t v) noexcept;
    void bytes(std::span<const std::uint8_t> b) noexcept;
    /// The characters of s, without a terminator.
    void chars(std::string_view s) noexcept;
    /// n copies of the byte v.
    void fill(std::size_t n, std::uint8_t v) noexcept;

    /// Overwrite bytes already written at position pos.
    void patch_u8(std::size_t pos, std::uint8_t v) noexcept;
    void patch_u16be(std::size_t pos, std::uint16_t v) noexcept;
    void patch_u16le(std::size_t pos, std::uint16_t v) noexcept;

    struct Mark {
        std::size_t pos;
    };
    Mark mark() const noexcept { return Mark{pos_}; }
    /// Back to a mark: what was written after it is dropped and a failure
    /// that happened after it is forgotten.
    void rewind(Mark m) noexcept;

    std::size_t size() const noexcept { return pos_; }
    std::size_t capacity() const noexcept { return buf_.size(); }
    bool failed() const noexcept { return failed_; }
    std::span<const std::uint8_t> written() const noexcept { return buf_.first(pos_); }

  private:
    bool room(std::size_t n) noexcept;
    bool inside(std::size_t pos, std::size_t n) noexcept;

    std::span<std::uint8_t> buf_;
    std::size_t pos_ = 0;
    bool failed_ = false;
};

} // namespace lw::wire
