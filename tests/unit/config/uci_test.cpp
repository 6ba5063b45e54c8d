#include "agent/core/config/uci.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

using lw::config::format_uci;
using lw::config::kMaxUciErrors;
using lw::config::parse_uci;
using lw::config::UciDocument;
using lw::config::UciParse;

namespace {

UciParse parse(std::string_view text) {
    return parse_uci(text, "lanwarden.conf");
}

/// The value of the only option of the only section in text.
std::string value_of(std::string_view text) {
    UciParse p = parse(text);
    REQUIRE_MESSAGE(p.ok(), (p.ok() ? "" : p.errors.front().to_string()));
    REQUIRE(p.document.sections.size() == 1);
    REQUIRE(p.document.sections[0].options.size() == 1);
    return p.document.sections[0].options[0].value;
}

/// The errors of text, as the user reads them.
std::vector<std::string> errors_of(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& e : parse(text).errors) {
        out.push_back(e.to_string());
    }
    return out;
}

std::string only_error(std::string_view text) {
    const auto errors = errors_of(text);
    REQUIRE_MESSAGE(errors.size() == 1, "errors: " << errors.size());
    return errors[0];
}

UciDocument without_lines(UciDocument doc) {
    for (auto& s : doc.sections) {
        s.line = 0;
        for (auto& o : s.options) {
            o.line = 0;
        }
    }
    return doc;
}

} // namespace

