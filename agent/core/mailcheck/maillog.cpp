#include "agent/core/mailcheck/maillog.h"

#include <array>
#include <charconv>
#include <utility>

namespace lw::mailcheck {

namespace {

using sv = std::string_view;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

bool starts_with(sv s, sv p) noexcept { return s.substr(0, p.size()) == p; }

bool all_digits(sv s) noexcept {
    if (s.empty()) {
        return false;
    }
    for (char c : s) {
        if (!is_digit(c)) {
            return false;
        }
    }
    return true;
}

template <class T> std::optional<T> number(sv s) noexcept {
    T v{};
    if (!all_digits(s)) {
        return std::nullopt;
    }
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size()) {
        return std::nullopt;
    }
    return v;
}

// ---- timestamps -----------------------------------------------------------

int month_number(sv m) noexcept {
    static constexpr std::array<sv, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
        if (kMonths[i] == m) {
            return static_cast<int>(i) + 1;
        }
    }
    return 0;
}

// "HH:MM:SS" into t; false when it is not that.
bool read_clock(sv s, LogTime& t) noexcept {
    if (s.size() != 8 || s[2] != ':' || s[5] != ':') {
        return false;
    }
    auto h = number<int>(s.substr(0, 2));
    auto m = number<int>(s.substr(3, 2));
    auto sec = number<int>(s.substr(6, 2));
    if (!h || !m || !sec || *h > 23 || *m > 59 || *sec > 60) {
        return false;
    }
    t.hour = *h;
    t.minute = *m;
    t.second = *sec;
    return true;
}

// Fills the fields of t from t.text when it is a known form; otherwise
// leaves them zero (the line is still read: the text is kept).
void read_time(LogTime& t) noexcept {
    sv s = t.text;
    // RFC 3339: 2024-08-26T01:33:38.572449+00:00
    if (s.size() >= 19 && s[4] == '-' && s[7] == '-' && s[10] == 'T') {
        auto y = number<int>(s.substr(0, 4));
        auto mo = number<int>(s.substr(5, 2));
        auto d = number<int>(s.substr(8, 2));
        if (!y || !mo || !d || *mo < 1 || *mo > 12 || *d < 1 || *d > 31 ||
            !read_clock(s.substr(11, 8), t)) {
            return;
        }
        t.year = *y;
        t.month = *mo;
        t.day = *d;
        sv rest = s.substr(19);
        if (!rest.empty() && rest[0] == '.') {
            std::size_t n = 1;
            while (n < rest.size() && is_digit(rest[n])) {
                ++n;
            }
            rest = rest.substr(n);
        }
        if (rest == "Z") {
            t.utc_offset_minutes = 0;
        } else if (rest.size() >= 5 && (rest[0] == '+' || rest[0] == '-')) {
            sv hh = rest.substr(1, 2);
            sv mm = rest[3] == ':' ? rest.substr(4) : rest.substr(3);
            auto oh = number<int>(hh);
            auto om = number<int>(mm);
            if (oh && om && mm.size() == 2 && *oh < 24 && *om < 60) {
                int off = *oh * 60 + *om;
                t.utc_offset_minutes = rest[0] == '-' ? -off : off;
            }
        }
        return;
    }
    // Syslog: "Dec  3 12:33:21" or "Dec 03 12:33:21".
    if (s.size() >= 14 && s[3] == ' ') {
        int mo = month_number(s.substr(0, 3));
        sv rest = s.substr(4);
        while (!rest.empty() && rest[0] == ' ') {
            rest.remove_prefix(1);
        }
        std::size_t sp = rest.find(' ');
        if (mo == 0 || sp == sv::npos || sp > 2) {
            return;
        }
        auto d = number<int>(rest.substr(0, sp));
        if (!d || *d < 1 || *d > 31 || !read_clock(rest.substr(sp + 1), t)) {
            return;
        }
        t.month = mo;
        t.day = *d;
    }
}

