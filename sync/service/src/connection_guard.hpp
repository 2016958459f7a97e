#pragma once
// The accept side of the service (docs/security.md, "A service that cannot be starved"). Every
// accepted connection is admitted here first. It waits, holding no handler thread, until the
// client has sent its whole request head (for HTTPS: its first TLS record), within a deadline
// and within the head limits; only then does a handler thread take it. A client address holds
// at most a fixed number of connections at once; beyond it a connection is answered 429 `busy`
// (plain HTTP) or closed (HTTPS) at once.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "request_head.hpp"

namespace tp::service {

struct GuardConfig {
    HeadLimits head;
    std::chrono::milliseconds head_timeout{10'000};  // from accept to a complete head
    std::size_t max_per_address = 16;                // open connections of one client address
    std::size_t handler_threads = 32;
    bool tls = false;  // the head is encrypted: wait for the first TLS record only
};

class ConnectionGuard {
  public:
    // What the guard learnt of a connection it hands to a handler thread.
    struct Admitted {
        std::chrono::steady_clock::time_point accepted;
        // Plain HTTP: the bytes of the request, when its head says no body follows (neither
        // Content-Length nor Transfer-Encoding): nothing after the head is read. 0: not known.
        std::size_t request_bytes = 0;
    };
    // Serves one connection on a handler thread and closes it.
    using Serve = std::function<void(int sock, const Admitted& admitted)>;

    // Starts the guard's thread and the handler threads.
    ConnectionGuard(GuardConfig config, Serve serve);
    ~ConnectionGuard();
    ConnectionGuard(const ConnectionGuard&) = delete;
    ConnectionGuard& operator=(const ConnectionGuard&) = delete;

    // Takes ownership of an accepted socket. Never blocks; callable from any thread.
    void admit(int sock);
    // Closes the connections still waiting for their head and waits for the handler threads to
    // finish theirs. Idempotent.
    void stop();

  private:
    struct Waiting {
        std::string address;
        std::chrono::steady_clock::time_point accepted;
        std::size_t request_bytes = 0;  // Admitted::request_bytes
    };

    void watch();                       // the guard thread: epoll over waiting connections
    void inspect(int sock, bool closed);  // new bytes (or the end) on a waiting connection
    void hand_off(int sock, std::size_t request_bytes);  // head complete: to a handler thread
    void refuse(int sock, int status);  // answer an error and close
    void drop(int sock);                // close without an answer
    // Stops watching a waiting connection; its address, or nullopt when it is not waiting.
    std::optional<std::string> take_waiting(int sock);
    void release(const std::string& address);
    void run_handler();

    GuardConfig config_;
    Serve serve_;
    int epoll_ = -1;

    std::mutex mutex_;
    std::map<int, Waiting> waiting_;
    std::map<std::string, std::size_t> per_address_;
    std::deque<std::pair<int, Waiting>> ready_;
    std::condition_variable ready_cv_;
    bool stopping_ = false;           // no more admissions; the watcher ends
    bool handlers_stopping_ = false;  // set once the watcher has ended: handlers end when idle
    bool stopped_ = false;

    std::thread watcher_;
    std::vector<std::thread> handlers_;
};

}  // namespace tp::service
