// The name service messages lanwarden sends or tests with, built as
// Message values with the flags of RFC 1002 §4.2 and of what Samba sends
// (reference table in netbios.md §1.2).  encode_message() turns them into
// bytes.
//
// Registration, overwrite, release and refresh requests name their
// additional record with the pointer C0 0C to the question name
// (NameCompression::AdditionalToQuestion): RFC 1002 §4.2.2 says the
// RR_NAME "must use pointers to the QUESTION_NAME", and Samba and Windows
// send it so.  Without scope that is 68 bytes, byte for byte Samba's
// broadcast registration.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "agent/core/nbns/message.h"

namespace lw::nbns {

/// NAME QUERY REQUEST (§4.2.12): RD set, B when broadcast (0x0110 / 0x0100).
Message name_query_request(std::uint16_t trn, const netbios::Name& name, bool broadcast);

/// POSITIVE NAME QUERY RESPONSE (§4.2.13): R|AA|RD|RA (0x8580, Samba's
/// word), one NB answer with every address entry.
Message positive_query_response(std::uint16_t trn, const netbios::Name& name, std::uint32_t ttl,
                                std::span<const NbAddress> entries);

/// NEGATIVE NAME QUERY RESPONSE (§4.2.14): R|AA|RD|RA and the rcode, a NULL
/// answer with no RDATA.
Message negative_query_response(std::uint16_t trn, const netbios::Name& name,
                                Rcode rcode = Rcode::NamErr);

/// NAME REGISTRATION REQUEST (§4.2.2): opcode 5, RD, B when broadcast
/// (0x2910), the claim as the additional record.
Message registration_request(std::uint16_t trn, const netbios::Name& name, const NbAddress& entry,
                             std::uint32_t ttl, bool broadcast = true);

/// NAME OVERWRITE REQUEST & DEMAND (§4.2.3): a broadcast registration with
/// RD clear (0x2810), sent after an unopposed registration.
Message overwrite_demand(std::uint16_t trn, const netbios::Name& name, const NbAddress& entry,
                         std::uint32_t ttl = 0);

/// POSITIVE (rcode Ok) or NEGATIVE NAME REGISTRATION RESPONSE (§4.2.5-6):
/// R|opcode 5|AA|RD|RA (0xAD80 + rcode); a B-node defends a unique name
/// with ActErr (0xAD86).
Message registration_response(std::uint16_t trn, const netbios::Name& name, const NbAddress& entry,
                              std::uint32_t ttl, Rcode rcode);

/// NAME CONFLICT DEMAND (§4.2.8): a negative registration response with
/// rcode CFT_ERR (0xAD87) and TTL 0.
Message conflict_demand(std::uint16_t trn, const netbios::Name& name, const NbAddress& entry);

/// NAME RELEASE REQUEST & DEMAND (§4.2.9): opcode 6, B when broadcast
/// (0x3010), TTL 0.
Message release_request(std::uint16_t trn, const netbios::Name& name, const NbAddress& entry,
                        bool broadcast = true);

/// NAME REFRESH REQUEST (§4.2.4): opcode 8 (0x4000, B when broadcast).
Message refresh_request(std::uint16_t trn, const netbios::Name& name, const NbAddress& entry,
                        std::uint32_t ttl, bool broadcast = false);

/// WAIT FOR ACKNOWLEDGEMENT RESPONSE (§4.2.16): R|opcode 7|AA (0xBC00);
/// the TTL is how many seconds the requester should wait, the RDATA the
/// flags of the request being delayed.
Message wack(std::uint16_t trn, const netbios::Name& name, std::uint32_t wait_seconds,
             Flags request_flags);

/// NODE STATUS REQUEST (§4.2.17): QTYPE NBSTAT for `name` (by default
/// "*"<00> NUL padded), flags 0x0000 (0x0010 when broadcast, as nbtscan
/// sends even to unicast addresses).
Message node_status_request(std::uint16_t trn, const netbios::Name& name = netbios::Name(),
                            bool broadcast = false);

/// NODE STATUS RESPONSE (§4.2.18): R|AA (0x8400), the question name
/// echoed in the NBSTAT answer, TTL 0.  Pass no statistics to send a zeroed
/// block (Samba's choice: it discloses no MAC).
Message node_status_response(std::uint16_t trn, const netbios::Name& name,
                             std::vector<NodeName> names,
                             std::optional<Statistics> statistics = std::nullopt);

} // namespace lw::nbns
