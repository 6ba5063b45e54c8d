#include "agent/core/browser/frames.h"

#include "agent/core/wire/hex.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "agent/core/smb/mailslot.h"

namespace lw::browser {

namespace {

using wire::Errc;
using wire::ParseError;

std::string hex(std::uint32_t v, int digits) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out = "0x";
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
        out.push_back(kDigits[(v >> shift) & 0x0f]);
    }
    return out;
}

// Reads a NUL-terminated string of at most `max` characters into out.  On
// failure the reader is marked failed and err says why, at the string's
// first byte: BadLength when more than max characters are there without a
// NUL, Truncated when the data ends first.
bool read_asciiz(wire::Reader& in, std::size_t max, std::string& out, ParseError& err) {
    std::size_t start = in.offset();
    wire::Bytes rest = in.rest();
    if (in.failed()) {
        err = in.error();
        return false;
    }
    std::size_t window = std::min(rest.size(), max + 1);
    auto end = rest.begin() + static_cast<std::ptrdiff_t>(window);
    auto nul = std::find(rest.begin(), end, std::uint8_t{0});
    if (nul == end) {
        err = ParseError{rest.size() > max ? Errc::BadLength : Errc::Truncated, start};
        in.fail();
        return false;
    }
    out.assign(rest.begin(), nul);
    in.skip(out.size() + 1);
    return true;
}

// The 16-byte name field of an announcement: text up to the first NUL, or
// all 16 bytes when there is none.
std::string read_name_field(wire::Reader& in) {
    wire::Bytes field = in.bytes(kNameFieldSize);
    auto nul = std::find(field.begin(), field.end(), std::uint8_t{0});
    return std::string(field.begin(), nul);
}

bool fits(std::string_view s, std::size_t max) noexcept {
    return s.size() <= max && s.find('\0') == std::string_view::npos;
}

void write_asciiz(wire::Writer& out, std::string_view s) {
    out.chars(s);
    out.u8(0);
}

// Decoders of each frame body; `in` is past the opcode.

template <Opcode Op> wire::Result<Frame> read_announcement(wire::Reader& in) {
    Announcement<Op> a;
    a.update_count = in.u8();
    a.periodicity_ms = in.u32le();
    a.server_name = read_name_field(in);
    a.os_major = in.u8();
    a.os_minor = in.u8();
    a.type = ServerType{in.u32le()};
    a.browser_major = in.u8();
    a.browser_minor = in.u8();
    a.signature = in.u16le();
    ParseError err{Errc::Truncated, in.offset()};
    if (in.failed()) {
        return in.error();
    }
    if (!read_asciiz(in, kMaxComment, a.comment, err)) {
        return err;
    }
    return Frame{std::move(a)};
}

wire::Result<Frame> read_announcement_request(wire::Reader& in) {
    AnnouncementRequest r;
    ParseError err{Errc::Truncated, in.offset()};
    r.reserved = in.u8();
    if (in.failed()) {
        return in.error();
    }
    if (!read_asciiz(in, kMaxName, r.response_name, err)) {
        return err;
    }
    return Frame{std::move(r)};
}

wire::Result<Frame> read_election(wire::Reader& in) {
    RequestElection e;
    ParseError err{Errc::Truncated, in.offset()};
    e.version = in.u8();
    e.criteria = Criteria{in.u32le()};
    e.uptime_ms = in.u32le();
    e.reserved = in.u32le();
    if (in.failed()) {
        return in.error();
    }
    if (!read_asciiz(in, kMaxName, e.server_name, err)) {
        return err;
    }
    return Frame{std::move(e)};
}

wire::Result<Frame> read_backup_list_request(wire::Reader& in) {
    GetBackupListRequest r;
    r.requested_count = in.u8();
    r.token = in.u32le();
    if (in.failed()) {
        return in.error();
    }
    return Frame{r};
}

