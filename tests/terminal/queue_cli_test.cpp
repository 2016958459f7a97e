// `touchpoint queue` refuses bad input with exit 7 and writes nothing (issue 8): a payload text or
// an id that is not UTF-8, a text over its limit, a payload that is not a JSON object. The
// database stays usable: `status` answers afterwards (exit 3: never enrolled).

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "terminal_test_support.hpp"
#include "touchpoint/utf8.hpp"

#ifndef TOUCHPOINT_BINARY
#error "TOUCHPOINT_BINARY must name the touchpoint executable"
#endif

using namespace tp;
using namespace tp::test;

namespace {

struct Run {
    int exit_code = -1;  // -1: killed by a signal
    std::string out;
    std::string err;
};

// Runs the touchpoint executable with `args`, its stdout and stderr into files of `dir`.
Run touchpoint(const TempDir& dir, const std::vector<std::string>& args) {
    const std::string out_path = dir.file("stdout.txt"), err_path = dir.file("stderr.txt");
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out < 0 || err < 0) _exit(126);
        dup2(out, STDOUT_FILENO);
        dup2(err, STDERR_FILENO);
        std::vector<std::string> copy = args;
        std::string exe = TOUCHPOINT_BINARY;
        std::vector<char*> argv{exe.data()};
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(exe.c_str(), argv.data());
        _exit(127);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    Run r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_bytes(out_path);
    r.err = read_bytes(err_path);
    return r;
}

std::int64_t outbox_rows(const std::string& db) {
    auto store = open_store(db);
    return sql_int(*store, "SELECT count(*) FROM outbox");
}

}  // namespace

TEST_CASE("queue refuses text that is not UTF-8 or over its limit with exit 7, writing nothing") {
    TempDir dir;
    const std::string db = dir.file("cli.db");
    auto queue = [&](std::vector<std::string> args) {
        args.insert(args.begin(), "queue");
        args.insert(args.end(), {"--db", db});
        return touchpoint(dir, args);
    };

    // Before the database exists: refused before it is even created.
    Run first = queue({"add_note", "--case", "X", "--payload", "{\"text\":\"\xFF\"}"});
    CHECK(first.exit_code == 7);
    CHECK_FALSE(std::filesystem::exists(db));

    Run good = queue({"add_note", "--case", "ORD-1", "--customer", "C-1", "--payload",
                      "{\"text\":\"caf\xC3\xA9\"}"});
    REQUIRE_MESSAGE(good.exit_code == 0, good.err);
    REQUIRE(outbox_rows(db) == 1);

    const std::vector<std::vector<std::string>> bad{
        {"add_note", "--case", "X", "--payload", "{\"text\":\"\xFF\"}"},
        {"add_note", "--case", "X", "--payload", "{\"text\":\"cut \xE2\x82\"}"},
        {"add_note", "--case", "X\xFF", "--payload", "{\"text\":\"hi\"}"},
        {"add_note", "--case", "ORD-1", "--customer", "C\xC3", "--payload", "{\"text\":\"hi\"}"},
        {"add_note", "--case", "ORD-1", "--actor", "R\xFF", "--staff", "R1", "--payload",
         "{\"text\":\"hi\"}"},
        {"add_note", "--case", std::string(65, 'C'), "--payload", "{\"text\":\"hi\"}"},
        {"add_note", "--case", "ORD-1", "--payload",
         "{\"text\":\"" + std::string(2001, 'x') + "\"}"},
        {"add_note", "--case", "ORD-1", "--payload", "{\"text\":\"hi\""},  // not JSON
        {"add_note", "--case", "ORD-1", "--payload", "[\"text\"]"},
        {"add_note", "--case", "ORD-1", "--payload", "{\"text\":\"hi\",\"x\":{\"\xFF\":1}}"},
    };
    for (const auto& args : bad) {
        CAPTURE(args[2]);
        Run r = queue(args);
        CHECK(r.exit_code == 7);
        CHECK(r.out.empty());
        CHECK(r.err.rfind("touchpoint: ", 0) == 0);
        CHECK(is_valid_utf8(r.err));  // no raw bytes echoed back
    }
    CHECK(outbox_rows(db) == 1);

    // Never enrolled: `status` still answers, and exits 3 as documented ("not enrolled").
    Run status = touchpoint(dir, {"status", "--json", "--db", db});
    CHECK_MESSAGE(status.exit_code == 3, status.err);
    auto j = nlohmann::json::parse(status.out, nullptr, false);
    REQUIRE(j.is_object());
    CHECK(j["pending"] == 1);
    CHECK(j["enrolled"] == false);
    Run plain = touchpoint(dir, {"status", "--db", db});
    CHECK(plain.exit_code == 3);
    CHECK(plain.out.find("enrolled:  no") != std::string::npos);
}

TEST_CASE("queue accepts a text exactly at its limit in multi-byte characters") {
    TempDir dir;
    const std::string db = dir.file("cli.db");
    std::string text;
    for (int i = 0; i < 666; ++i) text += "\xE2\x82\xAC";  // €, 3 bytes
    text += "\xC3\xA9";                                    // é: 2000 bytes in all
    Run r = touchpoint(dir, {"queue", "add_note", "--case", "ORD-1", "--customer", "C-1",
                             "--payload", "{\"text\":\"" + text + "\"}", "--db", db});
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    Run over = touchpoint(dir, {"queue", "add_note", "--case", "ORD-1", "--customer", "C-1",
                                "--payload", "{\"text\":\"" + text + "a\"}", "--db", db});
    CHECK(over.exit_code == 7);
    CHECK(outbox_rows(db) == 1);
}
