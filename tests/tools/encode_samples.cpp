// encode_samples OUT.pcap OUT.json
//
// Writes one packet of every kind lanwarden can encode into a pcap file,
// with lanwarden's own builders and encoders, so that tshark can judge the
// bytes (tests/net/tshark_encoders_test.py):
//   UDP 137: every builder of nbns/builders.h, a scoped name and a group
//     answer with several addresses;
//   UDP 138: every NBDS message type, every browser frame opcode in a
//     mailslot write inside a direct group datagram, a LANMAN
//     announcement, and announcements and election requests that set every
//     server type bit, none, and the other election roles.
//
// Next to it goes a JSON manifest: for every frame number, what was
// encoded, expressed as the tshark fields that must show it.  The expected
// values are derived from the very objects that were encoded (a Message, a
// Datagram, a Frame), not typed twice, so that a wrong byte shows up as a
// difference between the object and tshark's reading of the bytes.
//
//   {"packets": [{"frame": 1, "label": "...",
//                 "fields": {"nbns.flags": 10512, "nbns.name": ["ALPHA<00>"]}}]}
//
// A field's value is a list (every occurrence in the packet, in order) or
// one value (exactly one occurrence).  Numbers, booleans and strings are
// compared by the test after reading tshark's text.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/core/browser/browse_datagram.h"
#include "agent/core/browser/frames.h"
#include "agent/core/nbdgm/datagram.h"
#include "agent/core/nbns/builders.h"
#include "agent/core/nbns/message.h"
#include "agent/core/pcap/writer.h"
#include "agent/core/smb/mailslot.h"

