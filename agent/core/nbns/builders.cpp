#include "agent/core/nbns/builders.h"

namespace lw::nbns {

namespace {

Message request(std::uint16_t trn, Opcode op, const netbios::Name& name, RrType type) {
    Message msg;
    msg.transaction_id = trn;
    msg.flags.set_opcode(op);
    msg.questions.push_back(Question{name, type, kClassIn});
    return msg;
}

ResourceRecord nb_record(const netbios::Name& name, std::uint32_t ttl,
                         std::vector<NbAddress> entries) {
    return ResourceRecord{name, RrType::Nb, kClassIn, ttl, NbRdata{std::move(entries)}};
}

// A request that carries the claim (flags and address) in its additional
// record: registration, overwrite, release and refresh.  The record is
// named by a pointer to the question, as Samba and Windows send it.
Message claim(std::uint16_t trn, Opcode op, const netbios::Name& name, const NbAddress& entry,
              std::uint32_t ttl) {
    Message msg = request(trn, op, name, RrType::Nb);
    msg.additionals.push_back(nb_record(name, ttl, {entry}));
    msg.compression = NameCompression::AdditionalToQuestion;
    return msg;
}

// Responses to the owner's own name operations: R|AA and usually RD|RA,
// as Samba sends them.
Message response(std::uint16_t trn, Opcode op, Rcode rcode) {
    Message msg;
    msg.transaction_id = trn;
    msg.flags.set_response(true).set_opcode(op).set_authoritative(true).set_rcode(rcode);
    return msg;
}

} // namespace

Message name_query_request(std::uint16_t trn, const netbios::Name& name, bool broadcast) {
    Message msg = request(trn, Opcode::Query, name, RrType::Nb);
    msg.flags.set_recursion_desired(true).set_broadcast(broadcast);
    return msg;
}

Message positive_query_response(std::uint16_t trn, const netbios::Name& name, std::uint32_t ttl,
                                std::span<const NbAddress> entries) {
    Message msg = response(trn, Opcode::Query, Rcode::Ok);
    msg.flags.set_recursion_desired(true).set_recursion_available(true);
    msg.answers.push_back(nb_record(name, ttl, {entries.begin(), entries.end()}));
    return msg;
}

Message negative_query_response(std::uint16_t trn, const netbios::Name& name, Rcode rcode) {
    Message msg = response(trn, Opcode::Query, rcode);
    msg.flags.set_recursion_desired(true).set_recursion_available(true);
    msg.answers.push_back(ResourceRecord{name, RrType::Null, kClassIn, 0, RawRdata{}});
    return msg;
}

Message registration_request(std::uint16_t trn, const netbios::Name& name, const NbAddress& entry,
                             std::uint32_t ttl, bool broadcast) {
    Message msg = claim(trn, Opcode::Registration, name, entry, ttl);
    msg.flags.set_recursion_desired(true).set_broadcast(broadcast);
    return msg;
}

Message overwrite_demand(std::uint16_t trn, const netbios::Name& name, const NbAddress& entry,
                         std::uint32_t ttl) {
    Message msg = claim(trn, Opcode::Registration, name, entry, ttl);
    msg.flags.set_broadcast(true);
    return msg;
}

Message registration_response(std::uint16_t trn, const netbios::Name& name, const NbAddress& entry,
                              std::uint32_t ttl, Rcode rcode) {
    Message msg = response(trn, Opcode::Registration, rcode);
    msg.flags.set_recursion_desired(true).set_recursion_available(true);
    msg.answers.push_back(nb_record(name, ttl, {entry}));
    return msg;
}

Message conflict_demand(std::uint16_t trn, const netbios::Name& name, const NbAddress& entry) {
    return registration_response(trn, name, entry, 0, Rcode::CftErr);
}

Message release_request(std::uint16_t trn, const netbios::Name& name, const NbAddress& entry,
                        bool broadcast) {
    Message msg = claim(trn, Opcode::Release, name, entry, 0);
    msg.flags.set_broadcast(broadcast);
    return msg;
}

Message refresh_request(std::uint16_t trn, const netbios::Name& name, const NbAddress& entry,
                        std::uint32_t ttl, bool broadcast) {
    Message msg = claim(trn, Opcode::Refresh, name, entry, ttl);
    msg.flags.set_broadcast(broadcast);
    return msg;
}

Message wack(std::uint16_t trn, const netbios::Name& name, std::uint32_t wait_seconds,
             Flags request_flags) {
    Message msg = response(trn, Opcode::Wack, Rcode::Ok);
    msg.answers.push_back(
        ResourceRecord{name, RrType::Nb, kClassIn, wait_seconds, WackRdata{request_flags}});
    return msg;
}

Message node_status_request(std::uint16_t trn, const netbios::Name& name, bool broadcast) {
    Message msg = request(trn, Opcode::Query, name, RrType::Nbstat);
    msg.flags.set_broadcast(broadcast);
    return msg;
}

Message node_status_response(std::uint16_t trn, const netbios::Name& name,
                             std::vector<NodeName> names, std::optional<Statistics> statistics) {
    Message msg = response(trn, Opcode::Query, Rcode::Ok);
    NodeStatus status;
    status.names = std::move(names);
    status.statistics = statistics.value_or(Statistics{});
    msg.answers.push_back(ResourceRecord{name, RrType::Nbstat, kClassIn, 0, std::move(status)});
    return msg;
}

} // namespace lw::nbns
