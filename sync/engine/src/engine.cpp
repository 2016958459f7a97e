#include "touchpoint/sync/engine.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <future>
#include <set>

#include "touchpoint/cache.hpp"
#include "touchpoint/log.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/retention.hpp"
#include "touchpoint/settings.hpp"
#include "touchpoint/vacuum.hpp"
#include "touchpoint/wipe.hpp"

namespace tp::sync {
namespace {

bool is_cancelled(const std::function<bool()>& cancelled) {
    return cancelled && cancelled();
}

// Free bytes for an unprivileged writer in the folder of `db_path`; 0 when unknown.
std::int64_t free_disk_bytes(const std::string& db_path) {
    std::filesystem::path folder = std::filesystem::path(db_path).parent_path();
    if (folder.empty()) folder = ".";
    struct statvfs fs {};
    if (statvfs(folder.c_str(), &fs) != 0) return 0;
    return static_cast<std::int64_t>(fs.f_bavail) * static_cast<std::int64_t>(fs.f_frsize);
}

// The held reason staff read, as a string-table key: what the service said, never the payload.
std::string held_reason(const Error& error) {
    return error.key;
}

}  // namespace

SyncEngine::SyncEngine(Store& store, Transport& transport, const Clock& clock, StatusBoard& board,
                       EngineConfig config)
    : store_(store),
      clock_(clock),
      board_(board),
      config_(config),
      client_(transport),
      backoff_(config.backoff, config.seed) {
    std::optional<std::string> token, terminal_id, store_id, revoked, wipe_ordered, wiped;
    try {
        token = store_.token();
        terminal_id = store_.meta("terminal_id");
        store_id = store_.meta("store_id");
        revoked = store_.meta("revoked_at");
        wipe_ordered = store_.meta("wipe_ordered_at");
        wiped = store_.meta("wiped_at");
    } catch (const DbException& e) {
        store_.report_failure("sync start", e);
    }
    if (token) client_.set_token(*token);
    revoked_ = revoked.has_value() || wiped.has_value();
    wipe_ordered_ = wipe_ordered.has_value();
    board_.update([&](SyncStatus& s) {
        s.enrolled = !client_.token().empty();
        s.revoked = revoked_;
        s.wipe_ordered = wipe_ordered_;
        s.wiped = wiped.has_value();
        s.terminal_id = terminal_id.value_or("");
        s.store_id = store_id.value_or("");
        if (store_.failure()) s.local_error = *store_.failure();
    });
}

bool SyncEngine::enrolled() {
    // A terminal enrolled meanwhile by another connection (on screen, Runtime::enroll) is picked
    // up at its next cycle.
    if (client_.token().empty()) {
        try {
            // The terminal's identity is committed after its token: wait for both.
            const auto token = store_.token();
            const auto terminal_id = store_.meta("terminal_id");
            if (token && terminal_id) {
                client_.set_token(*token);
                revoked_ = store_.meta("revoked_at").has_value();
                const std::string store_id = store_.meta("store_id").value_or("");
                board_.update([&](SyncStatus& s) {
                    s.enrolled = true;
                    s.revoked = revoked_;
                    s.terminal_id = *terminal_id;
                    s.store_id = store_id;
                });
            }
        } catch (const DbException& e) {
            store_.report_failure("sync start", e);
        }
    }
    return !client_.token().empty();
}

void SyncEngine::set_cancelled(std::function<bool()> cancelled) {
    cancelled_ = cancelled;
    client_.set_cancelled(std::move(cancelled));
}

bool SyncEngine::push_due() const {
    return push_.failures == 0 || clock_.now() >= push_.retry_at;
}

bool SyncEngine::pull_due() const {
    return pull_.failures == 0 || clock_.now() >= pull_.retry_at;
}

bool SyncEngine::due() const {
    const Millis now = clock_.now();
    if (push_.failures == 0 && pull_.failures == 0) return true;
    return (push_.failures > 0 && now >= push_.retry_at) ||
           (pull_.failures > 0 && now >= pull_.retry_at);
}

Status SyncEngine::enroll(const std::string& code, const std::string& terminal_name) {
    auto enrollment = client_.enroll(code, terminal_name);
    if (!enrollment) return enrollment.error();
    bool new_identity = false;
    try {
        // The token first, in its own file (kept apart from the cached data).
        store_.set_token(enrollment->token);
        Transaction txn(store_.db(), Transaction::Durability::Full);
        const auto previous = store_.meta("terminal_id");
        new_identity = previous && *previous != enrollment->terminal_id;
        store_.set_meta("terminal_id", enrollment->terminal_id);
        store_.set_meta("store_id", enrollment->store_id);
        store_.db()
            .prepare("DELETE FROM meta WHERE key IN ('revoked_at', 'wipe_ordered_at', 'wiped_at')")
            .run();
        txn.commit();
    } catch (const DbException& e) {
        log::error("sync", std::string("enrollment not stored: ") + e.what());
        return Error{Errc::DbIo, "not_set_up.not_saved", e.what()};
    }
    client_.set_token(enrollment->token);
    revoked_ = false;
    wipe_ordered_ = false;
    if (new_identity) {
        log::info("sync", "enrolled again under a new terminal id: re-linking the queue");
        // Both steps are also safe to leave undone: an out_of_order answer re-links a command,
        // and the old cursor is still a valid position in the feed.
        if (auto relinked = relink_for_new_terminal(store_); !relinked)
            log::error("sync", "queue not re-linked: " + relinked.error().detail);
        if (auto reset = reset_cursor(store_); !reset)
            log::error("sync", "feed not restarted: " + reset.error().detail);
    }
    board_.update([&](SyncStatus& s) {
        s.enrolled = true;
        s.revoked = false;
        s.wipe_ordered = false;
        s.wiped = false;
        s.last_error.clear();
        s.terminal_id = enrollment->terminal_id;
        s.store_id = enrollment->store_id;
    });
    return Ok{};
}

Status SyncEngine::renew_token() {
    auto renewed = client_.renew();
    if (!renewed) return renewed.error();
    try {
        store_.set_token(renewed->token);
    } catch (const DbException& e) {
        // Never use a token that is not stored: the service retires the old one on the new
        // one's first use, and a restart would then find neither. The old one renews again.
        log::error("sync", std::string("renewed token not stored, not used: ") + e.what());
        return Error{Errc::DbIo,
                     "error.token_not_saved",
                     e.what()};
    }
    client_.set_token(renewed->token);
    log::info("sync", "token renewed and stored");
    return Ok{};
}

template <typename Call>
auto SyncEngine::with_renewal(Call&& call) -> decltype(call()) {
    auto result = call();
    if (result || result.error().code != Errc::TokenExpired) return result;
    if (auto renewed = renew_token(); !renewed) return renewed.error();
    return call();
}

CycleResult SyncEngine::cycle(bool force) {
    if (!enrolled()) return CycleResult::NotEnrolled;
    if (revoked_) return CycleResult::Revoked;
    CycleResult pushed = CycleResult::Synced;
    if (force || push_due()) pushed = push();
    if (pushed == CycleResult::Unauthorized || pushed == CycleResult::Revoked) return pushed;
    // The feed is pulled whatever the push did: a command that cannot be sent never stops it.
    CycleResult pulled = CycleResult::Synced;
    if (force || pull_due()) pulled = pull();
    if (pulled == CycleResult::Unauthorized || pulled == CycleResult::Revoked) return pulled;
    if (pushed == CycleResult::LocalFailure || pulled == CycleResult::LocalFailure)
        return CycleResult::LocalFailure;
    if (pulled != CycleResult::Synced) return pulled;
    return pushed;
}

CycleResult SyncEngine::push() {
    if (!enrolled()) return CycleResult::NotEnrolled;
    if (revoked_) return CycleResult::Revoked;
    return push_round();
}

CycleResult SyncEngine::push_round() {
    bool single_mode = false;       // after a batch-level rejection: one command at a time
    std::set<std::string> waiting;  // lanes the service asked to send again later
    for (;;) {
        auto batch = next_batch(store_, single_mode ? 1 : config_.batch_size, waiting);
        if (!batch) return local_failure(batch.error());
        if (batch->empty()) break;
        std::vector<std::int64_t> seqs;
        for (const auto& c : *batch) seqs.push_back(c.seq);
        const Millis asked = clock_.now();
        auto answer = with_renewal([&] { return client_.push(*batch); });
        if (!answer) {
            (void)note_attempts(store_, seqs, to_string(answer.error().code), clock_.now());
            CycleResult r = on_push_error(answer.error(), *batch, single_mode);
            if (r == CycleResult::Synced) continue;  // narrowed down or held: go on
            return r;
        }
        reached(clock_.now() - asked);
        auto recorded = record_results(store_, answer->answered, clock_.now());
        board_.bump_data();
        if (!recorded) return local_failure(recorded.error());
        for (const auto& [id, result] : answer->answered) {
            if (result.status == "refused")
                log::info("sync", "command " + id + ": refused by the service (" + result.code +
                                      ")");
            else
                log::debug("sync", "command " + id + ": applied");
        }
        for (const auto& retry : answer->retry) {
            const auto it = std::find_if(batch->begin(), batch->end(), [&](const OutboxEntry& c) {
                return c.command_id == retry.command_id;
            });
            if (it == batch->end()) continue;
            (void)note_attempts(store_, {it->seq}, "retry:" + retry.code, clock_.now());
            bool relinked = false;
            if (retry.code == "out_of_order") {
                auto changed = relink_after_out_of_order(store_, retry.command_id,
                                                         retry.missing_seq);
                if (!changed) return local_failure(changed.error());
                relinked = *changed;
            }
            log::info("sync", "command " + retry.command_id + ": retry (" + retry.code + ")" +
                                  (relinked ? ", lane re-linked" : ""));
            // A re-linked command goes again in this round; any other waits for the next one.
            if (!relinked) waiting.insert(it->lane);
        }
    }
    // Retries inside one round never loop: every retried lane is left out of the next batch.
    if (!waiting.empty()) {
        Error why{Errc::Unavailable, "error.retry_later", "retry"};
        failed(push_, why);
        return CycleResult::Stalled;
    }
    push_ = {};
    publish_retry();
    return CycleResult::Synced;
}

CycleResult SyncEngine::on_push_error(const Error& error, const std::vector<OutboxEntry>& batch,
                                      bool& single_mode) {
    const Millis now = clock_.now();
    switch (error.code) {
        case Errc::Rejected:
        case Errc::NotFound:
            reached(std::nullopt);
            // The service called the request itself invalid: a terminal bug. Narrow it down to
            // one command and hold that one for staff; it is never shown as refused.
            if (batch.size() > 1) {
                log::warn("sync", "batch of " + std::to_string(batch.size()) +
                                      " rejected (" + error.detail + "): sending one by one");
                single_mode = true;
                return CycleResult::Synced;
            }
            log::error("sync", "command " + batch.front().command_id + ": rejected (" +
                                   error.detail + "), held for staff");
            if (auto held = hold_command(store_, batch.front().command_id, held_reason(error), now);
                !held)
                return local_failure(held.error());
            board_.bump_data();
            return CycleResult::Synced;
        case Errc::Unauthorized:
        case Errc::TokenExpired:
        case Errc::Revoked:
            return failed(push_, error);
        case Errc::DbIo:
            return local_failure(error);
        default:
            if (is_cancelled(cancelled_)) return CycleResult::Offline;
            log::info("sync", "push of " + std::to_string(batch.size()) + " commands: transient (" +
                                  error.detail + "), all stay pending");
            return failed(push_, error);
    }
}

CycleResult SyncEngine::pull(int wait_s, std::function<bool()> cancelled) {
    if (!enrolled()) return CycleResult::NotEnrolled;
    if (revoked_) return CycleResult::Revoked;
    if (wipe_ordered_) return continue_wipe();
    if (!cancelled) cancelled = cancelled_;
    wipe_seen_ = false;
    const CycleResult pulled = pull_pages(wait_s, cancelled);
    if (wipe_seen_) {
        note_wipe_ordered();
        return continue_wipe();
    }
    if (pulled == CycleResult::Synced) {
        housekeeping();
        maybe_heartbeat();
        if (wipe_ordered_) return continue_wipe();
    }
    return pulled;
}

nlohmann::json SyncEngine::health() {
    const Millis now = clock_.now();
    const OutboxCounts counts = outbox_counts(store_);
    const auto stuck = stuck_lanes(store_);
    nlohmann::json h = {
        {"version", settings::version()},
        {"queue_depth", counts.pending},
        {"oldest_pending_age_ms",
         counts.pending > 0 && counts.oldest_pending > 0 ? std::max<Millis>(0, now - counts.oldest_pending)
                                                         : 0},
        {"stuck_lanes", stuck ? static_cast<std::int64_t>(stuck->size()) : 0},
        {"last_sync_at", board_.read().last_sync},
        {"refused", counts.refused},
        {"free_disk_bytes", free_disk_bytes(store_.path())},
        {"sent_at", now}};
    if (clock_offset_) h["clock_offset_ms"] = *clock_offset_;
    return h;
}

void SyncEngine::maybe_heartbeat() {
    if (config_.heartbeat_interval <= 0) return;
    const Millis asked = clock_.now();
    if (asked < next_heartbeat_) return;
    next_heartbeat_ = asked + config_.heartbeat_interval;
    auto answer = with_renewal([&] { return client_.heartbeat(health()); });
    if (!answer) {
        log::info("sync", "heartbeat not sent (" + answer.error().detail + ")");
        return;
    }
    const Millis answered = clock_.now();
    if (answer->server_time > 0)
        clock_offset_ = asked + (answered - asked) / 2 - answer->server_time;
    if (answer->wipe) note_wipe_ordered();
}

void SyncEngine::note_wipe_ordered() {
    if (wipe_ordered_) return;
    log::warn("sync", "the operator ordered this terminal wiped: sending the queue, then "
                      "deleting its customer data");
    wipe_ordered_ = true;
    // Not stored: still ordered for this run; the next start learns it again from the service.
    stamp("wipe_ordered_at", "wipe order");
    board_.update([&](SyncStatus& s) { s.wipe_ordered = true; });
    board_.bump_data();
}

CycleResult SyncEngine::continue_wipe() {
    // 1. Everything the service can still take reaches it first. A revoked terminal's service
    // takes nothing more: the wipe goes on, with no report.
    const CycleResult pushed = revoked_ ? CycleResult::Revoked : push_round();
    if (pushed != CycleResult::Synced && pushed != CycleResult::Revoked) return pushed;
    // 2. Then the customer data goes (again, after a crash: it is idempotent).
    if (auto wiped = wipe_customer_data(store_); !wiped) return local_failure(wiped.error());
    board_.bump_data();
    // 3. The service records it and revokes the token; an answer already revoked means an
    // earlier report arrived and its answer was lost.
    Status reported = pushed == CycleResult::Revoked
                          ? Status(Error{Errc::Revoked, "error.terminal_revoked", "revoked"})
                          : with_renewal([&] { return client_.report_wiped(); });
    if (!reported && reported.error().code != Errc::Revoked) {
        log::info("sync", "wipe done here, not yet reported (" + reported.error().detail + ")");
        return failed(pull_, reported.error());
    }
    log::warn("sync", "wipe done and reported: syncing stops until the terminal is enrolled again");
    revoked_ = true;
    // Not stored: the next start reports again and is answered terminal_revoked, the same end.
    stamp("wiped_at", "wipe end");
    board_.update([&](SyncStatus& s) {
        s.wiped = true;
        s.revoked = true;
        s.online = false;
        s.next_retry = 0;
        s.last_error = "error.terminal_wiped";
    });
    return CycleResult::Revoked;
}

void SyncEngine::housekeeping() {
    const Millis now = clock_.now();
    if (now < next_housekeeping_) return;
    next_housekeeping_ = now + kHousekeepingEvery;
    forget_unserved(now);
    OutboxRetention retention;
    retention.answered_commands = config_.answered_command_retention;
    retention.confirmed_photo_bytes = config_.confirmed_photo_retention;
    auto pruned = prune_outbox(store_, now, retention);
    if (!pruned) {
        log::error("sync", "outbox not pruned: " + pruned.error().detail);
    } else if (pruned->commands > 0 || pruned->photos > 0) {
        board_.bump_data();
    }
    if (config_.vacuum_steps_per_run <= 0) return;
    auto vacuumed =
        vacuum_free_pages(store_, config_.vacuum_pages_per_step, config_.vacuum_steps_per_run);
    if (!vacuumed)
        log::error("sync", "free pages not given back: " + vacuumed.error().detail);
    else if (vacuumed->freed_pages > 0)
        log::debug("sync", std::to_string(vacuumed->freed_pages) + " free pages given back, " +
                               std::to_string(vacuumed->free_pages) + " left");
}

void SyncEngine::forget_unserved(Millis now) {
    if (config_.customer_retention <= 0) return;
    std::optional<std::string> own_store;
    try {
        own_store = store_.meta("store_id");
    } catch (const DbException& e) {
        log::error("sync", std::string("cache not tidied: ") + e.what());
        return;
    }
    if (!own_store || own_store->empty()) return;
    auto forgotten = forget_unserved_customers(store_, *own_store, now, config_.customer_retention);
    if (!forgotten) {
        log::error("sync", "cache not tidied: " + forgotten.error().detail);
    } else if (*forgotten > 0) {
        log::info("sync", std::to_string(*forgotten) + " customers not served for the retention "
                                                        "time forgotten");
        board_.bump_data();
    }
}

CycleResult SyncEngine::pull_pages(int wait_s, const std::function<bool()>& cancelled) {
    int rebootstraps = 0;
    CatchUp catch_up(store_);
    long_poll_refused_ = false;
    // A long poll's time is mostly waiting for news: only pages asked without waiting time the
    // round trip; a cycle with none reports the last one measured.
    std::optional<Millis> round_trip;
    std::future<Result<FeedPage>> ahead;  // the page after the one being applied
    // The changes of the page applied last: freed on the read-ahead thread, beside the local
    // writes.
    std::vector<Change> spent;
    for (;;) {
        std::optional<std::string> stored;
        try {
            stored = store_.meta("cursor");
        } catch (const DbException& e) {
            return local_failure(Error{Errc::DbIo, "error.local_unreadable",
                                       e.what()});
        }
        const std::string cursor = stored.value_or("");
        const bool waits = wait_s > 0;
        const Millis asked = clock_.now();
        const auto fetch = [&] {
            return client_.pull(cursor, config_.page_limit, wait_s, cancelled);
        };
        std::optional<Result<FeedPage>> fetched;
        if (ahead.valid()) {
            // The page read ahead follows the one just applied, whose cursor is now stored.
            fetched.emplace(ahead.get());
            if (!*fetched && fetched->error().code == Errc::TokenExpired)
                fetched.emplace(with_renewal(fetch));
        } else {
            fetched.emplace(with_renewal(fetch));
            if (*fetched && !waits) round_trip = clock_.now() - asked;
        }
        Result<FeedPage>& page = *fetched;
        if (!page) {
            const Error& error = page.error();
            if (error.code == Errc::Busy && wait_s > 0) {
                // No room for another long poll: the same page, without waiting.
                long_poll_refused_ = true;
                wait_s = 0;
                continue;
            }
            if (error.code == Errc::CursorExpired && rebootstraps++ < 2) {
                log::warn("sync", "feed cursor unknown to the service: downloading again");
                if (auto reset = reset_cursor(store_); !reset) return local_failure(reset.error());
                continue;
            }
            if (is_cancelled(cancelled)) return CycleResult::Offline;  // the caller's doing
            if (error.code == Errc::DbIo) return local_failure(error);
            log::info("sync", "pull: " + std::string(to_string(error.code)) + " (" +
                                  error.detail + ")");
            return failed(pull_, error);
        }
        wait_s = 0;
        // The next page is asked for while this one is applied: the service's work and the
        // network overlap the local writes. Only the client is used on the other thread.
        if (page->more) {
            try {
                catch_up.begin();
            } catch (const DbException& e) {
                return local_failure(Error{Errc::DbIo, "error.local_unreadable", e.what()});
            }
        }
        if (page->more)
            // Without the caller's `cancelled`: it may read the store, whose connection this
            // thread must not use (a request that does not wait needs no cancelling).
            ahead = std::async(std::launch::async,
                               [this, next = page->cursor, done = std::move(spent)]() mutable {
                                   std::vector<Change>().swap(done);
                                   return client_.pull(next, config_.page_limit, 0, {});
                               });
        if (page->wipe) wipe_seen_ = true;
        if (!page->changes.empty() || page->cursor != cursor) {
            auto applied = apply_page(store_, page->changes, page->cursor);
            if (!applied) return local_failure(applied.error());
            board_.bump_data();
        }
        if (!page->more) break;
        spent = std::move(page->changes);
    }
    pull_ = {};
    reached(round_trip);
    const Millis now = clock_.now();
    board_.update([&](SyncStatus& s) {
        s.last_sync = now;
        s.local_error.clear();
    });
    publish_retry();
    return CycleResult::Synced;
}

void SyncEngine::reached(std::optional<Millis> round_trip) {
    const Millis now = clock_.now();
    const int pending = outbox_counts(store_).pending;
    board_.update([&](SyncStatus& s) {
        if (!s.online) s.online_since = now;
        s.online = true;
        s.offline_since = 0;
        s.untrusted = false;
        const int last = s.history.empty() ? 0 : std::max(0, s.history.back().latency_ms);
        s.history.push_back({now, pending, round_trip ? static_cast<int>(*round_trip) : last});
    });
}

void SyncEngine::publish_retry() {
    const Millis next = std::min(push_.failures ? push_.retry_at : INT64_MAX,
                                 pull_.failures ? pull_.retry_at : INT64_MAX);
    const int failures = std::max(push_.failures, pull_.failures);
    board_.update([&](SyncStatus& s) {
        s.next_retry = next == INT64_MAX ? 0 : next;
        s.consecutive_failures = failures;
        if (failures == 0) s.last_error.clear();
    });
}

CycleResult SyncEngine::failed(Backing& backing, const Error& error) {
    const Millis now = clock_.now();
    if (error.code == Errc::Revoked) return mark_revoked(error);
    if (error.code == Errc::Unauthorized || error.code == Errc::TokenExpired) {
        log::error("sync", "the service rejected this terminal's token (" + error.detail + ")");
        board_.update([&](SyncStatus& s) {
            s.online = false;
            if (s.offline_since == 0) s.offline_since = now;
            s.last_error = "error.enroll_again";
        });
        return CycleResult::Unauthorized;
    }
    ++backing.failures;
    backing.retry_at = now + backoff_.delay(backing.failures);
    // Offline only when the service itself could not be reached (or not trusted: nothing sent).
    const bool untrusted = error.code == Errc::Untrusted;
    const bool unreachable = error.code == Errc::Network || untrusted;
    if (untrusted) log::error("sync", "the service's TLS certificate is not trusted (" + error.detail + ")");
    board_.update([&](SyncStatus& s) {
        s.untrusted = untrusted;
        if (unreachable) {
            if (s.online || s.offline_since == 0) s.offline_since = now;
            s.online = false;
            s.history.push_back({now, s.history.empty() ? 0 : s.history.back().pending, -1});
        }
        s.last_error = error.key;
    });
    publish_retry();
    return unreachable ? CycleResult::Offline : CycleResult::Stalled;
}

void SyncEngine::stamp(const char* key, const char* what) {
    try {
        Transaction txn(store_.db(), Transaction::Durability::Full);
        store_.set_meta(key, std::to_string(clock_.now()));
        txn.commit();
    } catch (const DbException& e) {
        log::error("sync", std::string(what) + " not stored: " + e.what());
    }
}

CycleResult SyncEngine::mark_revoked(const Error& error) {
    log::error("sync", "the operator disabled this terminal (" + error.detail +
                           "): syncing stops, the outbox is kept for a staff export");
    revoked_ = true;
    // Not stored: still revoked for this run; the next start asks the service once and learns it
    // again.
    stamp("revoked_at", "revocation");
    board_.update([&](SyncStatus& s) {
        s.revoked = true;
        s.online = false;
        s.next_retry = 0;
        s.last_error = "error.terminal_revoked";
    });
    return CycleResult::Revoked;
}

CycleResult SyncEngine::local_failure(const Error& error) {
    log::error("sync", "local database: " + error.detail);
    board_.update([&](SyncStatus& s) {
        s.local_error = error.key.empty() ? "error.storage" : error.key;
    });
    return CycleResult::LocalFailure;
}

}  // namespace tp::sync
