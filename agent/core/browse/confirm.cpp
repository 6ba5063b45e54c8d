#include "agent/core/browse/confirm.h"

#include <algorithm>
#include <variant>

#include "agent/core/nbns/builders.h"
#include "agent/core/nbns/message.h"

namespace lw::browse {

namespace {

constexpr std::uint8_t kSuffixMaster = 0x1d;
constexpr std::uint8_t kSuffixWorkstation = 0x00;

std::vector<std::uint8_t> encode(const nbns::Message& m) {
    return nbns::encode_message(m);
}

} // namespace

Confirmer::Confirmer(net::Ipv4 broadcast, IdSource ids, Millis interval)
    : broadcast_(broadcast), ids_(std::move(ids)), interval_(interval) {
}

Send Confirmer::query(const std::string& workgroup, Round& r, Millis now) {
    auto name = netbios::Name::make(workgroup, kSuffixMaster);
    r.stage = Stage::Query;
    r.sent_at = now;
    ++r.tries;
    ++counters_.queries;
    return Send{broadcast_, 137, encode(nbns::name_query_request(r.trn, *name, true))};
}

std::vector<Send> Confirmer::tick(Model& m, const std::vector<std::string>& workgroups,
                                  Millis now) {
    std::vector<Send> out;
    std::size_t taken = 0;
    for (const std::string& wg : workgroups) {
        if (taken++ >= kMaxConfirmedWorkgroups || !netbios::Name::make(wg, kSuffixMaster)) {
            continue;
        }
        Round& r = rounds_[wg];
        switch (r.stage) {
        case Stage::Idle:
            if (!r.started || now - r.last_round >= interval_) {
                r.started = true;
                r.last_round = now;
                r.tries = 0;
                r.trn = ids_();
                out.push_back(query(wg, r, now));
            }
            break;
        case Stage::Query:
            if (now - r.sent_at >= kConfirmRetryMs) {
                if (r.tries < kConfirmTries) {
                    out.push_back(query(wg, r, now)); // same id: a retransmission
                } else {
                    r.stage = Stage::Idle;
                    ++counters_.unanswered;
                    m.on_master_unanswered(wg, now);
                }
            }
            break;
        case Stage::Status:
            if (now - r.sent_at >= kStatusTimeoutMs) {
                r.stage = Stage::Idle; // the address from <1D> is all we learn
            }
            break;
        }
    }
    // Forget workgroups no longer asked about, so the map stays bounded.
    for (auto it = rounds_.begin(); it != rounds_.end();) {
        bool wanted =
            std::find(workgroups.begin(), workgroups.end(), it->first) != workgroups.end();
        it = wanted ? std::next(it) : rounds_.erase(it);
    }
    return out;
}

std::vector<Send> Confirmer::on_datagram(Model& m, wire::Bytes bytes, net::Ipv4 source,
                                         Millis now) {
    std::vector<Send> out;
    auto msg = nbns::decode_message(bytes);
    if (!msg.ok() || !msg->flags.response() || msg->answers.empty()) {
        ++counters_.unmatched;
        return out;
    }
    for (auto& [wg, r] : rounds_) {
        if (r.stage == Stage::Query && msg->transaction_id == r.trn) {
            const auto* nb = msg->first_nb_answer();
            if (msg->flags.rcode() != nbns::Rcode::Ok || nb == nullptr || nb->entries.empty()) {
                break;
            }
            // The master's own address, from the answer, not the sender's.
            r.master = nb->entries.front().address;
            ++counters_.answers;
            m.on_name_claim(
                NameClaim{ClaimKind::PositiveResponse, wg, kSuffixMaster, false, r.master}, now);
            r.stage = Stage::Status;
            r.sent_at = now;
            r.trn = ids_();
            ++counters_.status_queries;
            out.push_back(Send{r.master, 137, encode(nbns::node_status_request(r.trn))});
            return out;
        }
        if (r.stage == Stage::Status && msg->transaction_id == r.trn && source == r.master) {
            r.stage = Stage::Idle;
            const nbns::NodeStatus* status = msg->node_status();
            if (status == nullptr) {
                break;
            }
            // The host's name is its unique <00> name.
            for (const nbns::NodeName& n : status->names) {
                if (n.name.suffix() == kSuffixWorkstation && !n.flags.group()) {
                    m.on_master_confirmed(wg, n.name.printable_text(), r.master, now);
                    return out;
                }
            }
            return out;
        }
    }
    ++counters_.unmatched;
    return out;
}

Millis Confirmer::next_wakeup(Millis now) const {
    Millis next = now + interval_;
    for (const auto& [wg, r] : rounds_) {
        switch (r.stage) {
        case Stage::Idle: next = std::min(next, r.last_round + interval_); break;
        case Stage::Query: next = std::min(next, r.sent_at + kConfirmRetryMs); break;
        case Stage::Status: next = std::min(next, r.sent_at + kStatusTimeoutMs); break;
        }
    }
    return std::max(next, now);
}

} // namespace lw::browse
