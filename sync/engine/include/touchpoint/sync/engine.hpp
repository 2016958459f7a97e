#pragma once
// The terminal's sync engine (brief §4). The pusher sends the outbox lane by lane in batches and
// records the service's decisions; the puller applies the change feed page by page (each page
// and its cursor in one transaction). The two are independent: each has its own failure count
// and backoff, and a command that cannot be sent never stops the feed.
//
// What each answer means is decided once, in answers.hpp; the engine acts on it:
//   decided (a result naming the command)     -> confirmed or refused
//   retry result                              -> sent again; out_of_order re-links its lane
//   Rejected / NotFound for one command       -> held for staff, never refused
//   Network, Unavailable, Busy                -> back off (Network also means offline); a long
//                                                poll refused Busy is pulled at once without
//                                                waiting instead (long_poll_refused())
//   TokenExpired -> renew, store, retry; Unauthorized -> enroll again
//   Revoked (terminal_revoked)                -> stored durably; no more requests, the outbox
//                                                stays for a staff export
//   Untrusted (certificate not trusted)       -> back off, like Network; the status says why
//
// After a pull that reached the service, a heartbeat with the terminal's health goes at most
// once per heartbeat_interval; whatever happens to it, the cycle's result is the same.
// A feed page or heartbeat answer carrying "wipe" starts a remote wipe (docs/operations.md): the
// order is stored durably first, then the outbox is pushed until nothing sendable is left, the
// customer data is deleted (wipe.hpp), the service is told, and the terminal stops syncing as a
// revoked one does. Each step resumes from the stored order after a crash or a lost link.
//
// The engine owns no thread: push(), pull() and cycle() are synchronous so simulations drive
// them with a fake clock and transport; SyncWorker runs them on a thread for the app.

#include <functional>
#include <optional>
#include <memory>
#include <string>

#include "touchpoint/clock.hpp"
#include "touchpoint/outbox_retention.hpp"
#include "touchpoint/retention.hpp"
#include "touchpoint/store.hpp"
#include "touchpoint/sync/backoff.hpp"
#include "touchpoint/sync/client.hpp"
#include "touchpoint/sync_status.hpp"

namespace tp::sync {

struct EngineConfig {
    std::size_t batch_size = 100;  // the protocol's largest batch
    int page_limit = 1000;  // the protocol's largest page
    BackoffPolicy backoff;
    std::uint64_t seed = std::random_device{}();
    // Housekeeping runs after a pull that drained the feed, at most once an hour, on the
    // engine's connection (never the UI's): it forgets customers, prunes the outbox and gives
    // free pages back, in that order.
    //
    // Customers of other stores not served here for this long are forgotten (retention.hpp);
    // 0 keeps them.
    Millis customer_retention = kDefaultCustomerRetention;
    // Answered commands nobody needs any more (confirmed and settled, or refused and dismissed)
    // are deleted this long after the service's answer (outbox_retention.hpp); 0 keeps them.
    Millis answered_command_retention = kDefaultAnsweredCommandRetention;
    // A confirmed photo's bytes are dropped from its command this long after the confirmation;
    // 0: at the first housekeeping after it.
    Millis confirmed_photo_retention = 0;
    // Free pages given back per housekeeping: at most vacuum_steps_per_run transactions of
    // vacuum_pages_per_step pages each (vacuum.hpp); 0 steps gives none back.
    int vacuum_pages_per_step = 256;
    int vacuum_steps_per_run = 64;
    // Least time between two heartbeats; 0 sends none.
    Millis heartbeat_interval = 60'000;
};

enum class CycleResult {
    Synced,        // everything sendable was decided and the feed is drained
    Stalled,       // the service answered but asked for some commands again later
    Offline,       // the service could not be reached (or failed); next try at next_retry
    LocalFailure,  // this terminal's database failed; the status says so
    NotEnrolled,
    Unauthorized,  // the token was rejected and could not be renewed: re-enroll
    Revoked,       // the operator disabled this terminal: nothing is sent until it enrolls again
};

class SyncEngine {
  public:
    // All references must outlive the engine. `store` is the engine's own connection.
    SyncEngine(Store& store, Transport& transport, const Clock& clock, StatusBoard& board,
               EngineConfig config = {});