// ---- the program token ------------------------------------------------------

struct Program {
    std::size_t start = 0; ///< where the token begins
    std::size_t rest = 0;  ///< where the message after "]: " begins
    sv name;               ///< "postfix/smtpd"
    bool postscreen = false;
    std::uint32_t pid = 0;
};

// The first "<syslog_name>/smtpd[pid]: " or ".../postscreen[pid]: " token.
std::optional<Program> find_program(sv line) noexcept {
    std::optional<Program> best;
    for (sv daemon : {sv("smtpd["), sv("postscreen[")}) {
        std::size_t from = 0;
        while (true) {
            std::size_t at = line.find(daemon, from);
            if (at == sv::npos || (best && at > best->start)) {
                break;
            }
            from = at + 1;
            // The token starts after a space (or at the line start) and is
            // "daemon" or "<name>/daemon".
            std::size_t start = line.rfind(' ', at);
            start = start == sv::npos ? 0 : start + 1;
            if (start != at && line[at - 1] != '/') {
                continue;
            }
            std::size_t close = line.find(']', at);
            if (close == sv::npos) {
                continue;
            }
            auto pid = number<std::uint32_t>(line.substr(at + daemon.size(),
                                                         close - at - daemon.size()));
            if (!pid || line.substr(close + 1, 2) != ": ") {
                continue;
            }
            Program p;
            p.start = start;
            p.rest = close + 3;
            p.name = line.substr(start, at + daemon.size() - 1 - start);
            p.postscreen = daemon[0] == 'p';
            p.pid = *pid;
            if (!best || p.start < best->start) {
                best = p;
            }
            break;
        }
    }
    return best;
}

// ---- trailing fields ----------------------------------------------------------

struct Trailer {
    std::optional<std::string> from, to, proto, helo;
};

constexpr std::array<sv, 8> kKeys = {"from=",        "to=",           "proto=",
                                     "helo=",        "sasl_method=",  "sasl_username=",
                                     "sasl_sender=", "orig_to="};

bool starts_with_key(sv s) noexcept {
    for (sv k : kKeys) {
        if (starts_with(s, k)) {
            return true;
        }
    }
    return false;
}

// Length of the separator before the next field at s, or 0.
std::size_t separator_before_key(sv s) noexcept {
    if (starts_with(s, ", ") && starts_with_key(s.substr(2))) {
        return 2;
    }
    if (starts_with(s, " ") && starts_with_key(s.substr(1))) {
        return 1;
    }
    return 0;
}

// Parses "from=<a> to=<b> proto=ESMTP helo=<h>" (or comma-separated) to
// its very end; nothing when any part does not fit.
std::optional<Trailer> parse_trailer(sv s) {
    Trailer t;
    while (true) {
        std::size_t eq = s.find('=');
        if (eq == sv::npos || !starts_with_key(s)) {
            return std::nullopt;
        }
        sv key = s.substr(0, eq);
        sv rest = s.substr(eq + 1);
        sv value;
        std::size_t used = 0;
        if (!rest.empty() && rest[0] == '<') {
            // The value ends at a '>' that ends the line or precedes the
            // next field; '>' may occur inside an address.
            std::size_t close = 0;
            bool found = false;
            while ((close = rest.find('>', close + 1)) != sv::npos) {
                sv after = rest.substr(close + 1);
                if (after.empty() || separator_before_key(after) != 0) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return std::nullopt;
            }
            value = rest.substr(1, close - 1);
            used = close + 1;
        } else {
            std::size_t end = 0;
            while (end < rest.size() && separator_before_key(rest.substr(end)) == 0) {
                ++end;
            }
            value = rest.substr(0, end);
            used = end;
        }
        if (key == "from") {
            t.from = std::string(value);
        } else if (key == "to") {
            t.to = std::string(value);
        } else if (key == "proto") {
            t.proto = std::string(value);
        } else if (key == "helo") {
            t.helo = std::string(value);
        }
        s = rest.substr(used);
        if (s.empty()) {
            return t;
        }
        std::size_t sep = separator_before_key(s);
        if (sep == 0) {
            return std::nullopt;
        }
        s.remove_prefix(sep);
    }
}

