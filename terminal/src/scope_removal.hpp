#pragma once
// Internal: removing what left the terminal's scope — a customer forgotten after the retention
// time (retention.hpp) or sent by the feed as gone (a change with null data, cache.hpp) — with
// everything cached under them. What a pending command still needs stays: a case with a pending
// or held command or a refused one staff have not dismissed, or with a provisional mark; an
// in-tray item or work order with a local overlay. Their finished commands (confirmed, or
// refused or held and dismissed) go too, photos and texts included, after the seq high-water
// mark is kept (outbox_retention.hpp); a customer's confirmed commands are settled first (their
// overlays dropped), as the cache will not catch up with them.

#include <string>

#include "touchpoint/sqlite.hpp"

namespace tp::scope_removal {

// The customer's finished commands, in-tray items, interactions, offers, work orders, cases,
// visit record and their customer row. Returns how many commands were deleted. Throws
// DbException.
int remove_customer(Db& db, const std::string& customer_id);
// A case's finished commands, in-tray items and work order (the case row is the caller's).
// Returns how many commands were deleted. Throws DbException.
int remove_case_entities(Db& db, const std::string& case_id);

}  // namespace tp::scope_removal
