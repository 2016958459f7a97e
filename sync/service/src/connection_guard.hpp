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
#include <pthread.h>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "request_head.hpp"

namespace tp::service {

struct GuardConfig {
    HeadLimits head;
    std::chrono::milliseconds head_timeout{10'000};  // from accept to a complete head
    std::size_t max_per_address = 16;                // open connections of one client address
    std::size_t handler_threads = 32;  // threads for requests that do not wait long
    std::size_t max_long_waits = 1024;  // handler threads stepped out to wait long at once
    bool tls = false;  // the head is encrypted: wait for the first TLS record only
    // A kept-alive connection with no next request for this long is closed without an answer.
    std::chrono::milliseconds keep_alive_idle{5'000};
    // True for a plain request head that may wait long (a long poll): such requests are taken by
    // handler threads only when no other request is queued, so that a burst of long polls renewed
    // at once never delays a short request. Empty: none is.
    std::function<bool(std::string_view head)> may_wait_long;
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
    // Serves one request of a connection on a handler thread. True: the connection stays open
    // for its next request, and the guard watches it again, with no thread, until that request's
    // head has arrived (keep-alive); false: it was closed.
    using Serve = std::function<bool(int sock, const Admitted& admitted)>;

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

    // Called on a handler thread about to wait long for an event (a long poll): until
    // end_long_wait() it does not count among the handler_threads, and another thread (started
    // when none is idle, with a small stack) serves the queue in its place, so short requests
    // always find handler_threads threads. False, changing nothing, when max_long_waits threads
    // wait already.
    bool begin_long_wait();
    void end_long_wait();
    // Handler threads started so far (they are kept for later long waits), and those waiting long.
    std::size_t thread_count() const;
    // Connections whose head is complete, waiting for a handler thread.
    std::size_t queued() const;
    std::size_t long_waits() const;

  private:
    struct Waiting {
        std::string address;
        std::chrono::steady_clock::time_point accepted;
        std::size_t request_bytes = 0;  // Admitted::request_bytes
        bool kept = false;              // kept alive after an answer: idle, not slow
    };

    void watch();                       // the guard thread: epoll over waiting connections
    void inspect(int sock, bool closed);  // new bytes (or the end) on a waiting connection
    // Head complete: to a handler thread, after the short requests queued when `later`.
    void hand_off(int sock, std::size_t request_bytes, bool later = false);
    void refuse(int sock, int status);  // answer an error and close
    void drop(int sock);                // close without an answer
    // Stops watching a waiting connection; its address, or nullopt when it is not waiting.
    std::optional<std::string> take_waiting(int sock);
    void release(const std::string& address);
    void watch_again(int sock, Waiting waiting);  // a kept-alive connection, after its answer
    void run_handler();
    void start_handler();  // with mutex_ held

    GuardConfig config_;
    Serve serve_;
    int epoll_ = -1;

    mutable std::mutex mutex_;
    std::map<int, Waiting> waiting_;
    std::map<std::string, std::size_t> per_address_;
    std::deque<std::pair<int, Waiting>> ready_;
    std::deque<std::pair<int, Waiting>> ready_later_;  // may wait long: served after ready_
    std::condition_variable ready_cv_;
    bool stopping_ = false;           // no more admissions; the watcher ends
    bool handlers_stopping_ = false;  // set once the watcher has ended: handlers end when idle
    bool stopped_ = false;
    std::size_t long_waiting_ = 0;

    std::thread watcher_;
    std::vector<pthread_t> handlers_;
};

}  // namespace tp::service