namespace {

using lw::net::Ipv4;
using lw::netbios::Name;
using nlohmann::json;
namespace browser = lw::browser;
namespace nbdgm = lw::nbdgm;
namespace nbns = lw::nbns;
namespace smb = lw::smb;

constexpr Ipv4 kNas01 = Ipv4::from_octets(192, 0, 2, 11);
constexpr Ipv4 kNas02 = Ipv4::from_octets(192, 0, 2, 12);
constexpr Ipv4 kObserver = Ipv4::from_octets(192, 0, 2, 13);
constexpr Ipv4 kBroadcast = Ipv4::from_octets(192, 0, 2, 255);
constexpr std::uint32_t kStartTime = 1700000000;

Name name(std::string_view text, std::uint8_t suffix, std::string_view scope = {}) {
    return *Name::make(text, suffix, scope);
}

// tshark's form of a NetBIOS name: the 15 name bytes with non-printable
// ones as "<xx>" and trailing spaces removed, "<xx>" for the suffix, then
// ".scope": "<01><02>__MSBROWSE__<02><01>", "*<00>...<00>" (15 times).
std::string tshark_name(const Name& n) {
    char hex[8];
    std::string text;
    for (std::size_t i = 0; i < lw::netbios::kNameChars; ++i) {
        auto c = n.raw()[i];
        if (c >= 0x20 && c < 0x7f) {
            text += static_cast<char>(c);
        } else {
            std::snprintf(hex, sizeof hex, "<%02x>", c);
            text += hex;
        }
    }
    while (!text.empty() && text.back() == ' ') {
        text.pop_back();
    }
    std::snprintf(hex, sizeof hex, "<%02x>", n.suffix());
    text += hex;
    if (!n.scope().empty()) {
        text += "." + n.scope();
    }
    return text;
}

struct Packet {
    std::string label;
    Ipv4 src;
    Ipv4 dst;
    std::uint16_t port = 0;
    std::vector<std::uint8_t> payload;
    json fields;
};

// -- name service ----------------------------------------------------------

// Appends v to the list f[key] (created on first use).
template <typename T> void append(json& f, const std::string& key, const T& v) {
    f[key].push_back(v);
}

// A FLAGS word as tshark dissects it: AA and RA only in responses, the
// rcode only in responses other than a WACK.  The flags a WACK's RDATA
// repeats get the same fields again, so every key is a list.
void add_flags(json& f, nbns::Flags fl, bool rcode_shown) {
    append(f, "nbns.flags", fl.word());
    append(f, "nbns.flags.response", fl.response());
    append(f, "nbns.flags.opcode", static_cast<unsigned>(fl.opcode()));
    append(f, "nbns.flags.truncated", fl.truncated());
    append(f, "nbns.flags.recdesired", fl.recursion_desired());
    append(f, "nbns.flags.broadcast", fl.broadcast());
    if (fl.response()) {
        append(f, "nbns.flags.authoritative", fl.authoritative());
        append(f, "nbns.flags.recavail", fl.recursion_available());
        if (rcode_shown) {
            append(f, "nbns.flags.rcode", static_cast<unsigned>(fl.rcode()));
        }
    }
}

void add_node_status(json& f, const nbns::NodeStatus& status) {
    f["nbns.number_of_names"] = status.names.size();
    for (const nbns::NodeName& n : status.names) {
        // The field's value is the name without its suffix; the test reads
        // the name and suffix from tshark's display of the field.
        append(f, "nbns.netbios_name", tshark_name(n.name));
        append(f, "nbns.name_flags", n.flags.word());
        append(f, "nbns.name_flags.group", n.flags.group());
        append(f, "nbns.name_flags.ont", static_cast<unsigned>(n.flags.owner_type()));
        append(f, "nbns.name_flags.drg", n.flags.deregistering());
        append(f, "nbns.name_flags.cnf", n.flags.conflict());
        append(f, "nbns.name_flags.act", n.flags.active());
        append(f, "nbns.name_flags.prm", n.flags.permanent());
    }
    if (!status.statistics) {
        return;
    }
    // Wireshark 4.0 reads RFC 1002's three command block counters
    // (NUMBER_FREE_COMMAND_BLOCKS, TOTAL_NUMBER_COMMAND_BLOCKS,
    // MAX_TOTAL_NUMBER_COMMAND_BLOCKS) as one "Number of command blocks",
    // so its fields after that one are two counters off and it stops 4
    // bytes before the end of the 46-byte block (§4.2.18).  Only the fields
    // up to that one are compared.
    const nbns::Statistics& s = *status.statistics;
    f["nbns.unit_id"] = nbns::mac_to_string(s.unit_id);
    f["nbns.jumpers"] = s.jumpers;
    f["nbns.test_result"] = s.test_result;
    f["nbns.version_number"] = s.version_number;
    f["nbns.period_of_statistics"] = s.period_of_statistics;
    f["nbns.num_crcs"] = s.crc_errors;
    f["nbns.num_alignment_errors"] = s.alignment_errors;
    f["nbns.num_collisions"] = s.collisions;
    f["nbns.num_send_aborts"] = s.send_aborts;
    f["nbns.num_good_sends"] = s.good_sends;
    f["nbns.num_good_receives"] = s.good_receives;
    f["nbns.numretransmits"] = s.retransmits;
    f["nbns.num_no_resource_conditions"] = s.no_resource_conditions;
    f["nbns.numcommand_blocks"] = s.free_command_blocks;
}

void add_record(json& f, const nbns::ResourceRecord& rr, bool wack) {
    append(f, "nbns.name", tshark_name(rr.name));
    append(f, "nbns.type", static_cast<unsigned>(rr.type));
    append(f, "nbns.class", rr.klass);
    append(f, "nbns.ttl", rr.ttl);
    if (const auto* nb = std::get_if<nbns::NbRdata>(&rr.rdata)) {
        for (const nbns::NbAddress& e : nb->entries) {
            append(f, "nbns.nb_flags", e.flags.word());
            append(f, "nbns.nb_flags.group", e.flags.group());
            append(f, "nbns.nb_flags.ont", static_cast<unsigned>(e.flags.owner_type()));
            append(f, "nbns.addr", e.address.to_string());
        }
    } else if (const auto* w = std::get_if<nbns::WackRdata>(&rr.rdata)) {
        add_flags(f, w->request_flags, !wack);
    } else if (const auto* status = std::get_if<nbns::NodeStatus>(&rr.rdata)) {
        add_node_status(f, *status);
    }
}

json nbns_fields(const nbns::Message& msg) {
    const bool wack = msg.flags.opcode() == nbns::Opcode::Wack;
    json f = json::object();
    f["nbns.id"] = msg.transaction_id;
    add_flags(f, msg.flags, !wack);
    f["nbns.count.queries"] = msg.questions.size();
    f["nbns.count.answers"] = msg.answers.size();
    f["nbns.count.auth_rr"] = msg.authorities.size();
    f["nbns.count.add_rr"] = msg.additionals.size();
    for (const nbns::Question& q : msg.questions) {
        append(f, "nbns.name", tshark_name(q.name));
        append(f, "nbns.type", static_cast<unsigned>(q.type));
        append(f, "nbns.class", q.klass);
    }
    for (const auto* section : {&msg.answers, &msg.authorities, &msg.additionals}) {
        for (const nbns::ResourceRecord& rr : *section) {
            add_record(f, rr, wack);
        }
    }
    // A field the message does not have must be absent in tshark's reading.
    for (const char* key : {"nbns.addr", "nbns.ttl", "nbns.netbios_name", "nbns.unit_id"}) {
        if (!f.contains(key)) {
            f[key] = json::array();
        }
    }
    return f;
}

Packet nbns_packet(std::string label, Ipv4 src, Ipv4 dst, const nbns::Message& msg) {
    json f = nbns_fields(msg);
    f["frame.protocols"] = "eth:ethertype:ip:udp:nbns";
    return Packet{std::move(label), src, dst, nbns::kPort, nbns::encode_message(msg), f};
}

std::vector<nbns::NodeName> nas01_names() {
    using nbns::NameFlags;
    using nbns::NodeType;
    return {
        {name("NAS01", 0x00), NameFlags(false, NodeType::B)},
        {name("NAS01", 0x03), NameFlags(false, NodeType::B)},
        {name("NAS01", 0x20), NameFlags(false, NodeType::B)},
        {Name::msbrowse(), NameFlags(true, NodeType::B)},
        {name("SPRINGFIELD", 0x00), NameFlags(true, NodeType::B)},
        {name("SPRINGFIELD", 0x1d), NameFlags(false, NodeType::B)},
        {name("SPRINGFIELD", 0x1e), NameFlags(true, NodeType::H)},
    };
}

void add_name_service(std::vector<Packet>& out) {
    using nbns::NbAddress;
    using nbns::NbFlags;
    using nbns::NodeType;
    using nbns::Rcode;
    const Name nas20 = name("NAS01", 0x20);
    const Name nas00 = name("NAS01", 0x00);
    const Name group = name("SPRINGFIELD", 0x1e);
    const NbAddress unique{NbFlags(false, NodeType::B), kNas01};
    const NbAddress h_unique{NbFlags(false, NodeType::H), kNas01};
    const std::vector<NbAddress> one{unique};
    const std::vector<NbAddress> members{{NbFlags(true, NodeType::B), kNas01},
                                         {NbFlags(true, NodeType::B), kNas02},
                                         {NbFlags(true, NodeType::H), kObserver}};

    out.push_back(nbns_packet("name query, broadcast", kObserver, kBroadcast,
                              nbns::name_query_request(0x0101, nas20, true)));
    out.push_back(nbns_packet("name query, unicast", kObserver, kNas01,
                              nbns::name_query_request(0x0102, nas20, false)));
    out.push_back(
        nbns_packet("name query for a scoped name", kObserver, kBroadcast,
                    nbns::name_query_request(0x0103, name("NAS01", 0x20, "lab.example"), true)));
    out.push_back(nbns_packet("positive name query response", kNas01, kObserver,
                              nbns::positive_query_response(0x0101, nas20, 259200, one)));
    out.push_back(nbns_packet("positive query response for a group, three members", kNas01,
                              kObserver,
                              nbns::positive_query_response(0x0104, group, 300000, members)));
    out.push_back(nbns_packet("negative name query response", kNas01, kObserver,
                              nbns::negative_query_response(0x0102, nas20)));
    out.push_back(nbns_packet("name registration request, broadcast", kNas01, kBroadcast,
                              nbns::registration_request(0x0201, nas00, unique, 0)));
    out.push_back(
        nbns_packet("name registration request of a group, unicast", kNas01, kNas02,
                    nbns::registration_request(0x0202, group, {NbFlags(true, NodeType::H), kNas01},
                                               300000, false)));
    out.push_back(nbns_packet(
        "name registration request of a scoped name", kNas01, kBroadcast,
        nbns::registration_request(0x0207, name("NAS01", 0x00, "lab.example"), unique, 0)));
    out.push_back(nbns_packet("name overwrite demand", kNas01, kBroadcast,
                              nbns::overwrite_demand(0x0203, nas00, unique)));
    out.push_back(
        nbns_packet("positive name registration response", kNas02, kNas01,
                    nbns::registration_response(0x0202, group, h_unique, 300000, Rcode::Ok)));
    out.push_back(
        nbns_packet("negative name registration response", kNas02, kNas01,
                    nbns::registration_response(0x0201, nas00, unique, 0, Rcode::ActErr)));
    out.push_back(nbns_packet("name conflict demand", kNas02, kNas01,
                              nbns::conflict_demand(0x0204, nas00, unique)));
    out.push_back(nbns_packet("name release request, broadcast", kNas01, kBroadcast,
                              nbns::release_request(0x0205, nas00, unique)));
    out.push_back(nbns_packet("name refresh request", kNas01, kNas02,
                              nbns::refresh_request(0x0206, nas00, h_unique, 300000)));
    out.push_back(nbns_packet("wait for acknowledgement (WACK)", kNas02, kNas01,
                              nbns::wack(0x0202, group, 10, nbns::Flags{0x2900})));
    out.push_back(
        nbns_packet("node status request", kObserver, kNas01, nbns::node_status_request(0x0301)));
    out.push_back(nbns_packet("node status request with B set (nbtscan)", kObserver, kNas01,
                              nbns::node_status_request(0x0302, Name(), true)));

    nbns::Statistics stats;
    stats.unit_id = {0x02, 0x00, 0xc0, 0x00, 0x02, 0x0b};
    stats.jumpers = 0x11;
    stats.test_result = 0x22;
    stats.version_number = 0x0301;
    stats.period_of_statistics = 60;
    stats.crc_errors = 3;
    stats.alignment_errors = 4;
    stats.collisions = 5;
    stats.send_aborts = 6;
    stats.good_sends = 123456;
    stats.good_receives = 654321;
    stats.retransmits = 7;
    stats.no_resource_conditions = 8;
    stats.free_command_blocks = 9;
    stats.total_command_blocks = 10;
    stats.max_total_command_blocks = 11;
    stats.pending_sessions = 12;
    stats.max_pending_sessions = 13;
    stats.max_total_sessions = 14;
    stats.session_data_packet_size = 1500;
    out.push_back(nbns_packet("node status response, 7 names and a MAC", kNas01, kObserver,
                              nbns::node_status_response(0x0301, Name(), nas01_names(), stats)));
    out.push_back(nbns_packet("node status response, zeroed statistics (Samba)", kNas01, kObserver,
                              nbns::node_status_response(0x0302, Name(), nas01_names())));
}

// -- datagram service and browser frames --------------------------------------

constexpr const char* kBrowseStack = "eth:ethertype:ip:udp:nbdgm:smb:browser";

json datagram_fields(const nbdgm::Datagram& d, std::size_t size) {
    json f;
    f["frame.protocols"] =
        nbdgm::carries_data(d.type) ? kBrowseStack : "eth:ethertype:ip:udp:nbdgm";
    f["nbdgm.type"] = static_cast<unsigned>(d.type);
    f["nbdgm.first"] = d.flags.first();
    f["nbdgm.next"] = d.flags.more();
    f["nbdgm.node_type"] = static_cast<unsigned>(d.flags.node_type());
    f["nbdgm.dgram_id"] = d.id;
    f["nbdgm.src.ip"] = d.source_ip.to_string();
    f["nbdgm.src.port"] = d.source_port;
    if (nbdgm::carries_data(d.type)) {
        f["nbdgm.dgram_len"] = size - nbdgm::kDataHeaderSize;
        f["nbdgm.pkt_offset"] = d.packet_offset;
        f["nbdgm.source_name"] = tshark_name(d.source_name);
        f["nbdgm.destination_name"] = tshark_name(d.destination_name);
    } else if (d.type == nbdgm::MsgType::Error) {
        f["nbdgm.error_code"] = static_cast<unsigned>(d.error_code);
    } else {
        f["nbdgm.destination_name"] = tshark_name(d.destination_name);
    }
    return f;
}

void add_mailslot_fields(json& f, const smb::MailslotWrite& m) {
    const std::size_t name_size = m.mailslot.size() + 1;
    f["smb.cmd"] = smb::kComTransaction;
    f["smb.wct"] = smb::kMailslotWordCount;
    f["smb.tpc"] = 0;
    f["smb.tdc"] = m.data.size();
    f["smb.pc"] = 0;
    f["smb.dc"] = m.data.size();
    f["smb.data_offset"] = smb::kMailslotNameOffset + name_size;
    f["smb.sc"] = smb::kMailslotSetupCount;
    f["smb.bcc"] = name_size + m.data.size();
    f["smb.trans_name"] = m.mailslot;
    f["mailslot.opcode"] = smb::kOpcodeMailslotWrite;
    f["mailslot.priority"] = m.priority;
    f["mailslot.class"] = m.mailslot_class;
    f["mailslot.size"] = name_size + m.data.size();
    f["mailslot.name"] = m.mailslot;
}

// Every bit tshark has a field for, by SV_TYPE value.
void add_server_type_fields(json& f, browser::ServerType t) {
    using S = browser::ServerType;
    static const std::pair<std::uint32_t, const char*> kBits[] = {
        {S::kWorkstation, "workstation"},
        {S::kServer, "server"},
        {S::kSqlServer, "sql"},
        {S::kDomainCtrl, "domain_controller"},
        {S::kDomainBakCtrl, "backup_controller"},
        {S::kTimeSource, "time"},
        {S::kAfp, "apple"},
        {S::kNovell, "novell"},
        {S::kDomainMember, "member"},
        {S::kPrintqServer, "print"},
        {S::kDialinServer, "dialin"},
        {S::kServerUnix, "xenix"},
        {S::kNt, "ntw"},
        {S::kWfw, "wfw"},
        {S::kServerNt, "nts"},
        {S::kPotentialBrowser, "browser.potential"},
        {S::kBackupBrowser, "browser.backup"},
        {S::kMasterBrowser, "browser.master"},
        {S::kDomainMaster, "browser.domain_master"},
        {S::kServerOsf, "osf"},
        {S::kServerVms, "vms"},
        {S::kWindows, "w95"},
        {S::kDfs, "dfs"},
        {S::kLocalListOnly, "local"},
        {S::kDomainEnum, "domainenum"},
    };
    f["browser.server_type"] = t.bits;
    for (const auto& [bit, field] : kBits) {
        f[std::string("browser.server_type.") + field] = t.has(bit);
    }
}

void add_announcement_fields(json& f, browser::Opcode op, const browser::AnnouncementFields& a) {
    f["browser.update_count"] = a.update_count;
    f["browser.period"] = a.periodicity_ms;
    f["browser.server"] = a.server_name;
    f["browser.os_major"] = a.os_major;
    f["browser.os_minor"] = a.os_minor;
    add_server_type_fields(f, a.type);
    f["browser.proto_major"] = a.browser_major;
    f["browser.proto_minor"] = a.browser_minor;
    f["browser.sig"] = a.signature;
    // A DomainAnnouncement's comment is the master browser's name.
    if (op == browser::Opcode::DomainAnnouncement) {
        f["browser.mb_server"] = a.comment;
        f["browser.comment"] = json::array();
    } else {
        f["browser.comment"] = a.comment;
    }
}

// Wireshark names the election desire bits after their old meanings:
// 0x08 (preferred master in [MS-BRWS] 2.2.3) is "Domain Master", 0x80
// (PDC) is "NT".  Compared by bit, whatever the name.
void add_election_fields(json& f, const browser::RequestElection& e) {
    using C = browser::Criteria;
    const C c = e.criteria;
    f["browser.election.version"] = e.version;
    f["browser.election.criteria"] = c.value;
    f["browser.election.desire"] = c.role();
    f["browser.election.desire.backup"] = (c.role() & C::kRoleRunningBackup) != 0;
    f["browser.election.desire.standby"] = (c.role() & C::kRoleStandby) != 0;
    f["browser.election.desire.master"] = (c.role() & C::kRoleRunningMaster) != 0;
    f["browser.election.desire.domain_master"] = (c.role() & C::kRolePreferredMaster) != 0;
    f["browser.election.desire.wins"] = (c.role() & C::kRoleWins) != 0;
    f["browser.election.desire.nt"] = (c.role() & C::kRolePdc) != 0;
    f["browser.proto_major"] = c.browser_major();
    f["browser.proto_minor"] = c.browser_minor();
    f["browser.election.os"] = c.os_level();
    f["browser.uptime"] = e.uptime_ms;
    f["browser.server"] = e.server_name;
}

json frame_fields(const browser::Frame& frame) {
    json f;
    browser::Opcode op = browser::opcode_of(frame);
    f["browser.command"] = static_cast<unsigned>(op);
    if (const browser::AnnouncementFields* a = browser::announcement_of(frame)) {
        add_announcement_fields(f, op, *a);
    } else if (const auto* r = std::get_if<browser::AnnouncementRequest>(&frame)) {
        f["browser.unused"] = r->reserved;
        f["browser.response_computer_name"] = r->response_name;
    } else if (const auto* e = std::get_if<browser::RequestElection>(&frame)) {
        add_election_fields(f, *e);
    } else if (const auto* q = std::get_if<browser::GetBackupListRequest>(&frame)) {
        f["browser.backup.count"] = q->requested_count;
        f["browser.backup.token"] = q->token;
    } else if (const auto* l = std::get_if<browser::GetBackupListResponse>(&frame)) {
        f["browser.backup.count"] = l->servers.size();
        f["browser.backup.token"] = l->token;
        f["browser.backup.server"] = l->servers;
    } else if (const auto* b = std::get_if<browser::BecomeBackup>(&frame)) {
        f["browser.browser_to_promote"] = b->browser_to_promote;
    } else if (const auto* m = std::get_if<browser::MasterAnnouncement>(&frame)) {
        f["browser.mb_server"] = m->master_browser_name;
    } else if (const auto* s = std::get_if<browser::ResetStateRequest>(&frame)) {
        using R = browser::ResetStateRequest;
        f["browser.reset_cmd"] = s->type;
        f["browser.reset_cmd.demote"] = (s->type & R::kStopMaster) != 0;
        f["browser.reset_cmd.flush"] = (s->type & R::kClearAll) != 0;
        f["browser.reset_cmd.stop_lmb"] = (s->type & R::kStop) != 0;
    }
    return f;
}

json merge(json a, const json& b) {
    for (const auto& [key, value] : b.items()) {
        a[key] = value;
    }
    return a;
}

// A browser frame in a mailslot write in a datagram, through the same
// composition the agent uses (encode_browse_datagram).
Packet browse_packet(std::string label, Ipv4 dst, nbdgm::MsgType type, std::uint16_t id,
                     const Name& destination, const browser::Frame& frame) {
    nbdgm::Datagram d =
        nbdgm::make_data_datagram(type, id, kNas01, name("NAS01", 0x00), destination, {});
    auto bytes = browser::encode_browse_datagram(d, frame);
    if (!bytes) {
        std::cerr << "encode_samples: cannot encode " << label << "\n";
        std::exit(1);
    }
    auto m = smb::make_mailslot_write(smb::kMailslotBrowse, *browser::encode_frame(frame));
    json f = datagram_fields(d, bytes->size());
    add_mailslot_fields(f, m);
    f = merge(f, frame_fields(frame));
    return Packet{std::move(label), kNas01, dst, nbdgm::kDatagramPort, std::move(*bytes), f};
}

browser::HostAnnouncement host_announcement() {
    browser::HostAnnouncement a;
    a.update_count = 3;
    a.periodicity_ms = 720000;
    a.server_name = "NAS01";
    a.os_major = 6;
    a.os_minor = 1;
    a.type = browser::ServerType{0x00849a03};
    a.comment = "Samba 4.17.12-Debian";
    return a;
}

std::vector<browser::Frame> every_frame() {
    using browser::Criteria;
    std::vector<browser::Frame> frames;
    frames.emplace_back(host_announcement());

    frames.emplace_back(browser::AnnouncementRequest{0, "NAS01"});

    browser::RequestElection election;
    election.criteria =
        Criteria::make(65, Criteria::kRolePreferredMaster | Criteria::kRoleStandby |
                               Criteria::kRoleRunningBackup | Criteria::kRoleRunningMaster);
    election.uptime_ms = 6000;
    election.server_name = "NAS01";
    frames.emplace_back(election);

    frames.emplace_back(browser::GetBackupListRequest{4, 0x11223344});
    frames.emplace_back(browser::GetBackupListResponse{0x11223344, {"NAS01", "NAS02"}});
    frames.emplace_back(browser::BecomeBackup{"NAS02"});

    browser::DomainAnnouncement domain;
    domain.periodicity_ms = 60000;
    domain.server_name = "SPRINGFIELD";
    domain.os_major = 6;
    domain.os_minor = 1;
    domain.type = browser::ServerType{0x80001000};
    domain.comment = "NAS01";
    frames.emplace_back(domain);

    frames.emplace_back(browser::MasterAnnouncement{"NAS01"});
    frames.emplace_back(browser::ResetStateRequest{browser::ResetStateRequest::kStopMaster |
                                                   browser::ResetStateRequest::kStop});

    browser::LocalMasterAnnouncement lmb;
    static_cast<browser::AnnouncementFields&>(lmb) = host_announcement();
    lmb.update_count = 4;
    lmb.comment = "local master";
    frames.emplace_back(lmb);
    return frames;
}

Packet lanman_packet() {
    browser::LanmanAnnouncement a;
    a.type = browser::ServerType{0x00000a03};
    a.os_major = 4;
    a.os_minor = 9;
    a.periodicity_s = 60;
    a.server_name = "NAS01";
    a.comment = "lanman comment";
    auto m = smb::make_mailslot_write(smb::kMailslotLanman, *browser::encode_lanman(a));
    nbdgm::Datagram d =
        nbdgm::make_data_datagram(nbdgm::MsgType::DirectGroup, 0x0420, kNas01, name("NAS01", 0x00),
                                  name("SPRINGFIELD", 0x00), *smb::encode_mailslot(m));
    auto bytes = *nbdgm::encode_datagram(d);
    json f = datagram_fields(d, bytes.size());
    add_mailslot_fields(f, m);
    // Wireshark reads the u16 opcode as the browser command byte and an
    // update count byte, and shows the periodicity (seconds on the wire) in
    // milliseconds like the browser frames' own.
    f["browser.command"] = browser::LanmanAnnouncement::kOpcode & 0xff;
    f["browser.update_count"] = browser::LanmanAnnouncement::kOpcode >> 8;
    add_server_type_fields(f, a.type);
    f["browser.os_major"] = a.os_major;
    f["browser.os_minor"] = a.os_minor;
    f["browser.period"] = a.periodicity_s * 1000u;
    f["browser.server"] = a.server_name;
    f["browser.comment"] = a.comment;
    return Packet{"LANMAN host announcement", kNas01,           kBroadcast,
                  nbdgm::kDatagramPort,       std::move(bytes), f};
}

Packet plain_datagram(std::string label, Ipv4 src, Ipv4 dst, const nbdgm::Datagram& d) {
    auto bytes = *nbdgm::encode_datagram(d);
    json f = datagram_fields(d, bytes.size());
    return Packet{std::move(label), src, dst, nbdgm::kDatagramPort, std::move(bytes), f};
}

void add_datagram_service(std::vector<Packet>& out) {
    using nbdgm::MsgType;
    const Name election = name("SPRINGFIELD", 0x1e);
    std::uint16_t id = 0x0400;
    for (const browser::Frame& frame : every_frame()) {
        std::string label = std::string(browser::opcode_name(browser::opcode_of(frame))) +
                            " in a direct group datagram";
        out.push_back(
            browse_packet(label, kBroadcast, MsgType::DirectGroup, ++id, election, frame));
    }
    out.push_back(browse_packet("host_announcement in a direct unique datagram to <1d>", kBroadcast,
                                MsgType::DirectUnique, 0x0411, name("SPRINGFIELD", 0x1d),
                                host_announcement()));
    out.push_back(browse_packet("domain_announcement in a broadcast datagram", kBroadcast,
                                MsgType::Broadcast, 0x0412, Name::msbrowse(), every_frame()[6]));

    // Every documented server type bit set, then none (a shutdown).
    browser::HostAnnouncement all_bits = host_announcement();
    all_bits.type = browser::ServerType{~std::uint32_t{0x18000000}};
    out.push_back(browse_packet("host_announcement with every documented server type bit",
                                kBroadcast, MsgType::DirectUnique, 0x0413,
                                name("SPRINGFIELD", 0x1d), all_bits));
    browser::HostAnnouncement going_away = host_announcement();
    going_away.periodicity_ms = 0;
    going_away.type = browser::ServerType{0};
    out.push_back(browse_packet("host_announcement going away (server type 0)", kBroadcast,
                                MsgType::DirectUnique, 0x0414, name("SPRINGFIELD", 0x1d),
                                going_away));

    // The other election criteria: a forced election and a PDC's.
    browser::RequestElection force;
    force.version = 0;
    force.server_name = "CLIENT";
    out.push_back(browse_packet("request_election forcing an election (version 0, criteria 0)",
                                kBroadcast, MsgType::DirectGroup, 0x0415, election, force));
    browser::RequestElection pdc;
    pdc.criteria = browser::Criteria::make(
        browser::Criteria::kOsLevelServer,
        browser::Criteria::kRolePdc | browser::Criteria::kRoleWins |
            browser::Criteria::kRoleRunningMaster | browser::Criteria::kRoleRunningBackup);
    pdc.uptime_ms = 86400000;
    pdc.server_name = "DC01";
    out.push_back(browse_packet("request_election from a PDC and WINS server", kBroadcast,
                                MsgType::DirectGroup, 0x0416, election, pdc));
    out.push_back(lanman_packet());

    for (auto code :
         {nbdgm::ErrorCode::DestinationNameNotPresent, nbdgm::ErrorCode::InvalidSourceName,
          nbdgm::ErrorCode::InvalidDestinationName}) {
        nbdgm::Datagram d;
        d.type = MsgType::Error;
        d.flags = nbdgm::Flags::whole(nbdgm::NodeType::B);
        d.id = ++id;
        d.source_ip = kNas02;
        d.error_code = code;
        out.push_back(plain_datagram("datagram error " + std::string(nbdgm::error_code_name(code)),
                                     kNas02, kNas01, d));
    }
    for (auto type :
         {MsgType::QueryRequest, MsgType::PositiveQueryResponse, MsgType::NegativeQueryResponse}) {
        nbdgm::Datagram d;
        d.type = type;
        d.flags = nbdgm::Flags::whole(nbdgm::NodeType::P);
        d.id = ++id;
        d.source_ip = kNas02;
        d.destination_name = name("NAS01", 0x00);
        out.push_back(plain_datagram("datagram " + std::string(nbdgm::msg_type_name(type)), kNas02,
                                     kNas01, d));
    }
}

bool write_file(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(f);
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: encode_samples OUT.pcap OUT.json\n";
        return 2;
    }
    std::vector<Packet> packets;
    add_name_service(packets);
    add_datagram_service(packets);

    lw::pcap::Writer pcap;
    json manifest = {{"packets", json::array()}};
    std::uint32_t frame = 0;
    for (const Packet& p : packets) {
        if (p.payload.empty()) {
            std::cerr << "encode_samples: " << p.label << " did not encode\n";
            return 1;
        }
        ++frame;
        pcap.add_udp(kStartTime + frame, 0, {p.src, p.dst, p.port, p.port, p.payload});
        manifest["packets"].push_back({{"frame", frame},
                                       {"label", p.label},
                                       {"size", p.payload.size()},
                                       {"fields", p.fields}});
    }
    std::string text = manifest.dump(1) + "\n";
    if (!write_file(argv[1], pcap.bytes()) ||
        !write_file(argv[2], std::vector<std::uint8_t>(text.begin(), text.end()))) {
        std::cerr << "encode_samples: cannot write " << argv[1] << " or " << argv[2] << "\n";
        return 1;
    }
    std::cout << frame << " packets\n";
    return 0;
}
