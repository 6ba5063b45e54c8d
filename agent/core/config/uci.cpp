#include "agent/core/config/uci.h"

#include <cstdint>
#include <utility>

namespace lw::config {

std::string Diagnostic::to_string() const {
    std::string out = file;
    if (line != 0) {
        out += ':';
        out += std::to_string(line);
    }
    out += ": ";
    out += message;
    return out;
}

namespace {

enum class Keyword { Config, Option, List, Package, Unknown };

// The statements' words: at most "config TYPE NAME" or "option NAME VALUE",
// and one more to name in the "extra word" message.
constexpr std::size_t kMaxWords = 4;

// How much of a word a message repeats.
constexpr std::size_t kShownChars = 40;

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

bool is_control(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
}

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool valid_name(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    for (char c : s) {
        if (!is_name_char(c)) {
            return false;
        }
    }
    return true;
}

// libuci allows any printable ASCII but the blank in a section type, and
// '-' besides the name characters in a package name.
bool valid_type(std::string_view s) {
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 33 || u > 126) {
            return false;
        }
    }
    return !s.empty();
}

bool valid_package(std::string_view s) {
    for (char c : s) {
        if (!is_name_char(c) && c != '-') {
            return false;
        }
    }
    return !s.empty();
}

Keyword keyword(std::string_view w) {
    if (w == "config" || w == "c") {
        return Keyword::Config;
    }
    if (w == "option" || w == "o") {
        return Keyword::Option;
    }
    if (w == "list" || w == "l") {
        return Keyword::List;
    }
    if (w == "package" || w == "p") {
        return Keyword::Package;
    }
    return Keyword::Unknown;
}

/// 'text' for a message, cut when long.
std::string shown(std::string_view text) {
    std::string out = "'";
    if (text.size() > kShownChars) {
        out.append(text.substr(0, kShownChars));
        out += "...";
    } else {
        out.append(text);
    }
    out += '\'';
    return out;
}

std::string hex_byte(char c) {
    constexpr char kDigits[] = "0123456789abcdef";
    const auto u = static_cast<unsigned char>(c);
    return std::string{"0x"} + kDigits[u >> 4] + kDigits[u & 0xf];
}

struct Word {
    std::string text;
    std::size_t line = 0;
};

class Parser {
  public:
    Parser(std::string_view text, std::string_view file) : text_(text), file_(file) {}

    UciParse run() {
        while (pos_ < text_.size() && !stopped_) {
            statement();
        }
        return std::move(out_);
    }

  private:
    // One statement: its words up to the end of the line, a ';' or a
    // comment, then what they mean.
    void statement() {
        words_.clear();
        for (;;) {
            skip_blanks();
            if (at_statement_end()) {
                break;
            }
            if (!read_word()) {
                skip_line();
                return;
            }
            if (words_.size() == kMaxWords) {
                if (keyword(words_[0].text) == Keyword::Unknown) {
                    apply(); // names the keyword, which is the real mistake
                    skip_line();
                    return;
                }
                error(words_.back().line, "extra word " + shown(words_.back().text) +
                                              context(kMaxWords - 1) +
                                              " (quote a value that contains blanks)");
                skip_line();
                return;
            }
        }
        end_statement();
        if (!words_.empty()) {
            apply();
        }
    }

    bool at_statement_end() const {
        if (pos_ >= text_.size()) {
            return true;
        }
        const char c = text_[pos_];
        return c == '\n' || c == ';' || c == '#';
    }

    void end_statement() {
        if (pos_ >= text_.size()) {
            return;
        }
        if (text_[pos_] == '#') {
            while (pos_ < text_.size() && text_[pos_] != '\n') {
                ++pos_;
            }
        }
        if (pos_ < text_.size()) {
            if (text_[pos_] == '\n') {
                ++line_;
            }
            ++pos_; // the '\n' or ';'
        }
    }

    void skip_line() {
        while (pos_ < text_.size() && text_[pos_] != '\n') {
            ++pos_;
        }
        if (pos_ < text_.size()) {
            ++pos_;
            ++line_;
        }
    }