// Splits "reply text; fields" at the "; " where the fields start.  Only
// the last few candidates are tried, so a line full of "; from=" costs
// linear time.
void split_trailer(sv text, sv& reply, std::optional<Trailer>& trailer) {
    constexpr int kMaxCandidates = 8;
    reply = text;
    std::size_t pos = text.size();
    for (int tries = 0; tries < kMaxCandidates && pos > 0;) {
        pos = text.rfind("; ", pos - 1);
        if (pos == sv::npos) {
            break;
        }
        sv candidate = text.substr(pos + 2);
        if (!starts_with_key(candidate)) {
            continue;
        }
        ++tries;
        if (auto t = parse_trailer(candidate)) {
            reply = text.substr(0, pos);
            trailer = std::move(t);
        }
    }
}

// ---- reasons ------------------------------------------------------------------

bool contains(sv s, sv part) noexcept { return s.find(part) != sv::npos; }

RejectReason classify(const RejectLine& r) {
    sv t = r.text;
    if (contains(t, " blocked using ")) {
        return RejectReason::Rbl;
    }
    if (r.action == LogAction::MilterReject) {
        return RejectReason::Milter;
    }
    if (contains(t, "Helo command rejected: ")) {
        if (contains(t, "Helo command rejected: Host not found")) {
            return RejectReason::HeloHostNotFound;
        }
        if (contains(t, "Helo command rejected: need fully-qualified hostname")) {
            return RejectReason::HeloNotFqdn;
        }
        if (contains(t, "Helo command rejected: Invalid name") ||
            contains(t, "Helo command rejected: invalid ip address")) {
            return RejectReason::HeloInvalid;
        }
        return RejectReason::HeloOther;
    }
    if (contains(t, "Client host rejected: ")) {
        if (contains(t, "Client host rejected: cannot find your reverse hostname")) {
            return RejectReason::ClientNoReverseHostname;
        }
        if (contains(t, "Client host rejected: cannot find your hostname")) {
            return RejectReason::ClientNoHostname;
        }
        return RejectReason::ClientOther;
    }
    if (contains(t, "Sender address rejected: ")) {
        if (contains(t, "Sender address rejected: Domain not found")) {
            return RejectReason::SenderDomainNotFound;
        }
        if (contains(t, "(nullMX)")) {
            return RejectReason::SenderNullMx;
        }
        return RejectReason::SenderOther;
    }
    if (contains(t, "Relay access denied")) {
        return RejectReason::RelayDenied;
    }
    if (contains(t, "Recipient address rejected: ")) {
        if (contains(t, "User unknown")) {
            return RejectReason::RecipientUnknown;
        }
        return RejectReason::RecipientOther;
    }
    if (r.postscreen) {
        return RejectReason::Postscreen;
    }
    return RejectReason::Other;
}

ParsedLine unparsed(sv why) { return ParsedLine{LineKind::Unparsed, std::nullopt, why}; }

bool client_chars_ok(sv s, bool address) noexcept {
    for (char c : s) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '.' ||
                  c == '-' || c == '_' || (address && (c == ':' || c == '%'));
        if (!ok) {
            return false;
        }
    }
    return true;
}

} // namespace

std::string_view log_action_name(LogAction a) noexcept {
    switch (a) {
    case LogAction::Reject:
        return "reject";
    case LogAction::RejectWarning:
        return "reject_warning";
    case LogAction::MilterReject:
        return "milter-reject";
    }
    return "?";
}

