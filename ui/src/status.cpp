#include "touchpoint/ui/status.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // BringWindowToDisplayFront

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <ctime>
#include <optional>

#include "text_layout.hpp"
#include "touchpoint/ui/imgui_color.hpp"
#include "touchpoint/ui/widgets.hpp"

namespace tp::ui {

std::string clock_text(const UiContext& ui, Millis utc_ms) {
    if (utc_ms == 0) return "\u2014";
    return ui.msg("time.clock", {{"when", Moment{utc_ms}}});
}

namespace {

struct StripMessage {
    std::string title;
    const char* detail = "";
    Color background{}, foreground{};
};

// What the strip says in each state, most serious first; nothing when all is well.
std::optional<StripMessage> strip_message(const UiContext& ctx, const StatusStripValues& v) {
    const Palette& p = ctx.theme().palette;
    if (v.revoked) return StripMessage{ctx.tr("revoked.title"), ctx.tr("revoked.detail"), p.danger, p.on_danger};
    if (v.local_failure)
        return StripMessage{ctx.tr("local_failure.title"), ctx.tr("local_failure.detail"), p.danger, p.on_danger};
    if (v.not_set_up)
        return StripMessage{ctx.tr("not_set_up.title"), ctx.tr("not_set_up.strip"), p.offline, p.on_offline};
    if (!v.online)
        return StripMessage{ctx.msg("offline.since", {{"when", v.since_text}}), ctx.tr("offline.detail"), p.offline,
                            p.on_offline};
    return std::nullopt;
}

std::string paragraph(const StripMessage& m) { return m.title + " \u00B7 " + m.detail; }

// The caption size, as the sync corner beside it: the strip's room is kept on every screen, so it
// takes no more of the screen's height than it must.
ImFont* strip_font(const UiContext& ctx) {
    return ctx.fonts().small ? ctx.fonts().small : ctx.fonts().bold ? ctx.fonts().bold : ImGui::GetFont();
}

ImFont* corner_font(const UiContext& ctx) { return ctx.fonts().small ? ctx.fonts().small : ImGui::GetFont(); }

std::string corner_text(const UiContext& ctx, const SyncCornerValues& v) {
    std::string text = "\u25CF ";  // ●: colour is never the only signal, the words say it too
    text += v.online ? ctx.tr("sync.online") : ctx.tr("sync.offline");
    if (v.pending > 0) text += " \u00B7 " + ctx.msg("sync.pending_count", {{"count", static_cast<std::int64_t>(v.pending)}});
    if (v.show_refused && v.refused > 0)
        text += " \u00B7 " + ctx.msg("sync.refused_count", {{"count", static_cast<std::int64_t>(v.refused)}});
    return text;
}

const SyncCornerValues kWidestCorner{false, 9999, 999, "", true};

float corner_height(const UiContext& ctx, const std::string& text, float width) {
    ImFont* font = corner_font(ctx);
    const float pad = ctx.theme().padding();
    return std::ceil(std::max(kMinTouchTarget, detail::wrapped_height(font, font->FontSize, text, width - 2 * pad) + pad));
}

// The corner is never wider than its widest text in this language and scale (offline, four-digit
// waiting and three-digit refused counts) nor than 35% of the window: a longer text wraps inside
// it. The strip keeps that width free on its right.
float corner_max_width(const UiContext& ctx) {
    ImFont* font = corner_font(ctx);
    float widest = 0.0f;
    for (bool online : {true, false}) {
        SyncCornerValues v = kWidestCorner;
        v.online = online;
        const std::string text = corner_text(ctx, v);
        widest = std::max(widest, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.c_str()).x);
    }
    const float window = ImGui::GetMainViewport()->Size.x;
    return std::ceil(std::max(std::min(widest + 2 * ctx.theme().padding(), window * 0.35f), kMinTouchTarget));
}

}  // namespace

