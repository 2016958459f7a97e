#pragma once
// The connectivity widgets every screen shows. They take plain values the caller read from the
// app snapshot (tp::SyncStatus, outbox counts) and formatted times, so they stay free of the
// terminal's types and are trivial to test.

#include <string>
#include <string_view>

#include "touchpoint/domain.hpp"
#include "touchpoint/ui/context.hpp"

namespace tp::ui {

// "14:02" in the kiosk's local time zone; "—" for 0 (not set).
std::string clock_text(const UiContext& ui, Millis utc_ms);

struct StatusStripValues {
    bool online = true;
    bool revoked = false;        // the operator disabled this terminal
    bool local_failure = false;  // this terminal could not read its own data (AppSnapshot::local_failure)
    bool not_set_up = false;     // not enrolled with the case service: it cannot sync at all
    std::string since_text;      // when the terminal went offline, e.g. clock_text(status.offline_since)
};

// The strip at the top of every screen, under the sync corner. Online, offline and unable to read
// its data it is the same height (status_strip_height), so nothing below it moves under a finger
// when those come and go; disabled or not set up (no session goes on) may make it taller. Online and well it is
// empty; otherwise it says the most serious of: this terminal
// has been disabled; it cannot read its saved data (what is shown may be incomplete, staff should
// look); it is not set up (never "Offline since —"); "Offline since 14:02" and that requests are
// saved and sent.
void status_strip(UiContext& ctx, const StatusStripValues& values);
// The width the strip's text wraps at in a strip `width` wide (its text starts one padding in):
// clear of the sync corner at its widest (its widest text in this language and scale, offline with
// four-digit waiting and three-digit refused counts, or 35% of the window, past which its text
// wraps), so no count puts the corner over the strip's words and the strip's height never depends
// on a count.
float status_strip_wrap(const UiContext& ctx, float width);
// The strip's height at `width` showing `values`: the tallest of the offline message, the
// cannot-read message and the one `values` shows, in the current language and text scale; never less than a touch target.
float status_strip_height(const UiContext& ctx, float width, const StatusStripValues& values);

struct SyncCornerValues {
    bool online = true;
    int pending = 0;                  // commands waiting to sync
    int refused = 0;                  // refused and not dismissed (staff screens show it)
    std::string last_sync_text;       // e.g. clock_text(status.last_sync); empty: never
    bool show_refused = false;        // customers never see the refused count
};

// A compact status pill in the top-right corner of the screen (its own window, drawn over the
// screen): a coloured dot, online/offline, and the pending count. Registered as "sync.corner";
// returns true when tapped (staff screens open sync diagnostics).
bool sync_status_corner(UiContext& ctx, const SyncCornerValues& values);

}  // namespace tp::ui