std::string_view reject_reason_name(RejectReason r) noexcept {
    switch (r) {
    case RejectReason::HeloHostNotFound:
        return "helo_host_not_found";
    case RejectReason::HeloNotFqdn:
        return "helo_not_fqdn";
    case RejectReason::HeloInvalid:
        return "helo_invalid";
    case RejectReason::HeloOther:
        return "helo_other";
    case RejectReason::ClientNoReverseHostname:
        return "client_no_reverse_hostname";
    case RejectReason::ClientNoHostname:
        return "client_no_hostname";
    case RejectReason::ClientOther:
        return "client_other";
    case RejectReason::Rbl:
        return "rbl";
    case RejectReason::SenderDomainNotFound:
        return "sender_domain_not_found";
    case RejectReason::SenderNullMx:
        return "sender_null_mx";
    case RejectReason::SenderOther:
        return "sender_other";
    case RejectReason::RecipientUnknown:
        return "recipient_unknown";
    case RejectReason::RelayDenied:
        return "relay_denied";
    case RejectReason::RecipientOther:
        return "recipient_other";
    case RejectReason::Milter:
        return "milter";
    case RejectReason::Postscreen:
        return "postscreen";
    case RejectReason::Other:
        return "other";
    }
    return "?";
}

bool is_helo_reason(RejectReason r) noexcept {
    return r == RejectReason::HeloHostNotFound || r == RejectReason::HeloNotFqdn ||
           r == RejectReason::HeloInvalid || r == RejectReason::HeloOther;
}

bool is_client_name_reason(RejectReason r) noexcept {
    return r == RejectReason::ClientNoReverseHostname || r == RejectReason::ClientNoHostname;
}

std::optional<std::int64_t> LogTime::epoch() const noexcept {
    if (!year || !utc_offset_minutes || month < 1 || month > 12) {
        return std::nullopt;
    }
    // Days from 1970-01-01 to the civil date (proleptic Gregorian).
    std::int64_t y = *year - (month <= 2 ? 1 : 0);
    std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    std::int64_t yoe = y - era * 400;
    std::int64_t mp = (month + 9) % 12;
    std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
    std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    std::int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + hour * 3600 + minute * 60 + second -
           std::int64_t{*utc_offset_minutes} * 60;
}

std::string RejectLine::reply() const {
    std::string out;
    if (code) {
        out += std::to_string(*code);
    }
    if (!enhanced.empty()) {
        out += out.empty() ? "" : " ";
        out += enhanced;
    }
    if (!text.empty()) {
        out += out.empty() ? "" : " ";
        out += text;
    }
    return out;
}

