#include "agent/core/browse/feed.h"

#include <variant>

#include "agent/core/browser/browse_datagram.h"
#include "agent/core/nbns/message.h"
#include "agent/core/netbios/name.h"
#include "agent/core/wire/hex.h"

namespace lw::browse {

namespace {

std::string drop_detail(std::string_view layer, const wire::ParseError& e) {
    return "layer=" + std::string(layer) + " error=" + std::string(wire::errc_name(e.code)) +
           " offset=" + std::to_string(e.offset);
}

/// The claims a name service packet makes: registrations, refreshes and
/// releases in the additional section, positive answers to queries.
void claims_of(const nbns::Message& msg, Model& m, Millis now, std::uint64_t& claims) {
    using nbns::Opcode;
    const Opcode op = msg.flags.opcode();
    const std::vector<nbns::ResourceRecord>* records = nullptr;
    ClaimKind kind = ClaimKind::Registration;
    if (!msg.flags.response()) {
        switch (op) {
        case Opcode::Registration:
        case Opcode::MultiHomedRegistration:
        case Opcode::Refresh:
        case Opcode::RefreshAlt: records = &msg.additionals; break;
        case Opcode::Release:
            records = &msg.additionals;
            kind = ClaimKind::Release;
            break;
        default: return;
        }
    } else if (op == Opcode::Query && msg.flags.rcode() == nbns::Rcode::Ok) {
        records = &msg.answers;
        kind = ClaimKind::PositiveResponse;
    } else {
        return;
    }
    for (const nbns::ResourceRecord& rr : *records) {
        const auto* nb = std::get_if<nbns::NbRdata>(&rr.rdata);
        if (nb == nullptr) {
            continue;
        }
        for (const nbns::NbAddress& e : nb->entries) {
            m.on_name_claim(NameClaim{kind, rr.name.printable_text(), rr.name.suffix(),
                                      e.flags.group(), e.address},
                            now);
            ++claims;
        }
    }
}

} // namespace

nlohmann::json FeedCounters::to_json() const {
    return {{"nbns", nbns},
            {"nbns_malformed", nbns_malformed},
            {"browser_frames", nbdgm},
            {"nbdgm_malformed", nbdgm_malformed},
            {"fragments", fragments},
            {"not_browse", not_browse},
            {"other_frames", other_frames}};
}

FeedResult Feed::nbns(Model& m, wire::Bytes packet, net::Ipv4, Millis now) {
    auto msg = nbns::decode_message(packet);
    if (!msg.ok()) {
        ++counters_.nbns_malformed;
        return {false, drop_detail("nbns", msg.error())};
    }
    ++counters_.nbns;
    std::uint64_t claims = 0;
    claims_of(*msg, m, now, claims);
    return {};
}

FeedResult Feed::nbdgm(Model& m, wire::Bytes packet, net::Ipv4 source, Millis now) {
    browser::BrowseDatagram b = browser::decode_browse_datagram(packet);
    if (!b.ok()) {
        const browser::LayerError& e = *b.error;
        if (e.layer == browser::Layer::Datagram && e.error.code == wire::Errc::Unsupported) {
            ++counters_.fragments;
            return {false, "fragment"};
        }
        if (e.layer != browser::Layer::Datagram && e.error.code == wire::Errc::Unsupported) {
            // A datagram for some other mailslot or service: not ours.
            ++counters_.not_browse;
            return {true, {}};
        }
        ++counters_.nbdgm_malformed;
        return {false, drop_detail(browser::layer_name(e.layer), e.error)};
    }
    if (!b.datagram || !b.payload) {
        ++counters_.not_browse;
        return {true, {}};
    }
    ++counters_.nbdgm;

    const nbdgm::Datagram& d = *b.datagram;
    // The NetBIOS source address is the node's own; it differs from the IP
    // source only when a datagram distributor relayed the packet.
    net::Ipv4 from = d.source_ip.value != 0 ? d.source_ip : source;
    std::string workgroup = d.destination_name.printable_text();

    if (const auto* lanman = std::get_if<browser::LanmanAnnouncement>(&*b.payload)) {
        Announcement a;
        a.kind = AnnouncementKind::Host;
        a.workgroup = workgroup;
        a.server = wire::escape_text(lanman->server_name);
        a.address = from;
        a.server_type = lanman->type.bits;
        a.os_major = lanman->os_major;
        a.os_minor = lanman->os_minor;
        a.comment = wire::escape_text(lanman->comment);
        a.period_ms = static_cast<std::uint32_t>(lanman->periodicity_s) * 1000u;
        m.on_announcement(a, now);
        return {};
    }

    const browser::Frame& f = std::get<browser::Frame>(*b.payload);
    if (const auto* e = std::get_if<browser::RequestElection>(&f)) {
        m.on_election(ElectionRequest{workgroup, wire::escape_text(e->server_name), from,
                                      e->version, e->criteria.value, e->uptime_ms},
                      now);
        return {};
    }
    const browser::AnnouncementFields* fields = browser::announcement_of(f);
    if (fields == nullptr) {
        ++counters_.other_frames;
        return {};
    }
    Announcement a;
    a.address = from;
    a.server_type = fields->type.bits;
    a.os_major = fields->os_major;
    a.os_minor = fields->os_minor;
    a.period_ms = fields->periodicity_ms;
    switch (browser::opcode_of(f)) {
    case browser::Opcode::DomainAnnouncement:
        // The workgroup is in the name slot, its master's name in the comment.
        a.kind = AnnouncementKind::Domain;
        a.workgroup = wire::escape_text(fields->server_name);
        a.server = wire::escape_text(fields->comment);
        break;
    case browser::Opcode::LocalMasterAnnouncement:
        a.kind = AnnouncementKind::LocalMaster;
        a.workgroup = workgroup;
        a.server = wire::escape_text(fields->server_name);
        a.comment = wire::escape_text(fields->comment);
        break;
    default:
        a.kind = AnnouncementKind::Host;
        a.workgroup = workgroup;
        a.server = wire::escape_text(fields->server_name);
        a.comment = wire::escape_text(fields->comment);
        break;
    }
    m.on_announcement(a, now);
    return {};
}

} // namespace lw::browse
