#include "agent/core/smb/mailslot.h"

#include "agent/core/wire/hex.h"

#include <algorithm>
#include <limits>

#include <nlohmann/json.hpp>

namespace lw::smb {

namespace {

using wire::Errc;
using wire::ParseError;

constexpr std::array<std::uint8_t, 4> kProtocol = {0xff, 'S', 'M', 'B'};

char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

SmbHeader read_header_fields(wire::Reader& in) noexcept {
    SmbHeader h;
    h.status = in.u32le();
    h.flags = in.u8();
    h.flags2 = in.u16le();
    h.pid_high = in.u16le();
    wire::Bytes sig = in.bytes(h.signature.size());
    if (!in.failed()) {
        std::copy(sig.begin(), sig.end(), h.signature.begin());
    }
    h.reserved = in.u16le();
    h.tid = in.u16le();
    h.pid_low = in.u16le();
    h.uid = in.u16le();
    h.mid = in.u16le();
    return h;
}

void write_header(wire::Writer& out, const SmbHeader& h) noexcept {
    out.bytes(kProtocol);
    out.u8(kComTransaction);
    out.u32le(h.status);
    out.u8(h.flags);
    out.u16le(h.flags2);
    out.u16le(h.pid_high);
    out.bytes(h.signature);
    out.u16le(h.reserved);
    out.u16le(h.tid);
    out.u16le(h.pid_low);
    out.u16le(h.uid);
    out.u16le(h.mid);
}

// The data through DataOffset and DataCount, which count from the start of
// the message.  Data may not start inside the header or the words.
wire::Result<wire::Bytes> locate_data(wire::Bytes msg, std::size_t base, std::uint16_t offset,
                                      std::uint16_t count) noexcept {
    if (count == 0) {
        return wire::Bytes{};
    }
    if (offset < kMailslotNameOffset || offset > msg.size()) {
        return ParseError{Errc::BadLength, base + kDataOffsetOffset};
    }
    if (count > msg.size() - offset) {
        return ParseError{Errc::BadLength, base + kDataCountOffset};
    }
    return msg.subspan(offset, count);
}

} // namespace

bool is_mailslot(std::string_view name, std::string_view mailslot) noexcept {
    return std::equal(name.begin(), name.end(), mailslot.begin(), mailslot.end(),
                      [](char a, char b) { return lower(a) == lower(b); });
}

wire::Result<MailslotWrite> decode_mailslot(wire::Bytes msg, std::size_t base) {
    wire::Reader in(msg, base);
    MailslotWrite m;
    wire::Bytes protocol = in.bytes(kProtocol.size());
    std::uint8_t command = in.u8();
    m.header = read_header_fields(in);
    std::uint8_t word_count = in.u8();
    if (in.failed()) {
        return in.error();
    }
    if (!std::equal(protocol.begin(), protocol.end(), kProtocol.begin(), kProtocol.end())) {
        return ParseError{Errc::BadValue, base};
    }
    if (command != kComTransaction) {
        return ParseError{Errc::Unsupported, base + kCommandOffset};
    }
    if (word_count != kMailslotWordCount) {
        return ParseError{Errc::BadValue, base + kWordCountOffset};
    }

    // Parameter words.  Parameters are never used by a mailslot write, so
    // their counts and offset are read past (ParameterOffset is 0 from
    // some senders).
    in.skip(2); // TotalParameterCount
    // TODO(lanwarden): TotalDataCount > DataCount would announce secondary
    // messages, which mailslots do not use; the DataCount part is taken as
    // the whole frame instead of being refused or reassembled.
    in.skip(2); // TotalDataCount
    m.max_parameter_count = in.u16le();
    m.max_data_count = in.u16le();
    m.max_setup_count = in.u8();
    in.skip(1);
    m.flags = in.u16le();
    m.timeout = in.u32le();
    in.skip(2);
    in.skip(4); // ParameterCount, ParameterOffset
    std::uint16_t data_count = in.u16le();
    std::uint16_t data_offset = in.u16le();
    std::uint8_t setup_count = in.u8();
    in.skip(1);
    if (in.failed()) {
        return in.error();
    }
    if (setup_count != kMailslotSetupCount) {
        return ParseError{Errc::BadValue, base + kSetupCountOffset};
    }

    std::uint16_t opcode = in.u16le();
    m.priority = in.u16le();
    m.mailslot_class = in.u16le();
    std::uint16_t byte_count = in.u16le();
    if (in.failed()) {
        return in.error();
    }
    if (opcode != kOpcodeMailslotWrite) {
        return ParseError{Errc::Unsupported, base + kSetupOffset};
    }
    if (byte_count > in.remaining()) {
        return ParseError{Errc::BadLength, base + kByteCountOffset};
    }

    // The mailslot name must end inside the byte area.
    wire::Bytes area = in.bytes(byte_count);
    auto nul = std::find(area.begin(), area.end(), std::uint8_t{0});
    if (nul == area.end()) {
        return ParseError{Errc::Truncated, base + kMailslotNameOffset};
    }
    auto name_length = static_cast<std::size_t>(nul - area.begin());
    if (name_length == 0 || name_length > kMaxMailslotName) {
        return ParseError{Errc::BadValue, base + kMailslotNameOffset};
    }
    m.mailslot.assign(area.begin(), nul);

    auto data = locate_data(msg, base, data_offset, data_count);
    if (!data) {
        return data.error();
    }
    m.data.assign(data->begin(), data->end());
    m.data_position = base + (data_count == 0 ? msg.size() : data_offset);
    return m;
}

std::size_t encoded_size(const MailslotWrite& m) noexcept {
    return kMailslotNameOffset + m.mailslot.size() + 1 + m.data.size();
}

bool write_mailslot(wire::Writer& out, const MailslotWrite& m) {
    constexpr std::size_t kMax = std::numeric_limits<std::uint16_t>::max();
    if (m.mailslot.empty() || m.mailslot.size() > kMaxMailslotName ||
        m.mailslot.find('\0') != std::string::npos || encoded_size(m) > kMax) {
        return false;
    }
    auto data_offset = static_cast<std::uint16_t>(kMailslotNameOffset + m.mailslot.size() + 1);
    auto data_count = static_cast<std::uint16_t>(m.data.size());
    auto byte_count = static_cast<std::uint16_t>(m.mailslot.size() + 1 + m.data.size());

    write_header(out, m.header);
    out.u8(kMailslotWordCount);
    out.u16le(0);          // TotalParameterCount
    out.u16le(data_count); // TotalDataCount
    out.u16le(m.max_parameter_count);
    out.u16le(m.max_data_count);
    out.u8(m.max_setup_count);
    out.u8(0);
    out.u16le(m.flags);
    out.u32le(m.timeout);
    out.u16le(0);
    out.u16le(0); // ParameterCount
    out.u16le(0); // ParameterOffset, as Samba sends it
    out.u16le(data_count);
    out.u16le(data_offset);
    out.u8(kMailslotSetupCount);
    out.u8(0);

    out.u16le(kOpcodeMailslotWrite);
    out.u16le(m.priority);
    out.u16le(m.mailslot_class);
    out.u16le(byte_count);
    out.chars(m.mailslot);
    out.u8(0);
    out.bytes(m.data);
    return !out.failed();
}

std::optional<std::vector<std::uint8_t>> encode_mailslot(const MailslotWrite& m) {
    std::vector<std::uint8_t> buf(encoded_size(m));
    wire::Writer out(buf);
    if (!write_mailslot(out, m) || out.size() != buf.size()) {
        return std::nullopt;
    }
    return buf;
}

MailslotWrite make_mailslot_write(std::string_view mailslot, std::vector<std::uint8_t> data) {
    MailslotWrite m;
    m.mailslot = std::string(mailslot);
    m.data = std::move(data);
    return m;
}

std::string summary(const MailslotWrite& m) {
    return "mailslot " + wire::escape_text(m.mailslot) + " data=" + std::to_string(m.data.size());
}

nlohmann::json to_json(const MailslotWrite& m) {
    nlohmann::json j;
    j["command"] = "transaction";
    j["mailslot"] = wire::escape_text(m.mailslot);
    j["priority"] = m.priority;
    j["class"] = m.mailslot_class;
    j["timeout_ms"] = m.timeout;
    j["data_count"] = m.data.size();
    return j;
}

} // namespace lw::smb
