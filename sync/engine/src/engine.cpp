#include "touchpoint/sync/engine.hpp"

#include "touchpoint/cache.hpp"
#include "touchpoint/outbox.hpp"

namespace tp::sync {

SyncEngine::SyncEngine(Store& store, Transport& transport, const Clock& clock, StatusBoard& board,
                       EngineConfig config)
    : store_(store),
      clock_(clock),
      board_(board),
      config_(config),
      client_(transport),
      backoff_(config.backoff, config.seed) {
    if (auto token = store_.meta("token")) client_.set_token(*token);
    const auto terminal_id = store_.meta("terminal_id").value_or("");
    const auto store_id = store_.meta("store_id").value_or("");
    board_.update([&](SyncStatus& s) {
        s.enrolled = !client_.token().empty();
        s.terminal_id = terminal_id;
        s.store_id = store_id;
    });
}

bool SyncEngine::enrolled() {
    return !client_.token().empty();
}

bool SyncEngine::due() const {
    return failures_ == 0 || clock_.now() >= next_retry_;
}

Status SyncEngine::enroll(const std::string& code, const std::string& terminal_name) {
    auto enrollment = client_.enroll(code, terminal_name);
    if (!enrollment) return enrollment.error();
    try {
        Transaction txn(store_.db(), Transaction::Durability::Full);
        store_.set_meta("token", enrollment->token);
        store_.set_meta("terminal_id", enrollment->terminal_id);
        store_.set_meta("store_id", enrollment->store_id);
        txn.commit();
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "The enrollment could not be saved on this terminal.", e.what()};
    }
    client_.set_token(enrollment->token);
    board_.update([&](SyncStatus& s) {
        s.enrolled = true;
        s.terminal_id = enrollment->terminal_id;
        s.store_id = enrollment->store_id;
    });
    return Ok{};
}

bool SyncEngine::renew_token() {
    auto renewed = client_.renew();
    if (!renewed) return false;
    try {
        Transaction txn(store_.db(), Transaction::Durability::Full);
        store_.set_meta("token", renewed->token);
        txn.commit();
    } catch (const DbException&) {
        // The new token still works for this run; the old one renews again next start.
    }
    client_.set_token(renewed->token);
    return true;
}

template <typename Call>
auto SyncEngine::with_renewal(Call&& call) -> decltype(call()) {
    auto result = call();
    if (!result && result.error().code == Errc::TokenExpired && renew_token()) return call();
    return result;
}

CycleResult SyncEngine::cycle() {
    if (!enrolled()) return CycleResult::NotEnrolled;
    const Millis started = clock_.now();
    if (auto pushed = push_all(); pushed != CycleResult::Synced) return pushed;
    if (auto pulled = pull_all(0); pulled != CycleResult::Synced) return pulled;
    succeed(started);
    return CycleResult::Synced;
}

CycleResult SyncEngine::wait_for_changes(int wait_s, const std::function<bool()>& interrupted) {
    if (!enrolled()) return CycleResult::NotEnrolled;
    const Millis started = clock_.now();
    auto pulled = pull_all(wait_s, interrupted);
    if (pulled == CycleResult::Synced) succeed(started);
    return pulled;
}

CycleResult SyncEngine::push_all() {
    const Millis started = clock_.now();
    for (;;) {
        auto batch = next_batch(store_, single_mode_ ? 1 : config_.batch_size);
        if (batch.empty()) {
            single_mode_ = false;
            return CycleResult::Synced;
        }
        std::vector<std::int64_t> seqs;
        for (const auto& c : batch) seqs.push_back(c.seq);
        auto answer = with_renewal([&] { return client_.push(batch); });
        (void)note_attempts(store_, seqs, answer ? "answered" : to_string(answer.error().code),
                            clock_.now());
        if (!answer) {
            const auto& error = answer.error();
            if (error.code == Errc::Service) {
                // A permanent rejection of the request itself. Narrow it to one command, and
                // mark that command refused so the queue goes on.
                if (batch.size() > 1) {
                    single_mode_ = true;
                    continue;
                }
                CommandResult refused{"refused", "rejected",  error.message,
                                      {},        {},          batch.front().case_id,
                                      0,         clock_.now()};
                (void)record_results(store_, {{batch.front().command_id, refused}}, clock_.now());
                board_.bump_data();
                continue;
            }
            return fail(error, started);
        }
        auto recorded = record_results(store_, answer->answered, clock_.now());
        board_.bump_data();
        if (!recorded) return fail(recorded.error(), started);
        if (answer->answered.empty())
            return fail(Error{Errc::Network, "The service asked to send again later.", "retry"},
                        started);
    }
}

CycleResult SyncEngine::pull_all(int wait_s, const std::function<bool()>& interrupted) {
    const Millis started = clock_.now();
    int rebootstraps = 0;
    for (;;) {
        const std::string cursor = store_.meta("cursor").value_or("");
        auto page = with_renewal([&] { return client_.pull(cursor, config_.page_limit, wait_s); });
        if (!page) {
            if (page.error().code == Errc::CursorExpired && rebootstraps++ < 2) {
                if (auto reset = reset_cursor(store_); !reset) return fail(reset.error(), started);
                continue;
            }
            if (interrupted && interrupted()) return CycleResult::Offline;
            return fail(page.error(), started);
        }
        wait_s = 0;
        if (!page->changes.empty() || page->cursor != cursor) {
            auto applied = apply_page(store_, page->changes, page->cursor);
            if (!applied) return fail(applied.error(), started);
            board_.bump_data();
        }
        if (!page->more) return CycleResult::Synced;
    }
}

void SyncEngine::publish_sample(Millis started, bool ok) {
    const int pending = outbox_counts(store_).pending;
    const Millis now = clock_.now();
    board_.update([&](SyncStatus& s) {
        s.history.push_back({now, pending, ok ? static_cast<int>(now - started) : -1});
    });
}

void SyncEngine::succeed(Millis started) {
    failures_ = 0;
    next_retry_ = 0;
    const Millis now = clock_.now();
    board_.update([&](SyncStatus& s) {
        if (!s.online) s.online_since = now;
        s.online = true;
        s.offline_since = 0;
        s.last_sync = now;
        s.next_retry = 0;
        s.consecutive_failures = 0;
        s.last_error.clear();
    });
    publish_sample(started, true);
}

CycleResult SyncEngine::fail(const Error& error, Millis started) {
    const Millis now = clock_.now();
    if (error.code == Errc::Unauthorized || error.code == Errc::TokenExpired) {
        board_.update([&](SyncStatus& s) {
            s.online = false;
            if (s.offline_since == 0) s.offline_since = now;
            s.last_error = "This terminal must be enrolled again.";
        });
        return CycleResult::Unauthorized;
    }
    ++failures_;
    next_retry_ = now + backoff_.delay(failures_);
    board_.update([&](SyncStatus& s) {
        if (s.online || s.offline_since == 0) s.offline_since = now;
        s.online = false;
        s.next_retry = next_retry_;
        s.consecutive_failures = failures_;
        s.last_error = error.message;
    });
    publish_sample(started, false);
    return CycleResult::Offline;
}

}  // namespace tp::sync
