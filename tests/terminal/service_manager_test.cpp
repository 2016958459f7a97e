// Notifications to systemd as a unit with Type=notify and WatchdogSec receives them: readiness
// once, keep-alives at half the watchdog interval however often the loop calls, nothing without
// $NOTIFY_SOCKET; and the real kiosk sending them from its frame loop, idle or not, and going
// silent while that loop is stopped.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "terminal_test_support.hpp"
#include "touchpoint/service_manager.hpp"

using tp::service_manager::Notifier;
using tp::test::TempDir;

namespace {

// The service manager's end: a datagram socket that $NOTIFY_SOCKET names.
class NotifySocket {
  public:
    explicit NotifySocket(const std::string& path) : path_(path) {
        fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        REQUIRE(path.size() < sizeof addr.sun_path);
        path.copy(addr.sun_path, path.size());
        REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        timeval tv{0, 20'000};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~NotifySocket() { close(fd_); }
    // Every message received within `for_ms`.
    std::vector<std::string> drain(int for_ms) {
        std::vector<std::string> out;
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(for_ms);
        char buf[4096];
        while (std::chrono::steady_clock::now() < until) {
            const auto n = recv(fd_, buf, sizeof buf, 0);
            if (n > 0) out.emplace_back(buf, static_cast<std::size_t>(n));
        }
        return out;
    }

  private:
    std::string path_;
    int fd_ = -1;
};

long count(const std::vector<std::string>& messages, const std::string& text) {
    long n = 0;
    for (const auto& m : messages) n += m.find(text) != std::string::npos;
    return n;
}

}  // namespace

TEST_CASE("readiness is sent once; keep-alives at most every half interval; nothing outside a unit") {
    TempDir dir;
    NotifySocket manager(dir.file("notify"));
    setenv("NOTIFY_SOCKET", dir.file("notify").c_str(), 1);
    setenv("WATCHDOG_USEC", "200000", 1);
    setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
    Notifier notifier;
    CHECK(notifier.watchdog_interval() == std::chrono::milliseconds(200));
    notifier.ready("serving");
    notifier.ready("serving again");
    auto got = manager.drain(50);
    REQUIRE(got.size() == 1);
    CHECK(got[0] == "READY=1\nSTATUS=serving");
    for (int i = 0; i < 50; ++i) notifier.alive();
    CHECK(count(manager.drain(50), "WATCHDOG=1") == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(110));
    notifier.alive();
    CHECK(count(manager.drain(50), "WATCHDOG=1") == 1);
    notifier.stopping("draining");
    CHECK(manager.drain(50) == std::vector<std::string>{"STOPPING=1\nSTATUS=draining"});

    // The parent's watchdog is this one's too (the kiosk under cage); any other process's is not.
    setenv("WATCHDOG_PID", std::to_string(getppid()).c_str(), 1);
    CHECK(Notifier().watchdog_interval() == std::chrono::milliseconds(200));
    setenv("WATCHDOG_PID", "999999999", 1);
    CHECK(Notifier().watchdog_interval().count() == 0);
    // Outside a unit nothing is sent and nothing fails.
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
    Notifier outside;
    outside.ready("x");
    outside.alive();
    CHECK(outside.watchdog_interval().count() == 0);
    CHECK(manager.drain(50).empty());
}

#ifdef TOUCHPOINT_BINARY
TEST_CASE("the kiosk is ready after its first frame and keeps the watchdog fed from its loop until it is stuck") {
    TempDir dir;
    NotifySocket manager(dir.file("notify"));
    const std::string db = dir.file("kiosk.db");
    // As under the kiosk session's unit: the watchdog is the main process's (here this test, in
    // the unit cage), the kiosk that process's application.
    const std::string main_pid = std::to_string(getpid());
    const pid_t kiosk = fork();
    REQUIRE(kiosk >= 0);
    if (kiosk == 0) {
        setenv("NOTIFY_SOCKET", dir.file("notify").c_str(), 1);
        setenv("WATCHDOG_USEC", "400000", 1);  // a keep-alive every 200 ms
        setenv("WATCHDOG_PID", main_pid.c_str(), 1);
        setenv("SDL_VIDEODRIVER", "offscreen", 1);
        freopen(dir.file("kiosk.log").c_str(), "w", stderr);
        execl(TOUCHPOINT_BINARY, TOUCHPOINT_BINARY, "--db", db.c_str(), "--log-level", "warn",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    // Ready within 60 s (a sanitized build on a loaded machine starts slowly), then idle: no
    // input, no new data. A keep-alive is due every 200 ms; the windows allow for a slow machine.
    bool ready = false;
    for (int i = 0; i < 600 && !ready; ++i) ready = count(manager.drain(100), "READY=1") > 0;
    CHECK(ready);
    const auto idle = manager.drain(4000);
    CHECK(count(idle, "WATCHDOG=1") >= 3);
    // A stopped loop is a hung one: the keep-alives stop, and come back when it turns again.
    kill(kiosk, SIGSTOP);
    manager.drain(300);  // one already sent may still be queued
    CHECK(count(manager.drain(1500), "WATCHDOG=1") == 0);
    kill(kiosk, SIGCONT);
    CHECK(count(manager.drain(4000), "WATCHDOG=1") >= 2);
    kill(kiosk, SIGTERM);
    int status = 0;
    bool ended = false;
    for (int i = 0; i < 300 && !ended; ++i) {
        ended = waitpid(kiosk, &status, WNOHANG) == kiosk;
        if (!ended) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!ended) {
        kill(kiosk, SIGKILL);
        waitpid(kiosk, &status, 0);
    }
    CHECK(ended);
    INFO(tp::test::read_bytes(dir.file("kiosk.log")));
    CHECK(WIFEXITED(status));
}
#endif
