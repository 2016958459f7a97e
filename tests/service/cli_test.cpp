// The touchpoint-service executable: options, the "listening on" line, exit codes, and a clean stop
// on SIGTERM.

#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#ifndef TOUCHPOINT_SERVICE_EXE
#error "TOUCHPOINT_SERVICE_EXE must name the touchpoint-service executable"
#endif

namespace {

struct Child {
    pid_t pid = -1;
    int out_fd = -1;  // the child's stdout
    int err_fd = -1;  // the child's stderr, when captured
};

// Starts the service with `args`; its stderr goes to a pipe when `capture_stderr`, else to the
// test's own stderr, so a sanitizer report from the child reaches the test log.
Child spawn(const std::vector<std::string>& args, bool capture_stderr = false) {
    int fds[2];
    int err[2] = {-1, -1};
    REQUIRE(pipe(fds) == 0);
    if (capture_stderr) REQUIRE(pipe(err) == 0);
    Child child;
    child.pid = fork();
    REQUIRE(child.pid >= 0);
    if (child.pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        if (capture_stderr) dup2(err[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        if (capture_stderr) {
            close(err[0]);
            close(err[1]);
        }
        std::vector<char*> argv;
        std::string exe = TOUCHPOINT_SERVICE_EXE;
        argv.push_back(exe.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(exe.c_str(), argv.data());
        _exit(127);
    }
    close(fds[1]);
    child.out_fd = fds[0];
    if (capture_stderr) {
        close(err[1]);
        child.err_fd = err[0];
    }
    return child;
}

// Everything written to `fd` until the writer closes it (the child exits).
std::string read_to_end(int fd) {
    std::string text;
    char buf[4096];
    ssize_t n = 0;
    while ((n = read(fd, buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
    return text;
}

// Reads the child's stdout up to the first newline (or end of output).
std::string read_line(const Child& child) {
    std::string line;
    char c;
    while (read(child.out_fd, &c, 1) == 1 && c != '\n') line.push_back(c);
    return line;
}

// The child's exit code; -1 when it had to be killed after 15 s or died of a signal.
int wait_exit(Child& child) {
    int status = 0;
    bool exited = false;
    for (int i = 0; i < 1500 && !exited; ++i) {
        exited = waitpid(child.pid, &status, WNOHANG) == child.pid;
        if (!exited) usleep(10000);
    }
    if (!exited) {
        kill(child.pid, SIGKILL);
        waitpid(child.pid, &status, 0);
    }
    close(child.out_fd);
    if (child.err_fd >= 0) close(child.err_fd);
    return exited && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int run(const std::vector<std::string>& args) {
    Child child = spawn(args);
    return wait_exit(child);
}

std::string temp_db(const char* name) {
    auto path = std::filesystem::temp_directory_path() /
                (std::string("tp-cli-") + std::to_string(getpid()) + "-" + name);
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(path.string() + suffix);
    return path.string();
}

}  // namespace

TEST_CASE("--help, --version and bad command lines") {
    Child help = spawn({"--help"});
    const std::string text = read_to_end(help.out_fd);
    CHECK(text.find("Usage: touchpoint-service") != std::string::npos);
    CHECK(text.find("--log-level {debug,info,warn,error,off}") != std::string::npos);
    CHECK(text.find("--max-body N:1..268435456=1048576") != std::string::npos);
    CHECK(wait_exit(help) == 0);
    Child version = spawn({"--version"});
    CHECK(read_line(version).rfind("touchpoint-service ", 0) == 0);
    CHECK(wait_exit(version) == 0);
    CHECK(run({"--bogus"}) == 2);
    CHECK(run({"--log-level"}) == 2);
    CHECK(run({"--log-level", "chatty"}) == 2);
    CHECK(run({"--port"}) == 2);
    CHECK(run({"--port", "70000"}) == 2);
    CHECK(run({"--enroll-code", ":S1"}) == 2);
}

TEST_CASE("the configuration file: its values are used, flags win, a bad value refuses to start") {
    const auto dir = std::filesystem::path(temp_db("config"));
    std::filesystem::create_directories(dir);
    const auto file = (dir / "service.toml").string();
    const auto write = [&](const std::string& text) {
        FILE* f = std::fopen(file.c_str(), "w");
        REQUIRE(f);
        std::fputs(text.c_str(), f);
        std::fclose(f);
    };
    const std::string db = (dir / "s.db").string();
    write("port = 0\ndb = \"" + db + "\"\nenroll_code = [\"CFG1:S3\"]\n");
    Child child = spawn({"--config", file});
    std::string line = read_line(child);
    REQUIRE(line.rfind("listening on 127.0.0.1:", 0) == 0);
    httplib::Client client("127.0.0.1", std::stoi(line.substr(line.rfind(':') + 1)));
    auto enrolled = client.Post("/v1/enroll", R"({"code":"CFG1","terminal_name":"cfg"})", "application/json");
    REQUIRE(enrolled);
    CHECK(enrolled->status == 200);
    CHECK(enrolled->body.find("\"store_id\":\"S3\"") != std::string::npos);
    kill(child.pid, SIGTERM);
    CHECK(wait_exit(child) == 0);
    CHECK(std::filesystem::exists(db));

    // A flag wins over the file: the port in the file is taken, the flag's is free.
    write("port = 1\ndb = \"" + db + "\"\n");
    Child flagged = spawn({"--config", file, "--port", "0"});
    CHECK(read_line(flagged).rfind("listening on 127.0.0.1:", 0) == 0);
    kill(flagged.pid, SIGTERM);
    CHECK(wait_exit(flagged) == 0);

    write("port = \"eighty\"\n");
    Child bad = spawn({"--config", file}, true);
    const std::string refused = read_to_end(bad.err_fd);
    CHECK(wait_exit(bad) == 2);
    CHECK(refused.find(file + ":1: port must be a whole number from 0 to 65535") != std::string::npos);
    write("max_bodee = 3\n");
    CHECK(run({"--config", file}) == 2);
    CHECK(run({"--config", (dir / "absent.toml").string()}) == 2);
    write("threads = 8\n");
    Child check = spawn({"--config", file, "--check-config"});
    CHECK(read_line(check).find("configuration OK") != std::string::npos);
    CHECK(wait_exit(check) == 0);
    std::filesystem::remove_all(dir);
}

TEST_CASE("a database that cannot be opened exits 3") {
    CHECK(run({"--db", "/nonexistent-dir/for/sure/service.db"}) == 3);
}

TEST_CASE("serves on the printed port, then stops cleanly on SIGTERM") {
    std::string db = temp_db("serve.db");
    Child child = spawn({"--db", db, "--seed-demo", "8", "--port", "0", "--enroll-code", "X1:S2"});
    std::string line = read_line(child);
    const std::string prefix = "listening on 127.0.0.1:";
    REQUIRE(line.rfind(prefix, 0) == 0);
    int port = std::stoi(line.substr(prefix.size()));
    REQUIRE(port > 0);

    httplib::Client client("127.0.0.1", port);
    auto health = client.Get("/v1/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    auto enrolled = client.Post("/v1/enroll", R"({"code":"X1","terminal_name":"cli"})",
                                "application/json");
    REQUIRE(enrolled);
    CHECK(enrolled->status == 200);
    CHECK(enrolled->body.find("\"store_id\":\"S2\"") != std::string::npos);

    // A second service cannot bind the same port.
    CHECK(run({"--db", temp_db("second.db"), "--port", std::to_string(port)}) == 4);

    kill(child.pid, SIGTERM);
    CHECK(wait_exit(child) == 0);
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
}

TEST_CASE("--log-level debug logs each request's route and status, never secrets or ids") {
    std::string db = temp_db("log.db");
    Child child = spawn({"--db", db, "--seed-demo", "8", "--log-level", "debug"}, true);
    std::string line = read_line(child);
    const std::string prefix = "listening on 127.0.0.1:";
    REQUIRE(line.rfind(prefix, 0) == 0);
    httplib::Client client("127.0.0.1", std::stoi(line.substr(prefix.size())));

    auto enrolled = client.Post("/v1/enroll", R"({"code":"KIOSK-S1-03"})", "application/json");
    REQUIRE(enrolled);
    REQUIRE(enrolled->status == 200);
    std::string token = nlohmann::json::parse(enrolled->body)["token"];
    httplib::Headers auth{{"Authorization", "Bearer " + token}, {"X-Request-Id", "log-test-1"}};
    auto verified = client.Post("/v1/staff/verify", auth, R"({"staff_id":"R1","pin":"2468"})",
                                "application/json");
    REQUIRE(verified);
    CHECK(verified->status == 200);
    auth.emplace("X-Staff-Grant", nlohmann::json::parse(verified->body)["grant"].get<std::string>());
    auto context = client.Get("/v1/customers/C0001/context", auth);
    REQUIRE(context);
    CHECK(context->status == 200);
    auto search = client.Get("/v1/customers?q=Garcia", auth);
    REQUIRE(search);
    auto missing = client.Get("/v1/nowhere", auth);
    REQUIRE(missing);

    kill(child.pid, SIGTERM);
    std::string log = read_to_end(child.err_fd);
    CHECK(wait_exit(child) == 0);
    CHECK(log.find("info service: serving on 127.0.0.1:") != std::string::npos);
    CHECK(log.find("debug service: POST /v1/enroll 200") != std::string::npos);
    CHECK(log.find("debug service: POST /v1/staff/verify 200 request_id=log-test-1") !=
          std::string::npos);
    CHECK(log.find("debug service: GET /v1/customers/{id}/context 200") != std::string::npos);
    CHECK(log.find("debug service: GET (no route) 404") != std::string::npos);
    CHECK(log.find("info service: stopping on SIGTERM") != std::string::npos);
    std::string request_lines;
    for (std::size_t at = 0; (at = log.find("debug service: ", at)) != std::string::npos;) {
        std::size_t end = log.find('\n', at);
        request_lines += log.substr(at, end - at) + "\n";
        at = end;
    }
    for (const std::string& secret : {token, std::string("2468"), std::string("KIOSK-S1-03"),
                                      std::string("C0001"), std::string("Garcia")}) {
        CAPTURE(secret);
        CHECK(request_lines.find(secret) == std::string::npos);
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
}

TEST_CASE("--log-level off keeps stderr silent") {
    std::string db = temp_db("quiet.db");
    Child child = spawn({"--log-level", "off", "--db", db}, true);
    REQUIRE(read_line(child).rfind("listening on ", 0) == 0);
    kill(child.pid, SIGTERM);
    CHECK(read_to_end(child.err_fd).empty());
    CHECK(wait_exit(child) == 0);
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
}

TEST_CASE("SIGTERM drains: a waiting long poll is answered 200 at once, then the process exits 0") {
    std::string db = temp_db("drain.db");
    Child child = spawn({"--db", db, "--seed-demo", "8"});
    std::string line = read_line(child);
    const std::string prefix = "listening on 127.0.0.1:";
    REQUIRE(line.rfind(prefix, 0) == 0);
    const int port = std::stoi(line.substr(prefix.size()));

    httplib::Client client("127.0.0.1", port);
    auto live = client.Get("/v1/health/live");
    REQUIRE(live);
    CHECK(live->status == 200);
    CHECK(live->body == R"({"status":"live"})");
    auto ready = client.Get("/v1/health/ready");
    REQUIRE(ready);
    CHECK(ready->status == 200);
    CHECK(ready->body == R"({"status":"ready"})");

    auto enrolled = client.Post("/v1/enroll", R"({"code":"KIOSK-S1-04"})", "application/json");
    REQUIRE(enrolled);
    REQUIRE(enrolled->status == 200);
    const httplib::Headers auth{
        {"Authorization", "Bearer " + nlohmann::json::parse(enrolled->body)["token"].get<std::string>()}};
    std::string cursor;
    for (bool more = true; more;) {
        auto page = client.Get("/v1/changes?limit=1000" + (cursor.empty() ? "" : "&cursor=" + cursor), auth);
        REQUIRE(page);
        REQUIRE(page->status == 200);
        auto body = nlohmann::json::parse(page->body);
        cursor = body["cursor"].get<std::string>();
        more = body["more"].get<bool>();
    }

    int poll_status = 0;
    nlohmann::json poll_body;
    std::thread poller([&] {
        httplib::Client waiting("127.0.0.1", port);
        waiting.set_read_timeout(60, 0);
        auto r = waiting.Get("/v1/changes?wait=25&cursor=" + cursor, auth);
        if (!r) return;
        poll_status = r->status;
        poll_body = nlohmann::json::parse(r->body, nullptr, false);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(700));  // the long poll is waiting

    const auto signalled = std::chrono::steady_clock::now();
    kill(child.pid, SIGTERM);
    poller.join();
    const auto answered = std::chrono::steady_clock::now() - signalled;
    const int code = wait_exit(child);
    const auto exited = std::chrono::steady_clock::now() - signalled;

    CHECK(poll_status == 200);
    CHECK(poll_body["changes"].empty());
    CHECK(poll_body["cursor"] == cursor);
    CHECK(code == 0);
    CHECK(answered < std::chrono::seconds(3));
    CHECK(exited < std::chrono::seconds(5));
    MESSAGE("long poll answered "
            << std::chrono::duration_cast<std::chrono::milliseconds>(answered).count()
            << " ms after SIGTERM; exit after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(exited).count() << " ms");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
}
