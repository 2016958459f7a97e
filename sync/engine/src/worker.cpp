#include "touchpoint/sync/worker.hpp"

namespace tp::sync {

SyncWorker::SyncWorker(std::unique_ptr<SyncEngine> engine, Transport& transport,
                       WorkerConfig config)
    : engine_(std::move(engine)), transport_(transport), config_(config) {}

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
    transport_.interrupt();
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void SyncWorker::notify() {
    {
        std::lock_guard lock(mutex_);
        kicked_ = true;
    }
    transport_.interrupt();
    wake_.notify_all();
}

void SyncWorker::run() {
    for (;;) {
        bool kicked = false;
        {
            std::unique_lock lock(mutex_);
            if (stopping_) return;
            kicked = std::exchange(kicked_, false);
        }
        CycleResult result = CycleResult::Offline;
        if (kicked || engine_->due()) {
            result = engine_->cycle();
            if (result == CycleResult::Synced) {
                {
                    std::lock_guard lock(mutex_);
                    if (stopping_ || kicked_) continue;
                }
                result = engine_->wait_for_changes(config_.long_poll_s, [this] {
                    std::lock_guard lock(mutex_);
                    return kicked_ || stopping_;
                });
                std::lock_guard lock(mutex_);
                if (kicked_ || stopping_) continue;
                if (result == CycleResult::Synced) continue;
            }
        }
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, std::chrono::milliseconds(config_.idle_poll_ms),
                       [&] { return stopping_ || kicked_; });
    }
}

}  // namespace tp::sync
