// One UDP 138 payload through all three layers: NetBIOS datagram -> SMB
// mailslot write -> browser frame (or LANMAN announcement).  This is what
// the daemon and `lanwarden decode` need; each layer stays usable alone
// (nbdgm/datagram.h, smb/mailslot.h, browser/frames.h).
//
// Every error offset counts from the first byte of the datagram, so it can
// be found in a hex dump of the packet.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json_fwd.hpp>

#include "agent/core/browser/frames.h"
#include "agent/core/nbdgm/datagram.h"
#include "agent/core/smb/mailslot.h"
#include "agent/core/wire/reader.h"

namespace lw::browser {

enum class Layer : std::uint8_t { Datagram, Mailslot, Browser };

/// "datagram", "mailslot", "browser".
std::string_view layer_name(Layer layer) noexcept;

struct LayerError {
    Layer layer;
    wire::ParseError error;
    friend bool operator==(const LayerError&, const LayerError&) = default;
};

using Payload = std::variant<Frame, LanmanAnnouncement>;

/// The layers that decoded, outermost first, and the error that stopped
/// decoding if there was one.  A layer is present exactly when every layer
/// outside it is.
struct BrowseDatagram {
    std::optional<nbdgm::Datagram> datagram;
    std::optional<smb::MailslotWrite> mailslot;
    std::optional<Payload> payload;
    std::optional<LayerError> error;

    bool ok() const noexcept { return !error.has_value(); }
};

/// Decodes all three layers.  Besides the errors of each layer's decoder:
///   {Datagram, Unsupported, 0} for error and query datagrams, which carry
///     no user data (the datagram is still returned);
///   {Mailslot, Unsupported, offset of the name} for a mailslot other than
///     \MAILSLOT\BROWSE and \MAILSLOT\LANMAN (compared without case).
BrowseDatagram decode_browse_datagram(wire::Bytes data);

/// Encodes a browser frame into a mailslot write to \MAILSLOT\BROWSE and
/// that into d's user data; nullopt when a layer does not encode.
std::optional<std::vector<std::uint8_t>> encode_browse_datagram(nbdgm::Datagram d,
                                                                const Frame& frame);

/// The summaries of the layers that decoded, joined by " | ", then the
/// error: "direct_group ... | mailslot \MAILSLOT\BROWSE data=20 |
/// request_election ALPHA ...", or "... | error mailslot bad_length at 57".
std::string summary(const BrowseDatagram& b);

/// {"datagram": {...}, "smb": {...}, "browser": {...}, "error": {"layer",
/// "code", "offset"}}; absent layers are left out.
nlohmann::json to_json(const BrowseDatagram& b);

} // namespace lw::browser
