// What every screen shares: the status strip at the top, the sync corner over
// the screen, and the idle warning that offers more time before the privacy reset.
#include <imgui.h>

#include <string>

#include "screen_kit.hpp"
#include "touchpoint/ui/status.hpp"

namespace tp::ui {

void draw_screen_top(ScreenEnv& env) {
    StatusStripValues strip;
    strip.online = env.snap.sync.online;
    strip.revoked = env.snap.sync.revoked;
    // This screen's reads failed, or the sync engine's own use of the same database did.
    strip.local_failure = env.snap.local_failure.has_value() || !env.snap.sync.local_error.empty();
    strip.not_set_up = !env.snap.sync.enrolled;
    strip.since_text = clock_text(env.ui, env.snap.sync.offline_since);
    status_strip(env.ui, strip);
}

void draw_chrome(ScreenEnv& env) {
    SyncCornerValues corner;
    corner.online = env.snap.sync.online;
    corner.pending = env.snap.outbox.pending;
    corner.refused = env.snap.outbox.refused;
    corner.show_refused = is_staff(env.snap);
    corner.last_sync_text = env.snap.sync.last_sync ? clock_text(env.ui, env.snap.sync.last_sync) : "";
    if (sync_status_corner(env.ui, corner) && is_staff(env.snap) &&
        env.nav.screen != ScreenId::SyncDiagnostics)
        env.nav.go(ScreenId::SyncDiagnostics);

    if (env.snap.phase != SessionPhase::Warning || !env.snap.identity) return;
    const long seconds = static_cast<long>((env.snap.warning_remaining + 999) / 1000);
    begin_dialog(env.ui, "idle", 640.0f * env.ui.theme().text_scale);
    heading_text(env.ui, env.ui.tr("idle.title"));
    body_text(env.ui, env.ui.msg("idle.body", {{"seconds", static_cast<std::int64_t>(seconds)}}));
    ButtonOptions primary;
    primary.tone = Tone::Primary;
    if (button(env.ui, "idle.more_time", env.ui.tr("idle.more_time"), primary)) env.core.more_time();
    ImGui::SameLine();
    if (button(env.ui, "idle.finish", env.ui.tr("idle.finish"))) env.core.end_session();
    end_dialog();
}

}  // namespace tp::ui