ParsedLine parse_maillog_line(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
        line.remove_suffix(1);
    }
    if (line.size() > kMaxLineLength) {
        return unparsed("too_long");
    }
    for (char c : line) {
        auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f) {
            return unparsed("binary");
        }
    }

    auto prog = find_program(line);
    if (!prog) {
        return ParsedLine{};
    }
    sv msg = line.substr(prog->rest);

    // "<queue id>: <action>: " or it is not a reject line.
    std::size_t c1 = msg.find(": ");
    if (c1 == sv::npos) {
        return ParsedLine{};
    }
    sv qid = msg.substr(0, c1);
    sv after_qid = msg.substr(c1 + 2);
    std::size_t c2 = after_qid.find(": ");
    sv action_word = after_qid.substr(0, c2 == sv::npos ? after_qid.size() : c2);
    RejectLine r;
    if (action_word == "reject") {
        r.action = LogAction::Reject;
    } else if (action_word == "reject_warning") {
        r.action = LogAction::RejectWarning;
    } else if (action_word == "milter-reject") {
        r.action = LogAction::MilterReject;
    } else {
        return ParsedLine{};
    }
    if (c2 == sv::npos) {
        return unparsed("truncated");
    }
    if (qid.empty() || qid.size() > 32 || !client_chars_ok(qid, false) ||
        qid.find_first_of(".-_") != sv::npos) {
        return unparsed("bad_queue_id");
    }

    // The part before the program token: "<time> <host> ".
    sv head = line.substr(0, prog->start);
    while (!head.empty() && head.back() == ' ') {
        head.remove_suffix(1);
    }
    std::size_t host_at = head.rfind(' ');
    if (host_at != sv::npos) {
        r.host = std::string(head.substr(host_at + 1));
        r.time.text = std::string(head.substr(0, host_at));
        read_time(r.time);
    } else {
        r.host = std::string(head);
    }
    r.program = std::string(prog->name);
    r.postscreen = prog->postscreen;
    r.pid = prog->pid;
    r.queue_id = std::string(qid);

    // "<STAGE> from <name>[<addr>][:<port>]: "
    sv rest = after_qid.substr(c2 + 2);
    std::size_t from_at = rest.find(" from ");
    if (from_at == sv::npos || from_at == 0 || from_at > 32) {
        return unparsed("no_stage");
    }
    sv stage = rest.substr(0, from_at);
    for (char c : stage) {
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == ' ')) {
            return unparsed("bad_stage");
        }
    }
    r.stage = std::string(stage);
    rest = rest.substr(from_at + 6);
    std::size_t open = rest.find('[');
    std::size_t close = open == sv::npos ? sv::npos : rest.find(']', open);
    if (close == sv::npos) {
        return unparsed("truncated");
    }
    sv name = rest.substr(0, open);
    sv addr = rest.substr(open + 1, close - open - 1);
    if (name.size() > 255 || !client_chars_ok(name, false) || addr.empty() ||
        addr.size() > 64 || !client_chars_ok(addr, true)) {
        return unparsed("bad_client");
    }
    r.client_name = std::string(name);
    r.client_addr = std::string(addr);
    rest = rest.substr(close + 1);
    if (!rest.empty() && rest[0] == ':' && rest.substr(0, 2) != ": ") {
        std::size_t end = rest.find(": ");
        auto port = number<std::uint16_t>(rest.substr(1, end == sv::npos ? sv::npos : end - 1));
        if (!port || end == sv::npos) {
            return unparsed("bad_port");
        }
        r.client_port = port;
        rest = rest.substr(end);
    }
    if (rest.substr(0, 2) != ": ") {
        return unparsed("truncated");
    }
    rest = rest.substr(2);
    if (rest.empty()) {
        return unparsed("truncated");
    }

    // "[<code> ][<x.y.z> ]<text>[; <fields>]"
    if (rest.size() >= 4 && (rest[0] == '2' || rest[0] == '4' || rest[0] == '5') &&
        is_digit(rest[1]) && is_digit(rest[2]) && rest[3] == ' ') {
        r.code = number<std::uint16_t>(rest.substr(0, 3));
        rest = rest.substr(4);
    }
    std::size_t sp = rest.find(' ');
    sv word = rest.substr(0, sp);
    if (word.size() >= 5 && (word[0] == '2' || word[0] == '4' || word[0] == '5') &&
        word[1] == '.') {
        std::size_t dot = word.find('.', 2);
        if (dot != sv::npos && all_digits(word.substr(2, dot - 2)) && dot - 2 <= 3 &&
            all_digits(word.substr(dot + 1)) && word.size() - dot - 1 <= 3) {
            r.enhanced = std::string(word);
            rest = sp == sv::npos ? sv{} : rest.substr(sp + 1);
        }
    }
    sv reply_text;
    std::optional<Trailer> trailer;
    split_trailer(rest, reply_text, trailer);
    if (reply_text.empty()) {
        return unparsed("no_reply_text");
    }
    r.text = std::string(reply_text);
    if (trailer) {
        r.from = std::move(trailer->from);
        r.to = std::move(trailer->to);
        r.proto = std::move(trailer->proto);
        r.helo = std::move(trailer->helo);
    }
    r.reason = classify(r);
    return ParsedLine{LineKind::Reject, std::move(r), {}};
}

} // namespace lw::mailcheck
