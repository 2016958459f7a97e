#pragma once
// Applying the service's change feed to the local cache. A page is applied in one transaction
// together with the cursor that follows it, so a crash leaves either the whole page and its
// cursor or neither. Applying never touches the overlay columns of pending commands (no flicker
// back); confirmed commands' overlays are dropped once the cache holds the version the service
// reported for them.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "touchpoint/error.hpp"
#include "touchpoint/store.hpp"

namespace tp {

struct Change {
    std::string type;  // customer, case, intray, interaction, offer, work_order, staff
    std::string id;
    nlohmann::json data;  // the whole entity; null when it left the scope
    // `data` as JSON text, as the service sent it: the cache stores it (a customer's without
    // whitespace between tokens) instead of writing `data` out again; empty: `data` is written
    // out. The caller keeps the two the same entity.
    std::string text = {};
};

// Applies `changes` and stores `next_cursor`, atomically. Entities of unknown type are skipped
// (a newer service may send more); an entity that does not decode fails the whole page with
// InvalidInput and nothing is applied.
Status apply_page(Store& store, const std::vector<Change>& changes, const std::string& next_cursor);
// The same, for entities fetched outside the feed (a customer's context): the cursor is kept.
Status apply_entities(Store& store, const std::vector<Change>& changes);

// Held while page after page is applied (a bootstrap, a long absence): SQLite checkpoints the
// WAL every 16,384 pages written (64 MB of WAL at most) instead of every 1,000 — which copied
// the same database pages back again and again — and once more when it ends (its destruction),
// passively: it copies what no reader still needs and never makes a writer wait. begin() throws
// DbException; a failing final checkpoint is logged and left to SQLite's next automatic one.
class CatchUp {
  public:
    explicit CatchUp(Store& store) : store_(store) {}
    ~CatchUp();
    CatchUp(const CatchUp&) = delete;
    CatchUp& operator=(const CatchUp&) = delete;
    void begin();

  private:
    Store& store_;
    bool on_ = false;
};

// Forgets the feed cursor so the next pull bootstraps the whole scope again. The cache, the
// overlays of pending commands and the outbox stay; bootstrap pages overwrite server state.
Status reset_cursor(Store& store);

}  // namespace tp
