#include "storage/sqlite_checkpointer.hpp"

#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "touchpoint/log.hpp"

namespace tp::service::storage {
namespace {

class Checkpointer final : public SqliteCheckpointer {
  public:
    explicit Checkpointer(sqlite3* own) : own_(own), thread_([this] { run(); }) {}
    ~Checkpointer() override {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_one();
        thread_.join();
        sqlite3_close_v2(own_);
    }

    void attach(sqlite3* db) override { sqlite3_wal_hook(db, &Checkpointer::on_commit, this); }
    long long checkpoints() const override { return done_.load(); }

  private:
    static int on_commit(void* self, sqlite3* db, const char*, int frames) {
        if (frames >= kCatchUpFrames) {
            // The writer outruns the thread: a log only starts over once it is wholly copied
            // while no write is under way, so this connection copies it now, as SQLite would.
            sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        } else if (frames >= kWakeFrames) {
            static_cast<Checkpointer*>(self)->request();
        }
        return SQLITE_OK;
    }
    void request() {
        {
            std::lock_guard lock(mutex_);
            wanted_ = true;
        }
        wake_.notify_one();
    }
    void run() {
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return wanted_ || stopping_; });
            const bool last = stopping_;
            wanted_ = false;
            lock.unlock();
            checkpoint();
            lock.lock();
            if (last) return;
        }
    }
    void checkpoint() {
        int log_frames = 0;
        int copied = 0;
        const int rc = sqlite3_wal_checkpoint_v2(own_, nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                                 &log_frames, &copied);
        if (rc == SQLITE_OK)
            ++done_;
        else if (rc != SQLITE_BUSY)
            tp::log::warn("storage", std::string("WAL checkpoint failed: ") + sqlite3_errstr(rc));
    }

    sqlite3* own_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool wanted_ = false;
    bool stopping_ = false;
    std::atomic<long long> done_{0};
    std::thread thread_;  // last: starts once everything it uses exists
};

}  // namespace

std::shared_ptr<SqliteCheckpointer> checkpointer_for(const std::string& path) {
    // A database in memory has no log; a URI names its file in a form this does not read.
    if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) return nullptr;
    static std::mutex mutex;
    static std::map<std::string, std::weak_ptr<SqliteCheckpointer>> running;
    std::error_code ec;
    std::string key = std::filesystem::weakly_canonical(path, ec).string();
    if (ec || key.empty()) key = path;
    std::lock_guard lock(mutex);
    if (auto it = running.find(key); it != running.end())
        if (auto shared = it->second.lock()) return shared;
    sqlite3* own = nullptr;
    if (sqlite3_open_v2(path.c_str(), &own, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
        sqlite3_close_v2(own);
        return nullptr;
    }
    auto made = std::make_shared<Checkpointer>(own);
    std::erase_if(running, [](const auto& entry) { return entry.second.expired(); });
    running[key] = made;
    return made;
}

}  // namespace tp::service::storage
