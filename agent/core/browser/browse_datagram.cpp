#include "agent/core/browser/browse_datagram.h"

#include <nlohmann/json.hpp>

namespace lw::browser {

namespace {

using wire::Errc;
using wire::ParseError;

BrowseDatagram& fail(BrowseDatagram& b, Layer layer, ParseError error) {
    b.error = LayerError{layer, error};
    return b;
}

} // namespace

std::string_view layer_name(Layer layer) noexcept {
    switch (layer) {
    case Layer::Datagram: return "datagram";
    case Layer::Mailslot: return "mailslot";
    case Layer::Browser: return "browser";
    }
    return "unknown";
}

BrowseDatagram decode_browse_datagram(wire::Bytes data) {
    BrowseDatagram b;
    auto datagram = nbdgm::decode_datagram(data);
    if (!datagram) {
        return fail(b, Layer::Datagram, datagram.error());
    }
    b.datagram = std::move(*datagram);
    if (!nbdgm::carries_data(b.datagram->type)) {
        return fail(b, Layer::Datagram, ParseError{Errc::Unsupported, 0});
    }

    const nbdgm::Datagram& d = *b.datagram;
    auto mailslot = smb::decode_mailslot(d.user_data, d.user_data_offset);
    if (!mailslot) {
        return fail(b, Layer::Mailslot, mailslot.error());
    }
    b.mailslot = std::move(*mailslot);

    const smb::MailslotWrite& m = *b.mailslot;
    if (smb::is_mailslot(m.mailslot, smb::kMailslotBrowse)) {
        auto frame = decode_frame(m.data, m.data_position);
        if (!frame) {
            return fail(b, Layer::Browser, frame.error());
        }
        b.payload = Payload{std::move(*frame)};
        return b;
    }
    if (smb::is_mailslot(m.mailslot, smb::kMailslotLanman)) {
        auto lanman = decode_lanman(m.data, m.data_position);
        if (!lanman) {
            return fail(b, Layer::Browser, lanman.error());
        }
        b.payload = Payload{std::move(*lanman)};
        return b;
    }
    return fail(b, Layer::Mailslot,
                ParseError{Errc::Unsupported, d.user_data_offset + smb::kMailslotNameOffset});
}

std::optional<std::vector<std::uint8_t>> encode_browse_datagram(nbdgm::Datagram d,
                                                                const Frame& frame) {
    auto data = encode_frame(frame);
    if (!data) {
        return std::nullopt;
    }
    auto smb = smb::encode_mailslot(smb::make_mailslot_write(smb::kMailslotBrowse, *data));
    if (!smb) {
        return std::nullopt;
    }
    d.user_data = std::move(*smb);
    return nbdgm::encode_datagram(d);
}

std::string summary(const BrowseDatagram& b) {
    std::string out;
    auto add = [&out](const std::string& part) {
        if (!out.empty()) {
            out += " | ";
        }
        out += part;
    };
    if (b.datagram) {
        add(nbdgm::summary(*b.datagram));
    }
    if (b.mailslot) {
        add(smb::summary(*b.mailslot));
    }
    if (b.payload) {
        add(std::visit([](const auto& p) { return browser::summary(p); }, *b.payload));
    }
    if (b.error) {
        add("error " + std::string(layer_name(b.error->layer)) + ' ' +
            std::string(wire::errc_name(b.error->error.code)) + " at " +
            std::to_string(b.error->error.offset));
    }
    return out;
}

nlohmann::json to_json(const BrowseDatagram& b) {
    nlohmann::json j = nlohmann::json::object();
    if (b.datagram) {
        j["datagram"] = nbdgm::to_json(*b.datagram);
    }
    if (b.mailslot) {
        j["smb"] = smb::to_json(*b.mailslot);
    }
    if (b.payload) {
        j["browser"] = std::visit([](const auto& p) { return browser::to_json(p); }, *b.payload);
    }
    if (b.error) {
        j["error"] = {
            {"layer", layer_name(b.error->layer)},
            {"code", wire::errc_name(b.error->error.code)},
            {"offset", b.error->error.offset},
        };
    }
    return j;
}

} // namespace lw::browser
