// Settings: flags over the configuration file over defaults, and every bad value refused with
// its key, its place and the form expected.
#include <doctest/doctest.h>

#include <iostream>
#include <sstream>

#include "terminal_test_support.hpp"
#include "touchpoint/settings.hpp"

using tp::test::TempDir;
using tp::test::write_bytes;

namespace {

struct Values {
    std::string name = "kiosk";
    std::string language = "en";
    long long timeout = 60;
    double scale = 1.0;
    bool fullscreen = false;
    std::vector<std::string> locales;
};

// Runs `program ARGS...` through a fresh Settings with `default_file`; returns the exit status
// parse() asked for (-1: go on) and what it printed on stderr and stdout.
struct Outcome {
    int status = -1;
    std::string err, out;
    Values values;
};

Outcome run(std::vector<std::string> args, const std::string& default_file = "") {
    Outcome o;
    tp::settings::Settings s("prog", "a test program", default_file);
    s.text("name", o.values.name, "a name")
        .choice("language", o.values.language, {"en", "de"}, "a language")
        .whole("idle_timeout", o.values.timeout, 5, 3600, "seconds")
        .number("text_scale", o.values.scale, 1.0, 2.0, "a scale")
        .flag("fullscreen", o.values.fullscreen, "full screen")
        .texts("locale", o.values.locales, "locales");
    args.insert(args.begin(), "prog");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    std::ostringstream err, out;
    auto* old_err = std::cerr.rdbuf(err.rdbuf());
    auto* old_out = std::cout.rdbuf(out.rdbuf());
    const auto rc = s.parse(static_cast<int>(argv.size()), argv.data());
    std::cerr.rdbuf(old_err);
    std::cout.rdbuf(old_out);
    o.status = rc ? *rc : -1;
    o.err = err.str();
    o.out = out.str();
    return o;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("defaults hold without a file or flags; a missing default file is not an error") {
    TempDir dir;
    auto o = run({}, dir.file("absent.toml"));
    CHECK(o.status == -1);
    CHECK(o.values.name == "kiosk");
    CHECK(o.values.timeout == 60);
}

TEST_CASE("the file sets values and flags win over it") {
    TempDir dir;
    write_bytes(dir.file("c.toml"),
                "name = \"Store 7\"\nidle_timeout = 90\ntext_scale = 1.5\nfullscreen = true\n"
                "locale = [\"de=de-AT\"]\nlanguage = \"de\"\n");
    auto o = run({}, dir.file("c.toml"));
    REQUIRE(o.status == -1);
    CHECK(o.values.name == "Store 7");
    CHECK(o.values.timeout == 90);
    CHECK(o.values.scale == doctest::Approx(1.5));
    CHECK(o.values.fullscreen);
    CHECK(o.values.locales == std::vector<std::string>{"de=de-AT"});
    auto flagged = run({"--config", dir.file("c.toml"), "--idle-timeout", "30", "--no-fullscreen",
                        "--text-scale", "2"});
    REQUIRE(flagged.status == -1);
    CHECK(flagged.values.timeout == 30);
    CHECK_FALSE(flagged.values.fullscreen);
    CHECK(flagged.values.scale == doctest::Approx(2.0));
    CHECK(flagged.values.name == "Store 7");
    // A whole number is a number.
    write_bytes(dir.file("n.toml"), "text_scale = 2\n");
    CHECK(run({"--config", dir.file("n.toml")}).values.scale == doctest::Approx(2.0));
}

TEST_CASE("a bad value in the file stops with its file, line, key and form, even under a flag") {
    TempDir dir;
    const auto path = dir.file("c.toml");
    write_bytes(path, "# comment\nidle_timeout = \"ninety\"\n");
    auto o = run({"--config", path, "--idle-timeout", "30"});
    CHECK(o.status == 2);
    CHECK(has(o.err, path + ":2: idle_timeout must be a whole number from 5 to 3600"));
    CHECK(o.values.timeout == 60);

    write_bytes(path, "idle_timeout = 4\n");
    CHECK(run({"--config", path}).status == 2);
    write_bytes(path, "language = \"fr\"\n");
    o = run({"--config", path});
    CHECK(o.status == 2);
    CHECK(has(o.err, "language must be one of en, de"));
    write_bytes(path, "fullscreen = \"yes\"\n");
    CHECK(has(run({"--config", path}).err, "fullscreen must be true or false"));
    write_bytes(path, "locale = [\"de=de-AT\", 3]\n");
    CHECK(has(run({"--config", path}).err, "locale must be an array of texts"));
    write_bytes(path, "text_scale = nan\n");
    CHECK(run({"--config", path}).status == 2);
}

TEST_CASE("an unknown key, a file that is not TOML and a missing --config file are refused") {
    TempDir dir;
    const auto path = dir.file("c.toml");
    write_bytes(path, "name = \"x\"\nidle_timeot = 90\n");
    auto o = run({"--config", path});
    CHECK(o.status == 2);
    CHECK(has(o.err, ":2: unknown key idle_timeot"));
    write_bytes(path, "name = \"x\"\nidle_timeout = = 3\n");
    o = run({"--config", path});
    CHECK(o.status == 2);
    CHECK(has(o.err, path + ":2: not a valid TOML file"));
    write_bytes(path, "name = \"caf\xC3\"\n");  // cut in the middle of a character
    CHECK(run({"--config", path}).status == 2);
    o = run({"--config", dir.file("absent.toml")});
    CHECK(o.status == 2);
    CHECK(has(o.err, "there is no configuration file"));
}

TEST_CASE("bad flags are refused with the form expected; --help, --version and --check-config exit 0") {
    auto o = run({"--idle-timeout", "9999"});
    CHECK(o.status == 2);
    CHECK(has(o.err, "--idle-timeout must be a whole number from 5 to 3600, not \"9999\""));
    CHECK(run({"--idle-timeout", "12abc"}).status == 2);
    CHECK(run({"--text-scale", "0.5"}).status == 2);
    CHECK(run({"--language", "xx"}).status == 2);
    CHECK(run({"--bogus"}).status == 2);
    CHECK(run({"--idle-timeout"}).status == 2);
    o = run({"--version"});
    CHECK(o.status == 0);
    CHECK(has(o.out, std::string("prog ") + tp::settings::version()));
    o = run({"--help"});
    CHECK(o.status == 0);
    CHECK(has(o.out, "--idle-timeout"));
    o = run({"--check-config", "--idle-timeout", "10"});
    CHECK(o.status == 0);
    CHECK(has(o.out, "configuration OK"));
}

TEST_CASE("a text that must be filled refuses an empty one; a rule across keys stops like a bad value") {
    TempDir dir;
    std::string db = "default.db";
    long long low = 1, high = 2;
    auto parse = [&](std::vector<std::string> args) {
        tp::settings::Settings s("prog", "", "");
        s.filled_text("db", db, "a file")
            .whole("low", low, 0, 10, "low")
            .whole("high", high, 0, 10, "high")
            .check([&] { return low > high ? std::string("low must not exceed high") : std::string(); });
        args.insert(args.begin(), "prog");
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        std::ostringstream err;
        auto* old = std::cerr.rdbuf(err.rdbuf());
        const auto rc = s.parse(static_cast<int>(argv.size()), argv.data());
        std::cerr.rdbuf(old);
        return std::make_pair(rc ? *rc : -1, err.str());
    };
    CHECK(parse({"--db", ""}).first == 2);
    write_bytes(dir.file("c.toml"), "db = \"\"\n");
    auto [rc, err] = parse({"--config", dir.file("c.toml")});
    CHECK(rc == 2);
    CHECK(has(err, "db must be a text that is not empty"));
    CHECK(db == "default.db");
    CHECK(parse({"--config", ""}).first == 2);
    CHECK(parse({"--low", "3", "--high", "5"}).first == -1);
    auto crossed = parse({"--low", "7", "--high", "5", "--check-config"});
    CHECK(crossed.first == 2);
    CHECK(has(crossed.second, "low must not exceed high"));
}