wire::Result<Frame> read_backup_list_response(wire::Reader& in) {
    GetBackupListResponse r;
    std::uint8_t count = in.u8();
    r.token = in.u32le();
    if (in.failed()) {
        return in.error();
    }
    // The count is not trusted for allocation: names are added as they
    // are found, and a missing one is an error.
    ParseError err{Errc::Truncated, in.offset()};
    for (std::uint8_t i = 0; i < count; ++i) {
        std::string name;
        if (!read_asciiz(in, kMaxName, name, err)) {
            return err;
        }
        r.servers.push_back(std::move(name));
    }
    return Frame{std::move(r)};
}

template <class T, std::string T::*Field> wire::Result<Frame> read_one_name(wire::Reader& in) {
    T t;
    ParseError err{Errc::Truncated, in.offset()};
    if (!read_asciiz(in, kMaxName, t.*Field, err)) {
        return err;
    }
    return Frame{std::move(t)};
}

wire::Result<Frame> read_reset_state(wire::Reader& in) {
    ResetStateRequest r;
    r.type = in.u8();
    if (in.failed()) {
        return in.error();
    }
    return Frame{r};
}

// Encoders of each frame body, after the opcode.

bool write_body(wire::Writer& out, const AnnouncementFields& a) {
    if (!fits(a.server_name, kNameFieldSize) || !fits(a.comment, kMaxComment)) {
        return false;
    }
    out.u8(a.update_count);
    out.u32le(a.periodicity_ms);
    out.chars(a.server_name);
    out.fill(kNameFieldSize - a.server_name.size(), 0);
    out.u8(a.os_major);
    out.u8(a.os_minor);
    out.u32le(a.type.bits);
    out.u8(a.browser_major);
    out.u8(a.browser_minor);
    out.u16le(a.signature);
    write_asciiz(out, a.comment);
    return true;
}

bool write_body(wire::Writer& out, const AnnouncementRequest& r) {
    if (!fits(r.response_name, kMaxName)) {
        return false;
    }
    out.u8(r.reserved);
    write_asciiz(out, r.response_name);
    return true;
}

bool write_body(wire::Writer& out, const RequestElection& e) {
    if (!fits(e.server_name, kMaxName)) {
        return false;
    }
    out.u8(e.version);
    out.u32le(e.criteria.value);
    out.u32le(e.uptime_ms);
    out.u32le(e.reserved);
    write_asciiz(out, e.server_name);
    return true;
}

bool write_body(wire::Writer& out, const GetBackupListRequest& r) {
    out.u8(r.requested_count);
    out.u32le(r.token);
    return true;
}

bool write_body(wire::Writer& out, const GetBackupListResponse& r) {
    if (r.servers.size() > 0xff) {
        return false;
    }
    out.u8(static_cast<std::uint8_t>(r.servers.size()));
    out.u32le(r.token);
    for (const std::string& s : r.servers) {
        if (!fits(s, kMaxName)) {
            return false;
        }
        write_asciiz(out, s);
    }
    return true;
}

bool write_body(wire::Writer& out, const BecomeBackup& b) {
    if (!fits(b.browser_to_promote, kMaxName)) {
        return false;
    }
    write_asciiz(out, b.browser_to_promote);
    return true;
}

bool write_body(wire::Writer& out, const MasterAnnouncement& m) {
    if (!fits(m.master_browser_name, kMaxName)) {
        return false;
    }
    write_asciiz(out, m.master_browser_name);
    return true;
}

bool write_body(wire::Writer& out, const ResetStateRequest& r) {
    out.u8(r.type);
    return true;
}

