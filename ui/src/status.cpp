#include "touchpoint/ui/status.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // BringWindowToDisplayFront

#include <algorithm>
#include <cfloat>
#include <ctime>

#include "touchpoint/ui/imgui_color.hpp"
#include "touchpoint/ui/widgets.hpp"

namespace tp::ui {

std::string clock_text(Millis utc_ms) {
    if (utc_ms == 0) return "\u2014";
    const std::time_t seconds = static_cast<std::time_t>(utc_ms / 1000);
    std::tm local{};
    localtime_r(&seconds, &local);
    char buf[8];
    std::strftime(buf, sizeof buf, "%H:%M", &local);
    return buf;
}

namespace {

// A full-width strip at the cursor in `background`: `title` in bold over `detail`, both in
// `foreground`, wrapped clear of the sync corner.
void banner(UiContext& ctx, const std::string& title, const char* detail, Color background, Color foreground) {
    const Theme& theme = ctx.theme();
    ImFont* bold = ctx.fonts().bold ? ctx.fonts().bold : ImGui::GetFont();
    ImFont* body = ctx.fonts().body ? ctx.fonts().body : ImGui::GetFont();
    ctx.widgets().add_text(title);
    ctx.widgets().add_text(detail);
    const float pad = theme.padding();
    const float width = ImGui::GetContentRegionAvail().x;
    // Text keeps clear of the top-right corner, where sync_status_corner draws.
    const float wrap = std::max(width - 2 * pad - kStatusCornerReserve * theme.text_scale, width * 0.5f);
    const float title_h = bold->CalcTextSizeA(bold->FontSize, FLT_MAX, wrap, title.c_str()).y;
    const float detail_h = body->CalcTextSizeA(body->FontSize, FLT_MAX, wrap, detail).y;
    const float height = title_h + detail_h + pad * 1.5f;
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + width, min.y + height);
    ImGui::Dummy(ImVec2(width, height));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(min, max, to_u32(background), theme.rounding());
    if (theme.kind == ThemeKind::HighContrast) dl->AddRect(min, max, to_u32(foreground), theme.rounding(), 0, 2.0f);
    dl->AddText(bold, bold->FontSize, ImVec2(min.x + pad, min.y + pad * 0.6f), to_u32(foreground), title.c_str(),
                nullptr, wrap);
    dl->AddText(body, body->FontSize, ImVec2(min.x + pad, min.y + pad * 0.6f + title_h + pad * 0.3f),
                to_u32(foreground), detail, nullptr, wrap);
}

}  // namespace

void offline_banner(UiContext& ctx, bool online, std::string_view since_text) {
    if (online) return;
    const Palette& p = ctx.theme().palette;
    banner(ctx, format(ctx.tr("offline.since"), {since_text}), ctx.tr("offline.detail"), p.offline, p.on_offline);
}

void local_failure_banner(UiContext& ctx, bool failed) {
    if (!failed) return;
    const Palette& p = ctx.theme().palette;
    banner(ctx, ctx.tr("local_failure.title"), ctx.tr("local_failure.detail"), p.danger, p.on_danger);
}

void revoked_banner(UiContext& ctx, bool revoked) {
    if (!revoked) return;
    const Palette& p = ctx.theme().palette;
    banner(ctx, ctx.tr("revoked.title"), ctx.tr("revoked.detail"), p.danger, p.on_danger);
}

bool sync_status_corner(UiContext& ctx, const SyncCornerValues& v) {
    const Theme& theme = ctx.theme();
    std::string text = "\u25CF ";  // ●: colour is never the only signal, the words say it too
    text += v.online ? ctx.tr("sync.online") : ctx.tr("sync.offline");
    if (v.pending > 0) text += " \u00B7 " + format(ctx.tr("sync.pending_count"), {std::to_string(v.pending)});
    if (v.show_refused && v.refused > 0)
        text += " \u00B7 " + format(ctx.tr("sync.refused_count"), {std::to_string(v.refused)});

    ImFont* font = ctx.fonts().small ? ctx.fonts().small : ImGui::GetFont();
    const float pad = theme.padding();
    const float width = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.c_str()).x + 2 * pad;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float margin = theme.spacing();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - margin, vp->Pos.y + margin), ImGuiCond_Always,
                            ImVec2(1.0f, 0.0f));
    ImGui::SetNextWindowBgAlpha(0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("##sync_corner", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing);
    // Above every screen window, including screens first drawn after it (dialogs drawn later still
    // go above it).
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    ButtonOptions bo;
    bo.font = font;
    bo.width = width;
    bo.height = kMinTouchTarget;
    bo.tone = v.online ? Tone::Secondary : Tone::KeySpecial;
    const bool tapped = button(ctx, "sync.corner", text, bo);
    ImGui::End();
    ImGui::PopStyleVar();
    return tapped;
}

}  // namespace tp::ui
