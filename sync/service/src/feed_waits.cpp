#include "feed_waits.hpp"

#include <algorithm>
#include <charconv>

namespace tp::service {
namespace {

// At most this many polls' pages in one unit of work.
constexpr std::size_t kBatch = 100;

}  // namespace

FeedWaits::FeedWaits(storage::Storage& pool, std::string epoch, int readers)
    : pool_(pool), epoch_(std::move(epoch)), max_readers_(std::max(1, readers)) {}

void FeedWaits::observed(std::uint64_t generation, std::int64_t newest) {
    std::lock_guard lock(mutex_);
    if (!observed_newest_ || generation > observed_generation_ ||
        (generation == observed_generation_ && newest > *observed_newest_)) {
        observed_generation_ = generation;
        observed_newest_ = newest;
    }
}

std::optional<std::uint64_t> FeedWaits::wait_without_read(std::int64_t seq) const {
    std::lock_guard lock(mutex_);
    if (observed_newest_ && *observed_newest_ == seq) return observed_generation_;
    return std::nullopt;
}

FeedPage FeedWaits::empty_page(std::int64_t seq) const {
    FeedPage page;
    page.cursor = encode_cursor(epoch_, seq);
    return page;
}

std::optional<std::int64_t> FeedWaits::cursor_seq(const std::string& cursor) const {
    if (cursor.size() <= epoch_.size() + 1 || cursor.compare(0, epoch_.size(), epoch_) != 0 ||
        cursor[epoch_.size()] != '-')
        return std::nullopt;
    std::int64_t seq = -1;
    const char* first = cursor.data() + epoch_.size() + 1;
    const char* last = cursor.data() + cursor.size();
    auto [end, ec] = std::from_chars(first, last, seq);
    if (ec != std::errc() || end != last || seq < 0) return std::nullopt;
    return seq;
}

FeedPage FeedWaits::read(const TerminalIdentity& terminal, std::int64_t after_seq, int limit,
                         std::uint64_t generation) {
    Request mine{&terminal, after_seq, limit, generation, {}, nullptr};
    std::unique_lock lock(mutex_);
    pending_.push_back(&mine);
    while (!mine.done) {
        if (readers_ >= max_readers_ || pending_.empty()) {
            done_.wait(lock);
            continue;
        }
        // Read for every poll waiting to, this one among them, until this one has its page.
        ++readers_;
        while (!mine.done && !pending_.empty()) {
            const std::size_t n = std::min(pending_.size(), kBatch);
            std::vector<Request*> batch(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
            pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
            lock.unlock();
            read_batch(batch);
            lock.lock();
            for (Request* r : batch) r->done = true;
            done_.notify_all();
        }
        --readers_;
        done_.notify_all();  // what is still pending finds a reader among its own
    }
    lock.unlock();
    if (mine.error) std::rethrow_exception(mine.error);
    return std::move(mine.page);
}

void FeedWaits::read_batch(const std::vector<Request*>& batch) {
    // Every request's generation was read before it was queued, so before this unit's snapshot.
    std::uint64_t generation = 0;
    for (const Request* r : batch) generation = std::max(generation, r->generation);
    try {
        std::int64_t newest = 0;
        std::vector<FeedPage> pages = pool_.read([&](Sql& db) {
            auto stmt = db.prepare("SELECT COALESCE(MAX(seq), 0) FROM changes");
            newest = stmt.step() ? stmt.int64(0) : 0;
            std::vector<FeedPage> out;
            out.reserve(batch.size());
            for (const Request* r : batch)
                out.push_back(r->after >= newest ? empty_page(r->after)
                                                 : read_page(db, *r->terminal, epoch_, r->after, r->limit));
            return out;
        });
        for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->page = std::move(pages[i]);
        observed(generation, newest);
    } catch (...) {
        const std::exception_ptr error = std::current_exception();
        for (Request* r : batch) r->error = error;
    }
}

}  // namespace tp::service