std::string version(std::uint8_t major, std::uint8_t minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

std::string announcement_summary(Opcode op, const AnnouncementFields& a) {
    std::string out(opcode_name(op));
    out += ' ' + wire::escape_text(a.server_name);
    if (op == Opcode::DomainAnnouncement) {
        out += " master=" + wire::escape_text(a.comment);
    }
    out += " type=" + hex(a.type.bits, 8);
    if (a.type.empty()) {
        out += " (going away)";
    }
    out += " os=" + version(a.os_major, a.os_minor);
    out += " period=" + std::to_string(a.periodicity_ms) + "ms";
    out += " update=" + std::to_string(a.update_count);
    if (op != Opcode::DomainAnnouncement) {
        out += " comment=\"" + wire::escape_text(a.comment) + "\"";
    }
    return out;
}

nlohmann::json announcement_json(Opcode op, const AnnouncementFields& a) {
    nlohmann::json j = {
        {"update_count", a.update_count},
        {"periodicity_ms", a.periodicity_ms},
        {"os_version", version(a.os_major, a.os_minor)},
        {"server_type", a.type.bits},
        {"type", a.type.names()},
        {"browser_version", version(a.browser_major, a.browser_minor)},
        {"signature", a.signature},
    };
    if (op == Opcode::DomainAnnouncement) {
        j["workgroup"] = wire::escape_text(a.server_name);
        j["master_browser"] = wire::escape_text(a.comment);
    } else {
        j["server_name"] = wire::escape_text(a.server_name);
        j["comment"] = wire::escape_text(a.comment);
    }
    return j;
}

}  // namespace

nlohmann::json criteria_json(Criteria c) {
    return {
        {"value", c.value},
        {"os_level", c.os_level()},
        {"browser_version", version(c.browser_major(), c.browser_minor())},
        {"role", c.role_names()},
    };
}

namespace {

std::string names_list(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) {
        if (!out.empty()) {
            out += ',';
        }
        out += wire::escape_text(n);
    }
    return out;
}

// The fields after the opcode, for summary(); announcements have their
// own function since the opcode changes what their fields mean.
void describe(std::string&, const AnnouncementFields&) {
}

void describe(std::string& out, const AnnouncementRequest& r) {
    out += " response_name=" + wire::escape_text(r.response_name);
}

void describe(std::string& out, const RequestElection& e) {
    out += ' ' + wire::escape_text(e.server_name);
    out += " version=" + std::to_string(e.version);
    out += " criteria=" + hex(e.criteria.value, 8);
    out += " os_level=" + std::to_string(e.criteria.os_level());
    for (const std::string& role : e.criteria.role_names()) {
        out += ' ' + role;
    }
    out += " uptime=" + std::to_string(e.uptime_ms) + "ms";
}

void describe(std::string& out, const GetBackupListRequest& r) {
    out += " count=" + std::to_string(r.requested_count);
    out += " token=" + hex(r.token, 8);
}

void describe(std::string& out, const GetBackupListResponse& r) {
    out += " token=" + hex(r.token, 8);
    out += " servers=" + names_list(r.servers);
}

void describe(std::string& out, const BecomeBackup& b) {
    out += ' ' + wire::escape_text(b.browser_to_promote);
}

void describe(std::string& out, const MasterAnnouncement& m) {
    out += ' ' + wire::escape_text(m.master_browser_name);
}

void describe(std::string& out, const ResetStateRequest& r) {
    out += " type=" + hex(r.type, 2);
    for (const std::string& name : r.type_names()) {
        out += ' ' + name;
    }
}

// The fields after the opcode, for to_json().
void fill_json(nlohmann::json&, const AnnouncementFields&) {
}

void fill_json(nlohmann::json& j, const AnnouncementRequest& r) {
    j["reserved"] = r.reserved;
    j["response_name"] = wire::escape_text(r.response_name);
}

void fill_json(nlohmann::json& j, const RequestElection& e) {
    j["version"] = e.version;
    j["criteria"] = criteria_json(e.criteria);
    j["uptime_ms"] = e.uptime_ms;
    j["reserved"] = e.reserved;
    j["server_name"] = wire::escape_text(e.server_name);
}

void fill_json(nlohmann::json& j, const GetBackupListRequest& r) {
    j["requested_count"] = r.requested_count;
    j["token"] = r.token;
}

