#pragma once
// Runs a SyncEngine on its own thread. It pushes at start-up, whenever notify() is called (a new
// command, a reconnect) and when the pusher's backoff expires; between pushes it long-polls the
// feed so changes from other channels arrive within a second. notify() ends a long poll at once
// but never a push in flight; stop() ends whatever is in flight.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "touchpoint/sync/engine.hpp"

namespace tp::sync {

struct WorkerConfig {
    int long_poll_s = 20;
    Millis idle_poll_ms = 1000;  // how often the worker re-checks when it cannot long-poll
};

class SyncWorker {
  public:
    // The worker owns its engine (and through it nothing else: references must outlive it).
    SyncWorker(std::unique_ptr<SyncEngine> engine, Transport& transport, WorkerConfig config = {});
    ~SyncWorker();
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    void start();
    void stop();
    // Sync as soon as possible (new command, reconnect). Callable from any thread.
    void notify();

  private:
    void run();
    bool take_kick();
    void idle(Millis ms);

    std::unique_ptr<SyncEngine> engine_;
    Transport& transport_;
    WorkerConfig config_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool kicked_ = true;  // sync at start-up
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace tp::sync
