#pragma once
// The sync status of brief §4.8, published by the sync engine (any thread) and read by the app
// snapshot. The board also carries a data version the engine bumps whenever it changed the
// local store, so readers know when to re-read.

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

#include "touchpoint/domain.hpp"

namespace tp {

struct SyncSample {
    Millis at = 0;
    int pending = 0;
    int latency_ms = 0;  // round trip of the last exchange, -1 when it failed
};

struct SyncStatus {
    bool enrolled = false;
    bool online = false;
    Millis online_since = 0;   // when the current online stretch began
    Millis offline_since = 0;  // when the current offline stretch began
    Millis last_sync = 0;      // last successful push+pull
    Millis next_retry = 0;     // when the engine will try again after a failure, 0 if none
    int consecutive_failures = 0;
    bool revoked = false;     // the operator disabled this terminal: no more syncing
    bool wipe_ordered = false;  // the operator ordered a wipe: it is under way or done
    bool wiped = false;         // the wipe is done: no customer data left, no more syncing
    bool untrusted = false;   // the last attempt failed: the service's certificate is not trusted
    bool unencrypted = false; // the service URL is plain http:// to a non-loopback host
    std::string last_error;   // string-table key: why the last exchange failed
    std::string local_error;  // string-table key: this terminal's own database failed
    std::string terminal_id;
    std::string store_id;
    // Where this terminal syncs to (empty: no service configured) and its database file: what
    // the set-up command on the "not set up" screen names.
    std::string service_url;
    std::string db_path;
    // Enrollment typed on the "not set up" screen (Runtime::enroll): under way, and why the last
    // attempt failed, as a string table key (empty: it did not fail).
    bool enrolling = false;
    std::string enroll_failure;
    std::deque<SyncSample> history;  // newest last, bounded
};

class StatusBoard {
  public:
    static constexpr std::size_t kMaxHistory = 240;

    SyncStatus read() const {
        std::lock_guard lock(mutex_);
        return status_;
    }
    template <typename Fn>
    void update(Fn&& fn) {
        std::lock_guard lock(mutex_);
        fn(status_);
        while (status_.history.size() > kMaxHistory) status_.history.pop_front();
        ++status_version_;
    }
    // Bumped by writers of the local store other than the UI thread.
    void bump_data() {
        std::lock_guard lock(mutex_);
        ++data_version_;
    }
    std::uint64_t data_version() const {
        std::lock_guard lock(mutex_);
        return data_version_;
    }
    std::uint64_t status_version() const {
        std::lock_guard lock(mutex_);
        return status_version_;
    }

  private:
    mutable std::mutex mutex_;
    SyncStatus status_;
    std::uint64_t data_version_ = 0;
    std::uint64_t status_version_ = 0;
};

}  // namespace tp
