// The UCI file syntax of OpenWrt (/etc/config/<package>), read from text.
//
//   package lanwarden               # optional, ignored
//   config browser 'lan'            # section: type, optional name
//       option workgroup 'OFFICE'   # one value
//       list interface 'br-lan'     # one item of a list, repeatable
//
// Lexical rules, as libuci reads them: words are separated by blanks; a
// word is any run of bare characters, 'single-quoted' text (taken as is)
// and "double-quoted" text, glued together ('a'"b"c is "abc").  Outside
// single quotes a backslash takes the next character literally, and a
// backslash at the end of a line joins the next line.  '#' outside quotes
// starts a comment to the end of the line; ';' ends a statement.  The
// keywords may be abbreviated to their first letter (c, o, l, p).  Names
// of sections and options are letters, digits and '_'.
//
// Stricter than libuci, on purpose:
// - a quoted value may not span lines (libuci allows it; no lanwarden
//   option takes a newline, and a missing quote is then reported on its
//   own line instead of swallowing the rest of the file);
// - control characters other than tab are refused outside comments;
// - extra words after a statement are an error (libuci's strict mode).
// The parser only records what the file says; what a repeated option or
// an empty value means is decided by the schema (config.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lw::config {

/// One problem found in a configuration file.
struct Diagnostic {
    std::string file;
    std::size_t line = 0; ///< 1-based; 0 when it concerns the whole file
    std::string message;

    /// "file:line: message", or "file: message" without a line.
    std::string to_string() const;

    friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

struct UciOption {
    std::string name;
    std::string value;
    bool is_list = false; ///< written as `list`: one item per statement
    std::size_t line = 0;

    friend bool operator==(const UciOption&, const UciOption&) = default;
};

struct UciSection {
    std::string type;
    std::string name; ///< empty for an anonymous section
    std::size_t line = 0;
    std::vector<UciOption> options; ///< in file order

    friend bool operator==(const UciSection&, const UciSection&) = default;
};

struct UciDocument {
    std::string package; ///< from a `package` line, else empty
    std::vector<UciSection> sections;

    friend bool operator==(const UciDocument&, const UciDocument&) = default;
};

struct UciParse {
    UciDocument document; ///< everything read, even when errors is not empty
    std::vector<Diagnostic> errors;

    bool ok() const noexcept { return errors.empty(); }
};

/// The parser stops after this many errors (one more says so), so binary
/// input gives a short answer.
inline constexpr std::size_t kMaxUciErrors = 50;

/// Parses text; file names it in the messages.  Never throws on bad input
/// (only std::bad_alloc); after an error it skips to the next line.  Size
/// limits are the caller's: the work is linear in the input.
UciParse parse_uci(std::string_view text, std::string_view file);

/// Writes doc back in UCI syntax (tab indent, single quotes), so that
/// parse_uci(format_uci(d)) gives d again for any document parse_uci made.
std::string format_uci(const UciDocument& doc);

} // namespace lw::config
