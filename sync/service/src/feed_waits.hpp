#pragma once
// What long polls read while they wait (protocol §5). A change wakes every waiting poll at once;
// their reads then run together: the polls woken together share one unit of work (one
// transaction, one snapshot) and one look at the newest change, and a poll whose cursor is
// already at the newest change reads no page at all. A renewed poll whose cursor is the newest
// change this instance has seen, with no change heard since, waits without reading.

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth.hpp"
#include "change_feed.hpp"
#include "storage/storage.hpp"

namespace tp::service {

class FeedWaits {
  public:
    // Reads run on `pool`, at most `readers` units at once (the pool's size).
    FeedWaits(storage::Storage& pool, std::string epoch, int readers);
    FeedWaits(const FeedWaits&) = delete;
    FeedWaits& operator=(const FeedWaits&) = delete;

    // A feed read that began after the notifier's generation was `generation` saw `newest` as
    // the newest change.
    void observed(std::uint64_t generation, std::int64_t newest);
    // When `seq` is the newest change observed: the generation that observation began after, to
    // wait on instead of reading (every change past `seq` moves the notifier past it). Nothing
    // when a read is needed.
    std::optional<std::uint64_t> wait_without_read(std::int64_t seq) const;

    // The page read_page answers for `terminal` after `after_seq`, read together with the other
    // polls waiting to read now. `generation` is the notifier's, read before this call. Throws
    // what the read threw.
    FeedPage read(const TerminalIdentity& terminal, std::int64_t after_seq, int limit,
                  std::uint64_t generation);

    // An empty page whose cursor stays at `seq`.
    FeedPage empty_page(std::int64_t seq) const;
    // The seq of a cursor of this epoch; nothing when it is malformed or another epoch's.
    std::optional<std::int64_t> cursor_seq(const std::string& cursor) const;

  private:
    struct Request {
        const TerminalIdentity* terminal;
        std::int64_t after;
        int limit;
        std::uint64_t generation;
        FeedPage page;
        std::exception_ptr error;
        bool done = false;
    };
    // Reads `batch` in one unit of work and observes its newest change.
    void read_batch(const std::vector<Request*>& batch);

    storage::Storage& pool_;
    const std::string epoch_;
    const int max_readers_;
    mutable std::mutex mutex_;
    std::condition_variable done_;
    std::vector<Request*> pending_;
    int readers_ = 0;
    std::uint64_t observed_generation_ = 0;
    std::optional<std::int64_t> observed_newest_;
};

}  // namespace tp::service
