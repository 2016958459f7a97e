// The touchpoint-service executable: options, the "listening on" line, exit codes, and a clean stop
// on SIGTERM.

#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#ifndef TOUCHPOINT_SERVICE_EXE
#error "TOUCHPOINT_SERVICE_EXE must name the touchpoint-service executable"
#endif

namespace {

struct Child {
    pid_t pid = -1;
    int out_fd = -1;  // the child's stdout
};

Child spawn(const std::vector<std::string>& args) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    Child child;
    child.pid = fork();
    REQUIRE(child.pid >= 0);
    if (child.pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        int devnull = ::open("/dev/null", O_WRONLY);
        if (devnull >= 0) dup2(devnull, STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
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
    return child;
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

TEST_CASE("--help and bad command lines") {
    Child help = spawn({"--help"});
    CHECK(read_line(help).rfind("Usage: touchpoint-service", 0) == 0);
    CHECK(wait_exit(help) == 0);
    CHECK(run({"--bogus"}) == 2);
    CHECK(run({"--port"}) == 2);
    CHECK(run({"--port", "70000"}) == 2);
    CHECK(run({"--enroll-code", ":S1"}) == 2);
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