    // Exchanges the enrollment code for a token and stores it, durably, before using it; a
    // revoked terminal that enrolls again (with a new code) syncs again. On a
    // database that was enrolled before under another terminal id, the queued commands are
    // re-linked (the service knows none of their predecessors under the new id) and the feed
    // starts again from the beginning of the new scope.
    Status enroll(const std::string& code, const std::string& terminal_name);
    bool enrolled();
    // True once the service answered terminal_revoked, or a wipe is done (kept across restarts).
    bool revoked() const { return revoked_; }
    // True from the moment a wipe order is stored (kept across restarts).
    bool wipe_ordered() const { return wipe_ordered_; }

    // Push when due, then pull when due (or always, with `force`). Never throws.
    CycleResult cycle(bool force = true);
    CycleResult push();
    // Pulls the feed; `wait_s` > 0 long-polls the first page. A request that `cancelled` ends is
    // not a failure.
    CycleResult pull(int wait_s = 0, std::function<bool()> cancelled = {});
    // Every request gives up once `cancelled` returns true (the worker stopping).
    void set_cancelled(std::function<bool()> cancelled);

    // False while that side backs off after a failure.
    bool push_due() const;
    bool pull_due() const;
    // True when neither side is backing off, or one side's backoff has passed.
    bool due() const;
    // True when the last pull asked to wait and the service had no room for another long poll
    // (429 busy): the page was pulled without waiting, and the caller should pause before the
    // next pull instead of asking again at once.
    bool long_poll_refused() const { return long_poll_refused_; }
    // When the pusher's backoff ends (0: not backing off).
    Millis push_retry_at() const { return push_.failures > 0 ? push_.retry_at : 0; }

    ServiceClient& client() { return client_; }
    Millis now() const { return clock_.now(); }

  private:
    struct Backing {
        int failures = 0;
        Millis retry_at = 0;
    };

    CycleResult push_round();
    CycleResult on_push_error(const Error& error, const std::vector<OutboxEntry>& batch,
                              bool& single_mode);
    CycleResult pull_pages(int wait_s, const std::function<bool()>& cancelled);
    CycleResult failed(Backing& backing, const Error& error);
    CycleResult local_failure(const Error& error);
    CycleResult mark_revoked(const Error& error);
    // Stores meta `key` = now durably; a failure is logged as "`what` not stored".
    void stamp(const char* key, const char* what);
    // The service answered: online; a sample of the round trip when one was measured (else the
    // last one measured stands).
    void reached(std::optional<Millis> round_trip);
    void publish_retry();
    // Forgets, prunes and vacuums (EngineConfig) when an hour has passed since the last run.
    void housekeeping();
    void forget_unserved(Millis now);
    Status renew_token();
    void maybe_heartbeat();
    nlohmann::json health();
    // Stores the wipe order (durably) unless it is stored already.
    void note_wipe_ordered();
    // The wipe's next steps from wherever it stands; Revoked once done.
    CycleResult continue_wipe();
    template <typename Call>
    auto with_renewal(Call&& call) -> decltype(call());

    Store& store_;
    const Clock& clock_;
    StatusBoard& board_;
    EngineConfig config_;
    ServiceClient client_;
    Backoff backoff_;
    Backing push_;
    Backing pull_;
    std::function<bool()> cancelled_;
    bool revoked_ = false;
    bool long_poll_refused_ = false;
    static constexpr Millis kHousekeepingEvery = 3'600'000;
    Millis next_housekeeping_ = 0;
    Millis next_heartbeat_ = 0;
    std::optional<Millis> clock_offset_;  // terminal minus service, from the last heartbeat
    bool wipe_ordered_ = false;
    bool wipe_seen_ = false;  // the last pull's pages carried the order
};

}  // namespace tp::sync