TEST_SUITE("config.uci") {

    TEST_CASE("sections, options and lists come back in file order with their lines") {
        const UciParse p = parse("package lanwarden\n"
                                 "\n"
                                 "config agent 'main'\n"
                                 "\toption log_level 'debug'\n"
                                 "config browser\n"
                                 "    list interface 'br-lan'\n"
                                 "    list interface br-guest\n"
                                 "    option workgroup \"OFFICE\"\n");
        REQUIRE(p.ok());
        CHECK(p.document.package == "lanwarden");
        REQUIRE(p.document.sections.size() == 2);

        const auto& agent = p.document.sections[0];
        CHECK(agent.type == "agent");
        CHECK(agent.name == "main");
        CHECK(agent.line == 3);
        REQUIRE(agent.options.size() == 1);
        CHECK(agent.options[0].name == "log_level");
        CHECK(agent.options[0].value == "debug");
        CHECK_FALSE(agent.options[0].is_list);
        CHECK(agent.options[0].line == 4);

        const auto& browser = p.document.sections[1];
        CHECK(browser.type == "browser");
        CHECK(browser.name.empty());
        CHECK(browser.line == 5);
        REQUIRE(browser.options.size() == 3);
        CHECK(browser.options[0].is_list);
        CHECK(browser.options[0].value == "br-lan");
        CHECK(browser.options[1].value == "br-guest");
        CHECK(browser.options[1].line == 7);
        CHECK(browser.options[2].value == "OFFICE");
    }

    TEST_CASE("quoting: single quotes keep everything, double quotes and bare words unescape") {
        struct Row {
            const char* label;
            const char* text;
            const char* value;
        };
        const Row rows[] = {
            {"bare word", "x", "x"},
            {"single quotes keep blanks", "'a b  c'", "a b  c"},
            {"double quotes keep blanks", "\"a b\"", "a b"},
            {"single quotes keep backslashes", R"('a\b\"')", R"(a\b\")"},
            {"double quotes take an escaped quote", R"("say \"hi\"")", R"(say "hi")"},
            {"double quotes take an escaped backslash", R"("a\\b")", R"(a\b)"},
            {"an escaped letter is the letter (no \n newline)", R"("a\nb")", "anb"},
            {"a bare backslash escapes a blank", R"(a\ b)", "a b"},
            {"a bare backslash escapes a quote", R"(it\'s)", "it's"},
            {"parts glue together", R"('a'"b"c'd')", "abcd"},
            {"double quote inside single quotes", R"('say "hi"')", R"(say "hi")"},
            {"single quote inside double quotes", R"("it's")", "it's"},
            {"UCI's own quote escape", R"('it'\''s')", "it's"},
            {"a hash inside quotes is text", "'#1'", "#1"},
            {"a semicolon inside quotes is text", "'a;b'", "a;b"},
            {"empty quotes give an empty value", "''", ""},
            {"UTF-8 passes through", "'Büro'", "Büro"},
            {"a tab inside quotes is kept", "'a\tb'", "a\tb"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.label);
            CHECK(value_of(std::string("config x\noption v ") + row.text + "\n") == row.value);
        }
    }

    TEST_CASE("an option without a value has an empty one") {
        CHECK(value_of("config x\n option v\n") == "");
    }

    TEST_CASE("comments: whole lines, after a statement, and after a bare word") {
        const UciParse p = parse("# a comment\n"
                                 "config browser # trailing\n"
                                 "  # indented comment with 'unbalanced quote\n"
                                 "  option workgroup OFFICE#comment\n"
                                 "  option server_string 'a # b' # c\n");
        REQUIRE(p.ok());
        REQUIRE(p.document.sections.size() == 1);
        const auto& opts = p.document.sections[0].options;
        REQUIRE(opts.size() == 2);
        CHECK(opts[0].value == "OFFICE");
        CHECK(opts[0].line == 4);
        CHECK(opts[1].value == "a # b");
    }

    TEST_CASE("a backslash at the end of a line joins the next line") {
        SUBCASE("inside a bare word") {
            CHECK(value_of("config x\noption v ab\\\ncd\n") == "abcd");
        }
        SUBCASE("inside double quotes") {
            CHECK(value_of("config x\noption v \"ab\\\ncd\"\n") == "abcd");
        }
        SUBCASE("between words") {
            const UciParse p = parse("config x\noption v \\\n\t'w'\noption after 1\n");
            REQUIRE(p.ok());
            const auto& opts = p.document.sections[0].options;
            REQUIRE(opts.size() == 2);
            CHECK(opts[0].value == "w");
            CHECK(opts[0].line == 2);
            CHECK(opts[1].line == 4); // the joined line still counts
        }
        SUBCASE("not inside single quotes, where the backslash is text") {
            const auto errors = errors_of("config x\noption v 'ab\\\ncd'\n");
            REQUIRE_FALSE(errors.empty());
            CHECK(errors[0] == "lanwarden.conf:2: unterminated quote in option 'v'");
        }
        SUBCASE("not in a comment") {
            const UciParse p = parse("config x # note \\\noption v 1\n");
            REQUIRE(p.ok());
            CHECK(p.document.sections[0].options.size() == 1);
        }
        SUBCASE("with CRLF line ends") {
            CHECK(value_of("config x\r\noption v ab\\\r\ncd\r\n") == "abcd");
        }
    }

    TEST_CASE("semicolons separate statements on one line") {
        const UciParse p = parse("config x 'a'; option v 1; list l 2;option w 3\n");
        REQUIRE(p.ok());
        REQUIRE(p.document.sections.size() == 1);
        const auto& opts = p.document.sections[0].options;
        REQUIRE(opts.size() == 3);
        CHECK(opts[0].name == "v");
        CHECK(opts[1].is_list);
        CHECK(opts[2].value == "3");
        CHECK(opts[2].line == 1);
    }

    TEST_CASE("keywords may be abbreviated to their first letter, as libuci allows") {
        const UciParse p = parse("p lanwarden\nc browser lan\no workgroup W\nl interface eth0\n");
        REQUIRE(p.ok());
        CHECK(p.document.package == "lanwarden");
        REQUIRE(p.document.sections.size() == 1);
        CHECK(p.document.sections[0].name == "lan");
        REQUIRE(p.document.sections[0].options.size() == 2);
        CHECK(p.document.sections[0].options[1].is_list);
    }

    TEST_CASE("CRLF line ends, blank lines and any indentation are accepted") {
        const UciParse p = parse("\r\n\r\nconfig agent 'main'\r\n  \t option log_level 'info'\r\n"
                                 "\r\n\toption state_dir /tmp\r\n");
        REQUIRE(p.ok());
        const auto& opts = p.document.sections[0].options;
        REQUIRE(opts.size() == 2);
        CHECK(opts[0].value == "info");
        CHECK(opts[1].value == "/tmp");
        CHECK(opts[1].line == 6);
    }

    TEST_CASE("an empty or comment-only file is a valid file without sections") {
        for (const char* text : {"", "\n\n", "# nothing\n", "package lanwarden", "   \t\r\n"}) {
            CAPTURE(text);
            const UciParse p = parse(text);
            CHECK(p.ok());
            CHECK(p.document.sections.empty());
        }
    }

    TEST_CASE("a file without a final newline still ends its last statement") {
        CHECK(value_of("config x\noption v 'last'") == "last");
    }

    TEST_CASE("each syntax error names file, line and what is wrong") {
        struct Row {
            const char* text;
            const char* error;
        };
        const Row rows[] = {
            {"config browser\n\toption workgroup 'OFFICE\n",
             "lanwarden.conf:2: unterminated quote in option 'workgroup'"},
            {"config browser\n\toption workgroup \"OFFICE\n",
             "lanwarden.conf:2: unterminated quote in option 'workgroup'"},
            {"config browser\n\toption workgroup \"OFFICE\\\"\n",
             "lanwarden.conf:2: unterminated quote in option 'workgroup'"},
            {"config browser\n\tlist interface 'br-lan\n",
             "lanwarden.conf:2: unterminated quote in list 'interface'"},
            {"config browser\n\toption 'workgroup\n",
             "lanwarden.conf:2: unterminated quote in option name"},
            {"config 'browser\n", "lanwarden.conf:1: unterminated quote in config type"},
            {"config browser 'lan\n", "lanwarden.conf:1: unterminated quote in config browser"},
            {"'config\n", "lanwarden.conf:1: unterminated quote"},
            {"config x\noption v 'a\x01'\n",
             "lanwarden.conf:2: control character 0x01 in option 'v'"},
            {"config x\noption v a\x7f\n",
             "lanwarden.conf:2: control character 0x7f in option 'v'"},
            {"config x\nopton v 1\n",
             "lanwarden.conf:2: unknown keyword 'opton' (expected config, option, list or "
             "package)"},
            {"option log_level debug\n",
             "lanwarden.conf:1: option 'log_level' before the first config line"},
            {"list interface eth0\n",
             "lanwarden.conf:1: list 'interface' before the first config line"},
            {"config\n", "lanwarden.conf:1: config without a section type"},
            {"config ''\n", "lanwarden.conf:1: config without a section type"},
            {"config 'a b'\n", "lanwarden.conf:1: invalid section type 'a b'"},
            {"config browser 'my-lan'\n",
             "lanwarden.conf:1: invalid section name 'my-lan' (letters, digits and _ only)"},
            {"config x\noption\n", "lanwarden.conf:2: option without a name"},
            {"config x\nlist ''\n", "lanwarden.conf:2: list without a name"},
            {"config x\noption 'log level' debug\n",
             "lanwarden.conf:2: invalid option name 'log level' (letters, digits and _ only)"},
            {"config x\noption server_string My Server\n",
             "lanwarden.conf:2: extra word 'Server' in option 'server_string' (quote a value "
             "that contains blanks)"},
            {"config browser lan extra\n",
             "lanwarden.conf:1: extra word 'extra' in config browser (quote a value that "
             "contains blanks)"},
            {"frob a b c d e\n",
             "lanwarden.conf:1: unknown keyword 'frob' (expected config, option, list or "
             "package)"},
            {"package\n", "lanwarden.conf:1: package without a name"},
            {"package 'a b'\n", "lanwarden.conf:1: invalid package name 'a b'"},
            {"package a b\n", "lanwarden.conf:1: extra word 'b' in package"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.text);
            CHECK(only_error(row.text) == row.error);
        }
    }

    TEST_CASE("a NUL byte is a control character, not the end of the file") {
        const std::string text("config x\noption v a\0b\noption w 1\n", 32);
        const UciParse p = parse(text);
        REQUIRE(p.errors.size() == 1);
        CHECK(p.errors[0].to_string() == "lanwarden.conf:2: control character 0x00 in option 'v'");
        REQUIRE(p.document.sections.size() == 1);
        CHECK(p.document.sections[0].options.size() == 1); // w, read after the bad line
    }

    TEST_CASE("after an error the parser goes on with the next line") {
        const UciParse p = parse("config browser\n"
                                 "\toption workgroup 'OFFICE\n"
                                 "\toption os_level 33\n"
                                 "\tfrob\n"
                                 "\toption mode master\n");
        REQUIRE(p.errors.size() == 2);
        CHECK(p.errors[0].line == 2);
        CHECK(p.errors[1].line == 4);
        const auto& opts = p.document.sections[0].options;
        REQUIRE(opts.size() == 2);
        CHECK(opts[0].name == "os_level");
        CHECK(opts[1].name == "mode");
    }

    TEST_CASE("options after a broken config line are dropped without more errors") {
        const UciParse p = parse("config 'a b'\n"
                                 "\toption x 1\n"
                                 "\toption y 2\n"
                                 "config good\n"
                                 "\toption z 3\n");
        REQUIRE(p.errors.size() == 1);
        REQUIRE(p.document.sections.size() == 1);
        CHECK(p.document.sections[0].type == "good");
        CHECK(p.document.sections[0].options.size() == 1);
    }

    TEST_CASE("the parser stops after a bounded number of errors") {
        std::string text;
        for (int i = 0; i < 1000; ++i) {
            text += "garbage line\n";
        }
        const UciParse p = parse(text);
        REQUIRE(p.errors.size() == kMaxUciErrors + 1);
        CHECK(p.errors.back().message == "too many errors, stopped here");
        CHECK(p.errors.back().line == kMaxUciErrors + 1);
    }

    TEST_CASE("hostile input: binary bytes, huge lines and unbalanced quotes end cleanly") {
        SUBCASE("every byte value") {
            std::string text;
            for (int i = 0; i < 256; ++i) {
                text += static_cast<char>(i);
            }
            const UciParse p = parse(text + text + text);
            CHECK_FALSE(p.ok());
        }
        SUBCASE("a megabyte on one line") {
            const std::string text = "config x\noption v '" + std::string(1 << 20, 'a') + "'\n";
            CHECK(value_of(text).size() == (1u << 20));
        }
        SUBCASE("a line of many words stops at the first extra one") {
            std::string text = "config x\noption v";
            for (int i = 0; i < 100000; ++i) {
                text += " w";
            }
            CHECK(errors_of(text).size() == 1);
        }
        SUBCASE("only quotes and backslashes") {
            for (const char* text :
                 {"'", "\"", "\\", "\\\\\\", "\"\\", "'''", "config x\no v \"\\"}) {
                CAPTURE(text);
                (void)parse(text);
            }
        }
    }

    TEST_CASE("a diagnostic without a line names only the file") {
        const lw::config::Diagnostic d{"/etc/config/lanwarden", 0, "cannot be read"};
        CHECK(d.to_string() == "/etc/config/lanwarden: cannot be read");
    }

    TEST_CASE("format_uci writes what parse_uci reads back the same") {
        const UciParse p = parse("package lanwarden\n"
                                 "config browser 'lan'\n"
                                 "  list interface br-lan\n"
                                 "  option server_string \"it's \\\"ours\\\" \\\\ here\"\n"
                                 "  option empty ''\n"
                                 "config agent\n"
                                 "  option log_level debug\n");
        REQUIRE(p.ok());
        const std::string text = format_uci(p.document);
        CHECK(text == "package 'lanwarden'\n"
                      "\n"
                      "config 'browser' 'lan'\n"
                      "\tlist 'interface' 'br-lan'\n"
                      "\toption 'server_string' 'it'\\''s \"ours\" \\ here'\n"
                      "\toption 'empty' ''\n"
                      "\n"
                      "config 'agent'\n"
                      "\toption 'log_level' 'debug'\n");
        const UciParse again = parse(text);
        REQUIRE(again.ok());
        CHECK(without_lines(again.document) == without_lines(p.document));
    }
}
