// Result of decoding untrusted bytes: a value, or an error code with the
// byte offset where decoding stopped.  Decoders return it instead of
// throwing, so a malformed packet is an ordinary outcome that the caller
// counts and drops.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <variant>

namespace lw::wire {

enum class Errc : std::uint8_t {
    Truncated,   ///< the data ends inside a field
    BadLength,   ///< a length or count field disagrees with the data
    BadLabel,    ///< a name label has a reserved length or type
    BadPointer,  ///< a compression pointer points forward or outside
    PointerLoop, ///< too many compression pointers followed
    NameTooLong, ///< a name is longer than RFC 1002 allows
    BadName,     ///< a NetBIOS name is not 32 half-ASCII characters
    BadValue,    ///< a field holds a value the protocol does not allow
    Unsupported, ///< valid but not handled (e.g. a fragment)
    NoSpace,     ///< the output buffer is too small (writers only)
};

/// Short lowercase name for logs and JSON: "truncated", "bad_pointer", ...
std::string_view errc_name(Errc code) noexcept;

struct ParseError {
    Errc code;
    std::size_t offset; ///< byte offset in the whole datagram

    friend bool operator==(const ParseError&, const ParseError&) = default;
};

template <class T> class Result {
  public:
    Result(T value) : v_(std::move(value)) {} // NOLINT: implicit by design
    Result(ParseError error) : v_(error) {}   // NOLINT: implicit by design

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const ParseError& error() const { return std::get<1>(v_); }

  private:
    std::variant<T, ParseError> v_;
};

} // namespace lw::wire
