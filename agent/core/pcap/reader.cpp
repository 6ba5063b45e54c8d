#include "agent/core/pcap/reader.h"

namespace lw::pcap {

namespace {

using wire::Errc;
using wire::ParseError;

constexpr std::uint32_t kMagicPcapng = 0x0a0d0d0a;
// The link-type field's upper bits say whether frames carry an FCS.
constexpr std::uint32_t kLinkTypeMask = 0x03ffffff;

} // namespace

wire::Result<Reader> Reader::open(wire::Bytes file) noexcept {
    wire::Reader in(file);
    // The magic, read little-endian, says the byte order of the rest.
    std::uint32_t magic = in.u32le();
    if (in.failed()) {
        return in.error();
    }
    FileHeader h;
    switch (magic) {
    case kMagicMicros: break;
    case kMagicNanos: h.nanosecond = true; break;
    case 0xd4c3b2a1: h.big_endian = true; break;
    case 0x4d3cb2a1:
        h.big_endian = true;
        h.nanosecond = true;
        break;
    case kMagicPcapng: return ParseError{Errc::Unsupported, 0};
    default: return ParseError{Errc::BadValue, 0};
    }

    h.version_major = h.big_endian ? in.u16be() : in.u16le();
    h.version_minor = h.big_endian ? in.u16be() : in.u16le();
    in.skip(8); // thiszone and sigfigs: always 0 in practice
    h.snaplen = h.big_endian ? in.u32be() : in.u32le();
    std::uint32_t link = h.big_endian ? in.u32be() : in.u32le();
    if (in.failed()) {
        return in.error();
    }
    // Minor versions differ only in details nobody writes any more.
    if (h.version_major != 2) {
        return ParseError{Errc::Unsupported, 4};
    }
    // The snap length is not checked: tools write 262144 or more into
    // tiny files, and no record length is taken from it.
    h.link_type = link & kLinkTypeMask;
    return Reader(file, h);
}

wire::Result<std::optional<Record>> Reader::fail(ParseError error) noexcept {
    error_ = error;
    return error;
}

wire::Result<std::optional<Record>> Reader::next() noexcept {
    if (error_) {
        return *error_;
    }
    if (pos_ == file_.size()) {
        return std::optional<Record>{};
    }

    wire::Reader in(file_.subspan(pos_), pos_);
    Record r;
    r.offset = pos_;
    r.ts_sec = u32(in);
    std::uint32_t fraction = u32(in);
    std::uint32_t caplen = u32(in);
    r.orig_len = u32(in);
    if (in.failed()) {
        return fail(in.error());
    }

    if (fraction >= (header_.nanosecond ? 1000000000u : 1000000u)) {
        return fail(ParseError{Errc::BadValue, pos_ + 4});
    }
    r.ts_nsec = header_.nanosecond ? fraction : fraction * 1000;
    // Judge caplen before using it, so that a hostile value is reported
    // as what it is rather than as a short file.
    if (caplen > kMaxCaplen || caplen > r.orig_len) {
        return fail(ParseError{Errc::BadLength, pos_ + 8});
    }
    if (caplen > in.remaining()) {
        return fail(ParseError{Errc::Truncated, pos_ + kRecordHeaderSize});
    }

    r.data = in.bytes(caplen);
    r.number = ++count_;
    pos_ += kRecordHeaderSize + caplen;

    Decoded d = decode_frame(header_.link_type, r.data);
    r.udp = d.udp;
    r.skip = d.skip;
    return std::optional<Record>{r};
}

} // namespace lw::pcap
