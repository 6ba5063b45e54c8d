#include "agent/core/nbns/describe.h"

#include <type_traits>

#include "agent/core/wire/hex.h"

namespace lw::nbns {

namespace {

std::string hex16(std::uint16_t v) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out = "0x";
    for (int shift = 12; shift >= 0; shift -= 4) {
        out.push_back(kDigits[(v >> shift) & 0x0f]);
    }
    return out;
}

bool asks_node_status(const Message& msg) {
    return !msg.questions.empty() && msg.questions.front().type == RrType::Nbstat;
}

// What kind of message this is, in the words of RFC 1002 §4.2.
std::string kind(const Message& msg) {
    Flags f = msg.flags;
    bool r = f.response();
    switch (f.opcode()) {
    case Opcode::Query:
        if (msg.node_status() != nullptr || asks_node_status(msg)) {
            return r ? "node status response" : "node status request";
        }
        return r ? "name query response" : "name query";
    case Opcode::Registration:
        if (r) {
            return f.rcode() == Rcode::CftErr ? "name conflict demand"
                                              : "name registration response";
        }
        return f.recursion_desired() ? "name registration" : "name overwrite";
    case Opcode::Release: return r ? "name release response" : "name release";
    case Opcode::Wack: return "wack";
    case Opcode::Refresh:
    case Opcode::RefreshAlt: return r ? "name refresh response" : "name refresh";
    case Opcode::MultiHomedRegistration:
        return r ? "multi-homed registration response" : "multi-homed registration";
    }
    return "opcode " + std::to_string(static_cast<unsigned>(f.opcode())) + (r ? " response" : "");
}

// The name the message is about: the question's, else the first record's.
const netbios::Name* subject(const Message& msg) {
    if (!msg.questions.empty()) {
        return &msg.questions.front().name;
    }
    for (const auto* section : {&msg.answers, &msg.authorities, &msg.additionals}) {
        if (!section->empty()) {
            return &section->front().name;
        }
    }
    return nullptr;
}

// The record that carries the addresses: the answer of a response, the
// additional record (the claim) of a request.
const ResourceRecord* carrier(const Message& msg) {
    const auto& section = msg.flags.response() ? msg.answers : msg.additionals;
    return section.empty() ? nullptr : &section.front();
}

void append_rdata(std::string& out, const ResourceRecord& rr) {
    if (const auto* nb = std::get_if<NbRdata>(&rr.rdata)) {
        for (std::size_t i = 0; i < nb->entries.size(); ++i) {
            const NbAddress& e = nb->entries[i];
            out += i == 0 ? " " : ",";
            out += e.address.to_string();
            if (e.flags.group()) {
                out += "(group)";
            }
        }
    } else if (const auto* status = std::get_if<NodeStatus>(&rr.rdata)) {
        out += " " + std::to_string(status->names.size()) + " names";
        auto mac = status->mac();
        out += " mac=" + (mac ? mac_to_string(*mac) : std::string("unknown"));
    }
}

nlohmann::json flags_json(Flags f) {
    return {
        {"word", f.word()},
        {"response", f.response()},
        {"opcode", opcode_name(f.opcode())},
        {"authoritative", f.authoritative()},
        {"truncated", f.truncated()},
        {"recursion_desired", f.recursion_desired()},
        {"recursion_available", f.recursion_available()},
        {"broadcast", f.broadcast()},
        {"rcode", rcode_name(f.rcode())},
    };
}

nlohmann::json statistics_json(const Statistics& s) {
    return {
        {"unit_id", mac_to_string(s.unit_id)},
        {"jumpers", s.jumpers},
        {"test_result", s.test_result},
        {"version_number", s.version_number},
        {"period_of_statistics", s.period_of_statistics},
        {"crc_errors", s.crc_errors},
        {"alignment_errors", s.alignment_errors},
        {"collisions", s.collisions},
        {"send_aborts", s.send_aborts},
        {"good_sends", s.good_sends},
        {"good_receives", s.good_receives},
        {"retransmits", s.retransmits},
        {"no_resource_conditions", s.no_resource_conditions},
        {"free_command_blocks", s.free_command_blocks},
        {"total_command_blocks", s.total_command_blocks},
        {"max_total_command_blocks", s.max_total_command_blocks},
        {"pending_sessions", s.pending_sessions},
        {"max_pending_sessions", s.max_pending_sessions},
        {"max_total_sessions", s.max_total_sessions},
        {"session_data_packet_size", s.session_data_packet_size},
    };
}

nlohmann::json node_status_json(const NodeStatus& status) {
    nlohmann::json names = nlohmann::json::array();
    for (const NodeName& n : status.names) {
        names.push_back({
            {"name", n.name.printable()},
            {"group", n.flags.group()},
            {"node_type", node_type_name(n.flags.owner_type())},
            {"deregistering", n.flags.deregistering()},
            {"conflict", n.flags.conflict()},
            {"active", n.flags.active()},
            {"permanent", n.flags.permanent()},
            {"flags", n.flags.word()},
        });
    }
    auto mac = status.mac();
    return {
        {"names", std::move(names)},
        {"mac", mac ? nlohmann::json(mac_to_string(*mac)) : nlohmann::json(nullptr)},
        {"statistics",
         status.statistics ? statistics_json(*status.statistics) : nlohmann::json(nullptr)},
        {"extra_bytes", status.extra.size()},
    };
}

nlohmann::json record_json(const ResourceRecord& rr) {
    nlohmann::json j = {
        {"name", rr.name.printable()},
        {"type", rr_type_name(rr.type)},
        {"class", rr.klass},
        {"ttl", rr.ttl},
    };
    std::visit(
        [&j](const auto& rd) {
            using T = std::decay_t<decltype(rd)>;
            if constexpr (std::is_same_v<T, NbRdata>) {
                nlohmann::json list = nlohmann::json::array();
                for (const NbAddress& e : rd.entries) {
                    list.push_back({
                        {"address", e.address.to_string()},
                        {"group", e.flags.group()},
                        {"node_type", node_type_name(e.flags.owner_type())},
                        {"flags", e.flags.word()},
                    });
                }
                j["addresses"] = std::move(list);
            } else if constexpr (std::is_same_v<T, WackRdata>) {
                j["request_flags"] = flags_json(rd.request_flags);
            } else if constexpr (std::is_same_v<T, NodeStatus>) {
                j["node_status"] = node_status_json(rd);
            } else {
                j["rdata_hex"] = wire::to_hex(rd.bytes);
            }
        },
        rr.rdata);
    return j;
}

nlohmann::json section_json(const std::vector<ResourceRecord>& records) {
    nlohmann::json list = nlohmann::json::array();
    for (const ResourceRecord& rr : records) {
        list.push_back(record_json(rr));
    }
    return list;
}

} // namespace

