#include "storage/storage.hpp"

#include "storage/postgres_sql.hpp"
#include "storage/sqlite_sql.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

namespace tp::service::storage {

bool is_postgres_uri(const std::string& spec) {
    return spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0;
}

std::string printable_spec(const std::string& spec) {
    if (!is_postgres_uri(spec)) return spec;
    std::string out = spec;
    const std::size_t authority = out.find("://") + 3;
    const std::size_t end = std::min(out.find_first_of("/?", authority), out.size());
    const std::size_t at = out.rfind('@', end);
    if (at != std::string::npos && at >= authority) {
        const std::size_t colon = out.find(':', authority);
        if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
    for (std::size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
        const std::size_t value = p + 9;
        const std::size_t stop = std::min(out.find('&', value), out.size());
        out.replace(value, stop - value, "***");
    }
    return out;
}

std::unique_ptr<Sql> connect(const std::string& spec) {
    return is_postgres_uri(spec) ? open_postgres(spec) : open_sqlite(spec);
}

Storage::Storage(Connect connect, int size) : connect_(std::move(connect)), size_(size < 1 ? 1 : size) {}

void Storage::Lease::release() noexcept {
    if (sql_) owner_->give_back(std::move(sql_));
}

Storage::Lease Storage::lease(bool gives_way) {
    std::unique_lock lock(mutex_);
    auto free = [&] { return !idle_.empty() || opened_ < size_; };
    if (gives_way) {
        returned_late_.wait(lock, [&] { return free() && waiting_ == 0; });
    } else {
        ++waiting_;
        returned_.wait(lock, free);
        --waiting_;
    }
    std::unique_ptr<Sql> sql;
    if (!idle_.empty()) {
        sql = std::move(idle_.back());
        idle_.pop_back();
    } else {
        ++opened_;
    }
    if (waiting_ == 0 && free()) returned_late_.notify_one();
    lock.unlock();
    if (sql) return Lease(*this, std::move(sql));
    try {
        return Lease(*this, connect_());
    } catch (...) {
        lock.lock();
        --opened_;
        wake_one();
        throw;
    }
}

void Storage::wake_one() {
    if (waiting_ > 0)
        returned_.notify_one();
    else
        returned_late_.notify_one();
}

void Storage::give_back(std::unique_ptr<Sql> sql) {
    std::lock_guard lock(mutex_);
    if (sql->usable()) {
        idle_.push_back(std::move(sql));
    } else {
        --opened_;  // a lost connection is closed; the next lease opens a new one
    }
    wake_one();
}

void Storage::drop_idle() {
    std::vector<std::unique_ptr<Sql>> closing;
    {
        std::lock_guard lock(mutex_);
        opened_ -= static_cast<int>(idle_.size());
        closing.swap(idle_);
    }
    returned_.notify_all();
    returned_late_.notify_all();
}

void Storage::pause_before(int attempt) {
    // 1, 2, 4 … ms, up to 64, with jitter so that the losers of one race do not meet again.
    thread_local std::minstd_rand random{std::random_device{}()};
    const int ceiling = 1 << std::min(attempt - 1, 6);
    std::uniform_int_distribution<int> pick(ceiling / 2, ceiling);
    std::this_thread::sleep_for(std::chrono::milliseconds(pick(random)));
}

}  // namespace tp::service::storage
