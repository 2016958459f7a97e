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
std::string clock_text(Millis utc_ms);

// Width at text scale 1 that the offline banner keeps free of text on its right, so the sync
// corner can sit over it.
inline constexpr float kStatusCornerReserve = 300.0f;

// A full-width strip at the cursor: "Offline since 14:02" and a line saying requests are saved
// and will be sent. Draws nothing when `online`.
void offline_banner(UiContext& ctx, bool online, std::string_view since_text);

// The same strip in the danger colours when `failed`: this terminal could not read its own data
// (AppSnapshot::local_failure), so what the screen shows may be incomplete; staff should look.
// Draws nothing otherwise.
void local_failure_banner(UiContext& ctx, bool failed);
// "This terminal has been disabled": the operator revoked it; shown on every screen while so.
void revoked_banner(UiContext& ctx, bool revoked);

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