float status_strip_wrap(const UiContext& ctx, float width) {
    const Theme& theme = ctx.theme();
    const float corner = corner_max_width(ctx) + theme.spacing() * 2;  // and a gap before it
    return std::max(width - 2 * theme.padding() - corner, kMinTouchTarget);
}

float status_strip_height(const UiContext& ctx, float width, const StatusStripValues& values) {
    const Theme& theme = ctx.theme();
    ImFont* font = strip_font(ctx);
    const float wrap = status_strip_wrap(ctx, width);
    // Room for the offline and the cannot-read messages in this language whether or not they
    // show, so states that come and go mid-session move nothing; a terminal disabled or not set
    // up (no session goes on) may take more.
    float text_h = font->FontSize;
    StatusStripValues offline{false, false, false, false, "00:00"};
    StatusStripValues cannot_read{true, false, true, false, ""};
    for (const auto& v : {offline, cannot_read, values})
        if (const auto m = strip_message(ctx, v))
            text_h = std::max(text_h, font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, paragraph(*m).c_str()).y);
    // The sync corner (`spacing` from the top, at its tallest: its widest text wrapped at its
    // widest) sits inside the strip.
    const float corner_h = theme.spacing() + corner_height(ctx, corner_text(ctx, kWidestCorner), corner_max_width(ctx)) -
                           ImGui::GetStyle().WindowPadding.y;
    return std::max({theme.touch_height(), text_h + theme.padding() * 1.2f, corner_h});
}

void status_strip(UiContext& ctx, const StatusStripValues& values) {
    const Theme& theme = ctx.theme();
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = status_strip_height(ctx, width, values);
    const ImVec2 min = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, height));
    const auto message = strip_message(ctx, values);
    if (!message) return;
    const ImVec2 max(min.x + width, min.y + height);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(min, max, to_u32(message->background), theme.rounding());
    if (theme.kind == ThemeKind::HighContrast)
        dl->AddRect(min, max, to_u32(message->foreground), theme.rounding(), 0, 2.0f);
    ImFont* font = strip_font(ctx);
    const float wrap = status_strip_wrap(ctx, width);
    const std::string text = paragraph(*message);
    const float text_h = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, text.c_str()).y;
    dl->AddText(font, font->FontSize, ImVec2(min.x + theme.padding(), min.y + (height - text_h) * 0.5f),
                to_u32(message->foreground), text.c_str(), nullptr, wrap);
    ctx.widgets().add_text(message->title);
    ctx.widgets().add_text(message->detail);
}

bool sync_status_corner(UiContext& ctx, const SyncCornerValues& v) {
    const Theme& theme = ctx.theme();
    const std::string text = corner_text(ctx, v);
    ImFont* font = corner_font(ctx);
    const float pad = theme.padding();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float margin = theme.spacing();
    // Placed by its own measured size, in this frame: an auto-sized window would be placed by the
    // size of the frame before, and a longer text (another language, a larger scale, a new count)
    // would run past the right edge until the next frame. Never wider than corner_max_width: a
    // text longer than that wraps.
    const float natural = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.c_str()).x + 2 * pad;
    // Whole pixels, as windows are sized: the button never overhangs its window.
    const float width = std::ceil(std::max(std::min(natural, corner_max_width(ctx)), kMinTouchTarget));
    const float height = corner_height(ctx, text, width);
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - margin - width, vp->Pos.y + margin), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(width, height), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin("##sync_corner", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing);
    // Above every screen window, including screens first drawn after it (dialogs drawn later still
    // go above it).
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    ButtonOptions bo;
    bo.font = font;
    bo.width = width;
    bo.tone = v.online ? Tone::Secondary : Tone::KeySpecial;
    bo.height = height;
    const bool tapped = button(ctx, "sync.corner", text, bo);
    ImGui::End();
    ImGui::PopStyleVar(2);
    return tapped;
}

}  // namespace tp::ui
