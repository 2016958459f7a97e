#include "touchpoint/ui/demo_scene.hpp"

#include <imgui.h>

#include <algorithm>

#include "touchpoint/ui/qr.hpp"
#include "touchpoint/ui/status.hpp"
#include "touchpoint/ui/widgets.hpp"

namespace tp::ui {

void draw_demo_scene(UiContext& ctx, DemoScene& scene) {
    begin_screen(ctx, "demo");
    StatusStripValues strip;
    strip.online = scene.online;
    strip.since_text = scene.offline_since;
    status_strip(ctx, strip);

    const float spacing = ctx.theme().spacing();
    const float qr_side = 180.0f * ctx.theme().text_scale;
    const float left_w = ImGui::GetContentRegionAvail().x - qr_side - spacing * 2;

    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + left_w);
    title_text(ctx, ctx.tr("attract.title"));
    body_text(ctx, ctx.tr("attract.subtitle"));
    muted_text(ctx, "é ß ñ — ü ç · … « » € Œ ¿ ¡ “ ” ‘ ’ „");
    ImGui::PopTextWrapPos();
    const std::string requested = ctx.msg("timeline.requested_at_kiosk", {{"when", "14:02"}});
    chip(ctx, requested + " \u00B7 " + ctx.tr("status.waiting_to_sync"), ChipTone::Pending);
    ImGui::SameLine();
    chip(ctx, ctx.msg("status.confirmed", {{"when", "14:05"}}), ChipTone::Success);
    chip(ctx,
         ctx.msg("status.refused", {{"reason", ctx.tr("refusal.already_shipped")}}) + " \u00B7 " +
             ctx.tr("refusal.alternative.start_return"),
         ChipTone::Refused);
    ImGui::EndGroup();
    ImGui::SameLine(0.0f, spacing * 2);
    if (auto qr = encode_qr("https://touchpoint.example/c/TP-10042")) draw_qr(ctx, *qr, qr_side);

    FieldOptions field;
    field.focused = true;
    field.placeholder = ctx.tr("identify.name_placeholder");
    field.width = ImGui::GetContentRegionAvail().x * 0.5f;
    text_field(ctx, "demo.name", ctx.tr("identify.name_label"), scene.text, field);
    ImGui::SameLine();
    ButtonOptions primary;
    primary.tone = Tone::Primary;
    if (button(ctx, "attract.start", ctx.tr("attract.start"), primary)) ++scene.done_count;
    ImGui::SameLine();
    ButtonOptions disabled;
    disabled.enabled = false;
    button(ctx, "demo.refund", ctx.tr("action.refund_payout"), disabled);

    // The keyboard sits at the bottom, or right below the content when the screen is too short.
    const float bottom = ImGui::GetWindowHeight() - OnScreenKeyboard::height(ctx, {}) - ImGui::GetStyle().WindowPadding.y;
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), bottom));
    if (scene.keyboard.draw(ctx, scene.text) == KeyboardResult::Done) ++scene.done_count;
    end_screen();

    SyncCornerValues corner;
    corner.online = scene.online;
    corner.pending = scene.pending;
    sync_status_corner(ctx, corner);
}

}  // namespace tp::ui