void fill_json(nlohmann::json& j, const GetBackupListResponse& r) {
    j["token"] = r.token;
    j["servers"] = nlohmann::json::array();
    for (const std::string& s : r.servers) {
        j["servers"].push_back(wire::escape_text(s));
    }
}

void fill_json(nlohmann::json& j, const BecomeBackup& b) {
    j["browser_to_promote"] = wire::escape_text(b.browser_to_promote);
}

void fill_json(nlohmann::json& j, const MasterAnnouncement& m) {
    j["master_browser"] = wire::escape_text(m.master_browser_name);
}

void fill_json(nlohmann::json& j, const ResetStateRequest& r) {
    j["reset_type"] = r.type;
    j["reset"] = r.type_names();
}

} // namespace

std::string_view opcode_name(Opcode op) noexcept {
    switch (op) {
    case Opcode::HostAnnouncement: return "host_announcement";
    case Opcode::AnnouncementRequest: return "announcement_request";
    case Opcode::RequestElection: return "request_election";
    case Opcode::GetBackupListRequest: return "get_backup_list_request";
    case Opcode::GetBackupListResponse: return "get_backup_list_response";
    case Opcode::BecomeBackup: return "become_backup";
    case Opcode::DomainAnnouncement: return "domain_announcement";
    case Opcode::MasterAnnouncement: return "master_announcement";
    case Opcode::ResetStateRequest: return "reset_state_request";
    case Opcode::LocalMasterAnnouncement: return "local_master_announcement";
    }
    return "unknown";
}

std::vector<std::string> ResetStateRequest::type_names() const {
    std::vector<std::string> out;
    for (int i = 0; i < 8; ++i) {
        auto bit = static_cast<std::uint8_t>(1u << i);
        if ((type & bit) == 0) {
            continue;
        }
        switch (bit) {
        case kStopMaster: out.emplace_back("stop_master"); break;
        case kClearAll: out.emplace_back("clear_all"); break;
        case kStop: out.emplace_back("stop"); break;
        default: out.push_back(hex(bit, 2));
        }
    }
    return out;
}

Opcode opcode_of(const Frame& f) noexcept {
    return std::visit([](const auto& frame) { return frame.opcode; }, f);
}

const AnnouncementFields* announcement_of(const Frame& f) noexcept {
    if (const auto* h = std::get_if<HostAnnouncement>(&f)) {
        return h;
    }
    if (const auto* d = std::get_if<DomainAnnouncement>(&f)) {
        return d;
    }
    if (const auto* l = std::get_if<LocalMasterAnnouncement>(&f)) {
        return l;
    }
    return nullptr;
}

wire::Result<Frame> decode_frame(wire::Bytes frame, std::size_t base) {
    wire::Reader in(frame, base);
    std::uint8_t op = in.u8();
    if (in.failed()) {
        return in.error();
    }
    switch (static_cast<Opcode>(op)) {
    case Opcode::HostAnnouncement: return read_announcement<Opcode::HostAnnouncement>(in);
    case Opcode::AnnouncementRequest: return read_announcement_request(in);
    case Opcode::RequestElection: return read_election(in);
    case Opcode::GetBackupListRequest: return read_backup_list_request(in);
    case Opcode::GetBackupListResponse: return read_backup_list_response(in);
    case Opcode::BecomeBackup:
        return read_one_name<BecomeBackup, &BecomeBackup::browser_to_promote>(in);
    case Opcode::DomainAnnouncement: return read_announcement<Opcode::DomainAnnouncement>(in);
    case Opcode::MasterAnnouncement:
        return read_one_name<MasterAnnouncement, &MasterAnnouncement::master_browser_name>(in);
    case Opcode::ResetStateRequest: return read_reset_state(in);
    case Opcode::LocalMasterAnnouncement:
        return read_announcement<Opcode::LocalMasterAnnouncement>(in);
    }
    return ParseError{Errc::Unsupported, base};
}

bool write_frame(wire::Writer& out, const Frame& f) {
    out.u8(static_cast<std::uint8_t>(opcode_of(f)));
    bool ok = std::visit([&out](const auto& frame) { return write_body(out, frame); }, f);
    return ok && !out.failed();
}

