// Reader for classic pcap files (the tcpdump format; tshark -F pcap):
// both byte orders, microsecond and nanosecond timestamps.  Each record
// comes back with its timestamp, its captured bytes and, for UDP over
// IPv4, the decoded addresses, ports and payload (see frame.h).
//
// The file is untrusted: a record whose length runs past the end of the
// file, or claims more than any capture holds, stops the reader with an
// error at that record's file offset.  Nothing is allocated or copied;
// records point into the caller's bytes, which must outlive them.
//
// Not handled: pcapng (0x0a0d0d0a, reported as Unsupported, so a user can
// be told to write -F pcap) and the modified Kuznetsov format.
// TODO(lanwarden): read pcapng (SHB, IDB, EPB blocks): Wireshark and
// tshark save pcapng by default, so `lanwarden analyze` users will have it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "agent/core/pcap/frame.h"
#include "agent/core/wire/reader.h"
#include "agent/core/wire/result.h"

namespace lw::pcap {

inline constexpr std::size_t kFileHeaderSize = 24;
inline constexpr std::size_t kRecordHeaderSize = 16;
/// The largest caplen accepted: Wireshark's own limit for Ethernet-like
/// link types.  Anything above is a corrupt or hostile header.
inline constexpr std::uint32_t kMaxCaplen = 262144;

inline constexpr std::uint32_t kMagicMicros = 0xa1b2c3d4;
inline constexpr std::uint32_t kMagicNanos = 0xa1b23c4d;

struct FileHeader {
    bool big_endian = false;
    bool nanosecond = false;
    std::uint16_t version_major = 2;
    std::uint16_t version_minor = 4;
    std::uint32_t snaplen = 0;
    /// LINKTYPE_* with the FCS bits (28-31, and 26) masked off.
    std::uint32_t link_type = kLinkEthernet;
};

struct Record {
    std::size_t number = 0; ///< 1-based, like tshark's frame.number
    std::size_t offset = 0; ///< file offset of the record header
    std::uint32_t ts_sec = 0;
    std::uint32_t ts_nsec = 0;    ///< below 1e9; micro files are scaled up
    std::uint32_t orig_len = 0;   ///< length on the wire (len)
    wire::Bytes data;             ///< captured bytes (caplen of them)
    std::optional<UdpPacket> udp; ///< set exactly when skip == None
    Skip skip = Skip::None;

    std::uint32_t ts_usec() const noexcept { return ts_nsec / 1000; }
    /// Seconds since the epoch, for display and differences.
    double time() const noexcept { return ts_sec + ts_nsec / 1e9; }
    bool truncated() const noexcept { return data.size() < orig_len; }
};

class Reader {
  public:
    /// Checks the file header.  Errors: Truncated (shorter than 24 bytes),
    /// Unsupported (pcapng, or version major other than 2), BadValue
    /// (no pcap magic), each at the offset of the offending field.
    static wire::Result<Reader> open(wire::Bytes file) noexcept;

    /// The next record; nullopt at the clean end of the file.  Errors are
    /// sticky (every later call returns the same one): Truncated when the
    /// file ends inside a record, BadLength when caplen exceeds kMaxCaplen
    /// or orig_len, BadValue when the timestamp fraction is out of range.
    wire::Result<std::optional<Record>> next() noexcept;

    const FileHeader& header() const noexcept { return header_; }
    /// File offset of the next record header.
    std::size_t offset() const noexcept { return pos_; }

  private:
    Reader(wire::Bytes file, FileHeader header) noexcept
        : file_(file), header_(header), pos_(kFileHeaderSize) {}

    std::uint32_t u32(wire::Reader& in) const noexcept {
        return header_.big_endian ? in.u32be() : in.u32le();
    }
    wire::Result<std::optional<Record>> fail(wire::ParseError error) noexcept;

    wire::Bytes file_;
    FileHeader header_;
    std::size_t pos_ = 0;
    std::size_t count_ = 0;
    std::optional<wire::ParseError> error_;
};

} // namespace lw::pcap