    /// Bytes taken by a backslash that joins the next line (or ends the
    /// input) at pos, else 0.
    std::size_t continuation(std::size_t pos) const {
        if (text_[pos] != '\\') {
            return 0;
        }
        if (pos + 1 == text_.size()) {
            return 1;
        }
        if (text_[pos + 1] == '\n') {
            return 2;
        }
        if (text_[pos + 1] == '\r' && pos + 2 < text_.size() && text_[pos + 2] == '\n') {
            return 3;
        }
        return 0;
    }

    /// Skips a joined line if there is one at pos_.
    bool skip_continuation() {
        const std::size_t n = continuation(pos_);
        if (n == 0) {
            return false;
        }
        pos_ += n;
        if (n > 1) {
            ++line_;
        }
        return true;
    }

    void skip_blanks() {
        while (pos_ < text_.size()) {
            if (is_blank(text_[pos_])) {
                ++pos_;
            } else if (!skip_continuation()) {
                return;
            }
        }
    }

    bool line_end_at(std::size_t pos) const {
        return pos >= text_.size() || text_[pos] == '\n' ||
               (text_[pos] == '\r' && pos + 1 < text_.size() && text_[pos + 1] == '\n');
    }

    bool read_word() {
        Word w;
        w.line = line_;
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == '\'' || c == '"') {
                if (!quoted(w.text, c)) {
                    return false;
                }
            } else if (c == '\\') {
                if (!skip_continuation() && !escaped(w.text)) {
                    return false;
                }
            } else if (is_blank(c) || c == '\n' || c == ';' || c == '#') {
                break;
            } else if (is_control(c)) {
                return bad_control(c);
            } else {
                w.text += c;
                ++pos_;
            }
        }
        words_.push_back(std::move(w));
        return true;
    }

    /// A backslash outside single quotes: the next character as it is.
    bool escaped(std::string& text) {
        const char c = text_[pos_ + 1]; // continuation() ruled out the end
        if (is_control(c)) {
            ++pos_;
            return bad_control(c);
        }
        text += c;
        pos_ += 2;
        return true;
    }

    /// Text in quote characters; backslashes count only in double quotes.
    bool quoted(std::string& text, char quote) {
        const std::size_t open_line = line_;
        ++pos_;
        for (;;) {
            if (line_end_at(pos_)) {
                error(open_line, "unterminated quote" + context(words_.size()));
                return false;
            }
            const char c = text_[pos_];
            if (c == quote) {
                ++pos_;
                return true;
            }
            if (c == '\\' && quote == '"') {
                if (skip_continuation()) {
                    continue;
                }
                if (!escaped(text)) {
                    return false;
                }
                continue;
            }
            if (is_control(c)) {
                return bad_control(c);
            }
            text += c;
            ++pos_;
        }
    }

    bool bad_control(char c) {
        error(line_, "control character " + hex_byte(c) + context(words_.size()));
        return false;
    }

    /// " in option 'workgroup'" and the like, from the first n words.
    std::string context(std::size_t n) const {
        if (n == 0) {
            return "";
        }
        const Keyword kw = keyword(words_[0].text);
        const std::string what = kw == Keyword::Config    ? "config"
                                 : kw == Keyword::Option  ? "option"
                                 : kw == Keyword::List    ? "list"
                                 : kw == Keyword::Package ? "package"
                                                          : "";
        if (what.empty()) {
            return " after " + shown(words_[0].text);
        }
        if (n == 1) {
            return kw == Keyword::Config ? " in config type" : " in " + what + " name";
        }
        if (kw == Keyword::Config) {
            return " in config " + words_[1].text.substr(0, kShownChars);
        }
        return " in " + what + " " + shown(words_[1].text);
    }

    void apply() {
        const Word& first = words_[0];
        switch (keyword(first.text)) {
        case Keyword::Config: return apply_config();
        case Keyword::Option: return apply_option(false);
        case Keyword::List: return apply_option(true);
        case Keyword::Package: return apply_package();
        case Keyword::Unknown: break;
        }
        error(first.line, "unknown keyword " + shown(first.text) +
                              " (expected config, option, list or package)");
    }

    void apply_package() {
        if (words_.size() < 2 || words_[1].text.empty()) {
            error(words_[0].line, "package without a name");
        } else if (!valid_package(words_[1].text)) {
            error(words_[1].line, "invalid package name " + shown(words_[1].text));
        } else if (words_.size() > 2) {
            error(words_[2].line, "extra word " + shown(words_[2].text) + " in package");
        } else {
            out_.document.package = words_[1].text;
        }
    }

    void apply_config() {
        // Options after a config line that failed belong to no section:
        // drop them quietly, one error is enough.
        section_state_ = SectionState::Broken;
        if (words_.size() < 2 || words_[1].text.empty()) {
            error(words_[0].line, "config without a section type");
            return;
        }
        if (!valid_type(words_[1].text)) {
            error(words_[1].line, "invalid section type " + shown(words_[1].text));
            return;
        }
        UciSection s;
        s.type = words_[1].text;
        s.line = words_[0].line;
        if (words_.size() > 2) {
            if (!words_[2].text.empty() && !valid_name(words_[2].text)) {
                error(words_[2].line, "invalid section name " + shown(words_[2].text) +
                                          " (letters, digits and _ only)");
                return;
            }
            s.name = words_[2].text;
        }
        out_.document.sections.push_back(std::move(s));
        section_state_ = SectionState::Open;
    }

    void apply_option(bool is_list) {
        const char* what = is_list ? "list" : "option";
        if (words_.size() < 2 || words_[1].text.empty()) {
            error(words_[0].line, std::string(what) + " without a name");
            return;
        }
        if (!valid_name(words_[1].text)) {
            error(words_[1].line, std::string("invalid ") + what + " name " +
                                      shown(words_[1].text) + " (letters, digits and _ only)");
            return;
        }
        if (section_state_ == SectionState::None) {
            error(words_[0].line, std::string(what) + " " + shown(words_[1].text) +
                                      " before the first config line");
            return;
        }
        if (section_state_ == SectionState::Broken) {
            return;
        }
        UciOption o;
        o.name = words_[1].text;
        o.value = words_.size() > 2 ? words_[2].text : "";
        o.is_list = is_list;
        o.line = words_[0].line;
        out_.document.sections.back().options.push_back(std::move(o));
    }

    void error(std::size_t line, std::string message) {
        if (out_.errors.size() >= kMaxUciErrors) {
            out_.errors.push_back({std::string(file_), line, "too many errors, stopped here"});
            stopped_ = true;
            return;
        }
        out_.errors.push_back({std::string(file_), line, std::move(message)});
    }

    enum class SectionState { None, Open, Broken };

    std::string_view text_;
    std::string_view file_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    bool stopped_ = false;
    SectionState section_state_ = SectionState::None;
    std::vector<Word> words_;
    UciParse out_;
};

/// 'text' with each ' written as '\'' (close, escaped quote, reopen).
void append_quoted(std::string& out, std::string_view text) {
    out += '\'';
    for (char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    out += '\'';
}

} // namespace

UciParse parse_uci(std::string_view text, std::string_view file) {
    return Parser(text, file).run();
}

std::string format_uci(const UciDocument& doc) {
    std::string out;
    if (!doc.package.empty()) {
        out += "package ";
        append_quoted(out, doc.package);
        out += '\n';
    }
    for (const UciSection& s : doc.sections) {
        if (!out.empty()) {
            out += '\n';
        }
        out += "config ";
        append_quoted(out, s.type);
        if (!s.name.empty()) {
            out += ' ';
            append_quoted(out, s.name);
        }
        out += '\n';
        for (const UciOption& o : s.options) {
            out += o.is_list ? "\tlist " : "\toption ";
            append_quoted(out, o.name);
            out += ' ';
            append_quoted(out, o.value);
            out += '\n';
        }
    }
    return out;
}

} // namespace lw::config