std::optional<std::vector<std::uint8_t>> encode_frame(const Frame& f) {
    // Every frame fits a datagram; the largest legal one is an
    // announcement with a 255-byte comment or a list of 255 names.
    std::vector<std::uint8_t> buf(1 + 5 + 255 * (kMaxName + 1));
    wire::Writer out(buf);
    if (!write_frame(out, f)) {
        return std::nullopt;
    }
    buf.resize(out.size());
    return buf;
}

wire::Result<LanmanAnnouncement> decode_lanman(wire::Bytes frame, std::size_t base) {
    wire::Reader in(frame, base);
    LanmanAnnouncement a;
    std::uint16_t op = in.u16le();
    a.type = ServerType{in.u32le()};
    a.os_major = in.u8();
    a.os_minor = in.u8();
    a.periodicity_s = in.u16le();
    if (in.failed()) {
        return in.error();
    }
    if (op != LanmanAnnouncement::kOpcode) {
        return ParseError{Errc::Unsupported, base};
    }
    ParseError err{Errc::Truncated, in.offset()};
    if (!read_asciiz(in, kMaxName, a.server_name, err) ||
        !read_asciiz(in, kMaxComment, a.comment, err)) {
        return err;
    }
    return a;
}

bool write_lanman(wire::Writer& out, const LanmanAnnouncement& a) {
    if (!fits(a.server_name, kMaxName) || !fits(a.comment, kMaxComment)) {
        return false;
    }
    out.u16le(LanmanAnnouncement::kOpcode);
    out.u32le(a.type.bits);
    out.u8(a.os_major);
    out.u8(a.os_minor);
    out.u16le(a.periodicity_s);
    write_asciiz(out, a.server_name);
    write_asciiz(out, a.comment);
    return !out.failed();
}

std::optional<std::vector<std::uint8_t>> encode_lanman(const LanmanAnnouncement& a) {
    std::vector<std::uint8_t> buf(10 + kMaxName + 1 + kMaxComment + 1);
    wire::Writer out(buf);
    if (!write_lanman(out, a)) {
        return std::nullopt;
    }
    buf.resize(out.size());
    return buf;
}

std::string summary(const Frame& f) {
    Opcode op = opcode_of(f);
    if (const AnnouncementFields* a = announcement_of(f)) {
        return announcement_summary(op, *a);
    }
    std::string out(opcode_name(op));
    std::visit([&out](const auto& frame) { describe(out, frame); }, f);
    return out;
}

std::string summary(const LanmanAnnouncement& a) {
    std::string out = "lanman_announcement " + wire::escape_text(a.server_name);
    out += " type=" + hex(a.type.bits, 8);
    out += " os=" + version(a.os_major, a.os_minor);
    out += " period=" + std::to_string(a.periodicity_s) + "s";
    out += " comment=\"" + wire::escape_text(a.comment) + "\"";
    return out;
}

nlohmann::json to_json(const Frame& f) {
    Opcode op = opcode_of(f);
    nlohmann::json j;
    if (const AnnouncementFields* a = announcement_of(f)) {
        j = announcement_json(op, *a);
    } else {
        std::visit([&j](const auto& frame) { fill_json(j, frame); }, f);
    }
    j["frame"] = opcode_name(op);
    j["opcode"] = static_cast<unsigned>(op);
    return j;
}

nlohmann::json to_json(const LanmanAnnouncement& a) {
    return {
        {"frame", "lanman_announcement"},
        {"opcode", LanmanAnnouncement::kOpcode},
        {"server_name", wire::escape_text(a.server_name)},
        {"server_type", a.type.bits},
        {"type", a.type.names()},
        {"os_version", version(a.os_major, a.os_minor)},
        {"periodicity_s", a.periodicity_s},
        {"comment", wire::escape_text(a.comment)},
    };
}

} // namespace lw::browser
