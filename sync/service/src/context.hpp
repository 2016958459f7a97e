#pragma once
// What every request handler shares: the configuration, the database (a pool of connections; each
// request's reads and writes are units of work on it), the clock, and the notifier that wakes
// long polls when a unit of work has committed changes.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "touchpoint/service/service.hpp"
#include "storage/sql.hpp"
#include "storage/storage.hpp"

namespace tp::service {
class ConnectionGuard;
class FeedWaits;
}

namespace tp::service {

// An error answered to the client as {"error":{"code","message"}} with an HTTP 4xx status.
struct ApiError {
    int status;
    std::string code;
    std::string message;
};

class ChangeNotifier {
  public:
    // Counter increased by every notify(); read it before querying, then wait for a change.
    std::uint64_t generation() const;
    // Call after committing a transaction that may have added change rows.
    void notify();
    // Waits until generation() != seen, `deadline` passes, or stop(). False once stopped.
    bool wait_for_change(std::uint64_t seen, std::chrono::steady_clock::time_point deadline);
    void stop();
    bool stopped() const;

  private:
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::uint64_t generation_ = 0;
    bool stopped_ = false;
};

// Bounds how many PIN checks run at once (each takes the KDF's memory, docs/security.md "PINs").
class PinCheckSlots {
  public:
    explicit PinCheckSlots(int slots) : free_(slots) {}
    // Holds a slot for its lifetime; waits for one when all are taken.
    class Held {
      public:
        explicit Held(PinCheckSlots& slots) : slots_(slots) { slots_.acquire(); }
        ~Held() { slots_.release(); }
        Held(const Held&) = delete;
        Held& operator=(const Held&) = delete;

      private:
        PinCheckSlots& slots_;
    };

  private:
    void acquire() {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] { return free_ > 0; });
        --free_;
    }
    void release() {
        {
            std::lock_guard lock(mutex_);
            ++free_;
        }
        cv_.notify_one();
    }
    std::mutex mutex_;
    std::condition_variable cv_;
    int free_;
};

struct ServiceContext {
    ServiceConfig config;
    std::unique_ptr<storage::Storage> storage;
    std::string epoch;
    ChangeNotifier notifier;
    PinCheckSlots pin_checks{static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))};
    // The server's connection guard while it serves: a long poll steps out of its handler
    // threads there while it waits (ConnectionGuard::begin_long_wait). Null: no server.
    ConnectionGuard* guard = nullptr;
    // Long-poll reads after a wake-up run here, on few connections of their own, so that a
    // change waking hundreds of long polls leaves the request pool to short requests.
    std::unique_ptr<storage::Storage> waiter_storage;
    // The long polls' reads on waiter_storage (null: each poll reads on its own).
    std::unique_ptr<FeedWaits> feed_waits;
    // Set when the service begins to stop: readiness answers 503 from then on.
    std::atomic<bool> draining{false};

    Millis now() const;
};

}  // namespace tp::service
