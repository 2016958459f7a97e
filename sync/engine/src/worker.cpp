#include "touchpoint/sync/worker.hpp"

#include <algorithm>

namespace tp::sync {

SyncWorker::SyncWorker(std::unique_ptr<SyncEngine> engine, Transport& transport,
                       WorkerConfig config)
    : engine_(std::move(engine)), transport_(transport), config_(config) {
    engine_->set_cancelled([this] { return stopping_.load(); });
}

SyncWorker::~SyncWorker() {
    stop();
}

void SyncWorker::start() {
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void SyncWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    transport_.wake();
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void SyncWorker::notify() {
    {
        std::lock_guard lock(mutex_);
        kicked_ = true;
    }
    // Ends a long poll at once; a push or page in flight is not cancelled (see run()).
    transport_.wake();
    wake_.notify_all();
}

bool SyncWorker::take_kick() {
    std::lock_guard lock(mutex_);
    return std::exchange(kicked_, false);
}

void SyncWorker::run() {
    while (!stopping_) {
        const bool kicked = take_kick();
        // A kick (new command, reconnect) sends now, whatever the pusher's backoff says.
        if (engine_->revoked()) {  // disabled by the operator: nothing is sent any more
            idle(config_.idle_poll_ms);
            continue;
        }
        if (kicked || engine_->push_due()) {
            const CycleResult pushed = engine_->push();
            if (pushed == CycleResult::Unauthorized || pushed == CycleResult::Revoked) {
                idle(config_.idle_poll_ms);
                continue;
            }
        }
        if (stopping_) return;
        CycleResult pulled = CycleResult::Offline;
        if (engine_->pull_due()) {
            // Long-poll unless a kick is waiting or the pusher is about to retry; only this wait
            // is cut short by a kick.
            int wait_s = config_.long_poll_s;
            if (const Millis retry = engine_->push_retry_at(); retry > 0) {
                const Millis left = retry - engine_->now();
                if (left < 1000) {
                    idle(std::max<Millis>(left, 1));
                    continue;
                }
                wait_s = static_cast<int>(std::min<Millis>(left / 1000, wait_s));
            }
            {
                std::lock_guard lock(mutex_);
                if (kicked_) continue;
            }
            pulled = engine_->pull(wait_s, [this] {
                std::lock_guard lock(mutex_);
                return kicked_ || stopping_;
            });
            if (pulled == CycleResult::Synced && !engine_->long_poll_refused()) continue;
        }
        idle(config_.idle_poll_ms);
    }
}

void SyncWorker::idle(Millis ms) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return stopping_ || kicked_; });
}

}  // namespace tp::sync
