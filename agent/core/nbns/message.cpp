#include "agent/core/nbns/message.h"

#include <type_traits>

namespace lw::nbns {

namespace {

using wire::Errc;
using wire::ParseError;

constexpr std::size_t kWackRdataSize = 2;
// TYPE, CLASS, TTL, RDLENGTH between a record's name and its RDATA.
constexpr std::size_t kRecordFixedSize = 10;
// The first question's name starts right after the header; a compression
// pointer to it is the two bytes C0 0C.
constexpr std::uint16_t kPointerToQuestion = 0xc000 | kHeaderSize;
constexpr std::size_t kPointerSize = 2;

wire::Result<Question> read_question(wire::Reader& in) {
    auto name = netbios::read_name(in);
    if (!name) {
        return name.error();
    }
    Question q;
    q.name = std::move(*name);
    q.type = static_cast<RrType>(in.u16be());
    q.klass = in.u16be();
    if (in.failed()) {
        return in.error();
    }
    return q;
}

wire::Result<Rdata> read_nb_rdata(wire::Reader& rd) {
    if (rd.remaining() % kAddressEntrySize != 0) {
        return ParseError{Errc::BadLength, rd.offset()};
    }
    NbRdata nb;
    nb.entries.reserve(rd.remaining() / kAddressEntrySize);
    while (!rd.at_end()) {
        NbAddress entry;
        entry.flags = NbFlags{rd.u16be()};
        entry.address = net::Ipv4{rd.u32be()};
        nb.entries.push_back(entry);
    }
    return Rdata{std::move(nb)};
}

// What RDATA means depends on the record type and, for a WACK, on the
// opcode: its NB record carries the request's 2-byte flags, not addresses.
wire::Result<Rdata> read_rdata(wire::Reader& rd, RrType type, Flags flags) {
    if (type == RrType::Nb && flags.opcode() == Opcode::Wack) {
        if (rd.remaining() != kWackRdataSize) {
            return ParseError{Errc::BadLength, rd.offset()};
        }
        return Rdata{WackRdata{Flags{rd.u16be()}}};
    }
    if (type == RrType::Nb) {
        return read_nb_rdata(rd);
    }
    if (type == RrType::Nbstat) {
        auto status = read_node_status(rd);
        if (!status) {
            return status.error();
        }
        return Rdata{std::move(*status)};
    }
    wire::Bytes raw = rd.rest();
    return Rdata{RawRdata{std::vector<std::uint8_t>(raw.begin(), raw.end())}};
}

wire::Result<ResourceRecord> read_record(wire::Reader& in, Flags flags) {
    auto name = netbios::read_name(in);
    if (!name) {
        return name.error();
    }
    ResourceRecord rr;
    rr.name = std::move(*name);
    rr.type = static_cast<RrType>(in.u16be());
    rr.klass = in.u16be();
    rr.ttl = in.u32be();
    std::uint16_t rdlength = in.u16be();
    wire::Reader rd = in.sub(rdlength);
    if (in.failed()) {
        return in.error();
    }

    auto rdata = read_rdata(rd, rr.type, flags);
    if (!rdata) {
        return rdata.error();
    }
    rr.rdata = std::move(*rdata);
    return rr;
}

// Reads `count` records into `out`, one at a time: the vector grows only
// with records that are really there, whatever the header claims.
wire::Result<bool> read_section(wire::Reader& in, std::uint16_t count, Flags flags,
                                std::vector<ResourceRecord>& out) {
    for (std::size_t i = 0; i < count; ++i) {
        auto rr = read_record(in, flags);
        if (!rr) {
            return rr.error();
        }
        out.push_back(std::move(*rr));
    }
    return true;
}

std::size_t rdata_size(const Rdata& rdata) noexcept {
    return std::visit(
        [](const auto& rd) -> std::size_t {
            using T = std::decay_t<decltype(rd)>;
            if constexpr (std::is_same_v<T, NbRdata>) {
                return rd.entries.size() * kAddressEntrySize;
            } else if constexpr (std::is_same_v<T, WackRdata>) {
                return kWackRdataSize;
            } else if constexpr (std::is_same_v<T, NodeStatus>) {
                return encoded_size(rd);
            } else {
                return rd.bytes.size();
            }
        },
        rdata);
}

bool write_rdata(wire::Writer& out, const Rdata& rdata) {
    if (const auto* nb = std::get_if<NbRdata>(&rdata)) {
        for (const NbAddress& entry : nb->entries) {
            out.u16be(entry.flags.word());
            out.u32be(entry.address.value);
        }
        return true;
    }
    if (const auto* wack = std::get_if<WackRdata>(&rdata)) {
        out.u16be(wack->request_flags.word());
        return true;
    }
    if (const auto* status = std::get_if<NodeStatus>(&rdata)) {
        return write_node_status(out, *status);
    }
    out.bytes(std::get<RawRdata>(rdata).bytes);
    return true;
}

// True when the record's name is written as a pointer to the question's.
bool points_to_question(const Message& msg, const ResourceRecord& rr) noexcept {
    return msg.compression == NameCompression::AdditionalToQuestion && !msg.questions.empty() &&
           rr.name == msg.questions.front().name;
}

bool write_record(wire::Writer& out, const ResourceRecord& rr, bool name_as_pointer) {
    std::size_t length = rdata_size(rr.rdata);
    if (length > 0xffff) {
        return false;
    }
    if (name_as_pointer) {
        out.u16be(kPointerToQuestion);
    } else {
        netbios::write_name(out, rr.name);
    }
    out.u16be(static_cast<std::uint16_t>(rr.type));
    out.u16be(rr.klass);
    out.u32be(rr.ttl);
    out.u16be(static_cast<std::uint16_t>(length));
    return write_rdata(out, rr.rdata);
}

bool fits_u16(std::size_t n) noexcept {
    return n <= 0xffff;
}

} // namespace

std::string rr_type_name(RrType type) {
    switch (type) {
    case RrType::A: return "a";
    case RrType::Ns: return "ns";
    case RrType::Null: return "null";
    case RrType::Nb: return "nb";
    case RrType::Nbstat: return "nbstat";
    }
    return "type_" + std::to_string(static_cast<unsigned>(type));
}

const NbRdata* Message::first_nb_answer() const noexcept {
    return answers.empty() ? nullptr : std::get_if<NbRdata>(&answers.front().rdata);
}

const NodeStatus* Message::node_status() const noexcept {
    return answers.empty() ? nullptr : std::get_if<NodeStatus>(&answers.front().rdata);
}

bool operator==(const Message& a, const Message& b) {
    return same_content(a, b) && a.trailing == b.trailing;
}

bool same_content(const Message& a, const Message& b) {
    return a.transaction_id == b.transaction_id && a.flags == b.flags &&
           a.questions == b.questions && a.answers == b.answers && a.authorities == b.authorities &&
           a.additionals == b.additionals;
}

wire::Result<Message> decode_message(wire::Bytes data) {
    wire::Reader in(data);
    Message msg;
    msg.transaction_id = in.u16be();
    msg.flags = Flags{in.u16be()};
    std::uint16_t qdcount = in.u16be();
    std::uint16_t ancount = in.u16be();
    std::uint16_t nscount = in.u16be();
    std::uint16_t arcount = in.u16be();
    if (in.failed()) {
        return in.error();
    }

    for (std::size_t i = 0; i < qdcount; ++i) {
        auto q = read_question(in);
        if (!q) {
            return q.error();
        }
        msg.questions.push_back(std::move(*q));
    }
    for (auto [count, section] :
         {std::pair{ancount, &msg.answers}, std::pair{nscount, &msg.authorities},
          std::pair{arcount, &msg.additionals}}) {
        auto ok = read_section(in, count, msg.flags, *section);
        if (!ok) {
            return ok.error();
        }
    }

    msg.trailing = in.remaining();
    return msg;
}

bool encode_message(const Message& msg, wire::Writer& out) {
    if (!fits_u16(msg.questions.size()) || !fits_u16(msg.answers.size()) ||
        !fits_u16(msg.authorities.size()) || !fits_u16(msg.additionals.size())) {
        return false;
    }
    out.u16be(msg.transaction_id);
    out.u16be(msg.flags.word());
    out.u16be(static_cast<std::uint16_t>(msg.questions.size()));
    out.u16be(static_cast<std::uint16_t>(msg.answers.size()));
    out.u16be(static_cast<std::uint16_t>(msg.authorities.size()));
    out.u16be(static_cast<std::uint16_t>(msg.additionals.size()));

    for (const Question& q : msg.questions) {
        netbios::write_name(out, q.name);
        out.u16be(static_cast<std::uint16_t>(q.type));
        out.u16be(q.klass);
    }
    for (const auto* section : {&msg.answers, &msg.authorities}) {
        for (const ResourceRecord& rr : *section) {
            if (!write_record(out, rr, false)) {
                return false;
            }
        }
    }
    for (const ResourceRecord& rr : msg.additionals) {
        if (!write_record(out, rr, points_to_question(msg, rr))) {
            return false;
        }
    }
    return !out.failed();
}

std::size_t encoded_size(const Message& msg) noexcept {
    std::size_t size = kHeaderSize;
    for (const Question& q : msg.questions) {
        size += netbios::encoded_size(q.name) + 4;
    }
    for (const auto* section : {&msg.answers, &msg.authorities, &msg.additionals}) {
        for (const ResourceRecord& rr : *section) {
            bool pointer = section == &msg.additionals && points_to_question(msg, rr);
            size += (pointer ? kPointerSize : netbios::encoded_size(rr.name)) + kRecordFixedSize +
                    rdata_size(rr.rdata);
        }
    }
    return size;
}

std::vector<std::uint8_t> encode_message(const Message& msg) {
    std::vector<std::uint8_t> buf(encoded_size(msg));
    wire::Writer out(buf);
    if (!encode_message(msg, out) || out.size() != buf.size()) {
        return {};
    }
    return buf;
}

} // namespace lw::nbns
