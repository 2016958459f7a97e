#pragma once
// The terminal's sync engine (brief §4). One cycle renews the token if needed, pushes the
// outbox lane by lane in batches, records the answers, then pulls the change feed page by page
// (each page and its cursor in one transaction). The engine owns no thread: cycle() is
// synchronous so simulations drive it with a fake clock and transport; SyncWorker runs it on a
// thread for the app.

#include <functional>
#include <memory>
#include <string>

#include "touchpoint/clock.hpp"
#include "touchpoint/store.hpp"
#include "touchpoint/sync/backoff.hpp"
#include "touchpoint/sync/client.hpp"
#include "touchpoint/sync_status.hpp"

namespace tp::sync {

struct EngineConfig {
    std::size_t batch_size = 50;
    int page_limit = 200;
    BackoffPolicy backoff;
    std::uint64_t seed = std::random_device{}();
};

enum class CycleResult {
    Synced,   // everything pushed that could be, feed drained
    Offline,  // a transient failure; next attempt at status().next_retry
    NotEnrolled,
    Unauthorized,  // the token was rejected and could not be renewed: re-enroll
};

class SyncEngine {
  public:
    // All references must outlive the engine. `store` is the engine's own connection.
    SyncEngine(Store& store, Transport& transport, const Clock& clock, StatusBoard& board,
               EngineConfig config = {});

    // Exchanges the enrollment code for a token and stores it with the terminal's identity.
    Status enroll(const std::string& code, const std::string& terminal_name);
    bool enrolled();

    // One full exchange with the service. Never throws.
    CycleResult cycle();
    // One long-poll of the feed (wait_s seconds at most); applies what arrives. A failure while
    // `interrupted()` is true was caused by the caller (Transport::interrupt) and is not counted.
    CycleResult wait_for_changes(int wait_s, const std::function<bool()>& interrupted = {});
    // True when a retry is due (no failure pending, or its backoff has passed).
    bool due() const;

    ServiceClient& client() { return client_; }

  private:
    CycleResult push_all();
    CycleResult pull_all(int wait_s, const std::function<bool()>& interrupted = {});
    CycleResult fail(const Error& error, Millis started);
    void succeed(Millis started);
    bool renew_token();
    void publish_sample(Millis started, bool ok);
    template <typename Call>
    auto with_renewal(Call&& call) -> decltype(call());

    Store& store_;
    const Clock& clock_;
    StatusBoard& board_;
    EngineConfig config_;
    ServiceClient client_;
    Backoff backoff_;
    int failures_ = 0;
    Millis next_retry_ = 0;
    bool single_mode_ = false;  // after a batch-level 4xx, send one command at a time
};

}  // namespace tp::sync