std::string summary(const Message& msg) {
    std::string out = kind(msg);
    const netbios::Name* name = subject(msg);
    if (name != nullptr && msg.node_status() == nullptr) {
        out += " " + name->printable();
    }
    const ResourceRecord* rr = carrier(msg);
    if (rr != nullptr) {
        append_rdata(out, *rr);
        if (msg.flags.opcode() == Opcode::Wack) {
            out += " wait=" + std::to_string(rr->ttl) + "s";
        } else if (msg.flags.response() && std::holds_alternative<NbRdata>(rr->rdata)) {
            out += " ttl=" + std::to_string(rr->ttl);
        }
    }
    if (msg.flags.rcode() != Rcode::Ok) {
        out += " " + rcode_name(msg.flags.rcode());
    }
    if (msg.flags.broadcast()) {
        out += " bcast";
    }
    out += " trn=" + hex16(msg.transaction_id);
    if (msg.trailing > 0) {
        out += " trailing=" + std::to_string(msg.trailing);
    }
    return out;
}

nlohmann::json to_json(const Message& msg) {
    nlohmann::json questions = nlohmann::json::array();
    for (const Question& q : msg.questions) {
        questions.push_back({
            {"name", q.name.printable()},
            {"type", rr_type_name(q.type)},
            {"class", q.klass},
        });
    }
    return {
        {"kind", kind(msg)},
        {"transaction_id", msg.transaction_id},
        {"flags", flags_json(msg.flags)},
        {"questions", std::move(questions)},
        {"answers", section_json(msg.answers)},
        {"authorities", section_json(msg.authorities)},
        {"additionals", section_json(msg.additionals)},
        {"trailing_bytes", msg.trailing},
    };
}

} // namespace lw::nbns
