#include "touchpoint/ui/widgets.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>

#include <imgui_internal.h>  // BringWindowToDisplayFront, the window's text wrap position

#include "text_layout.hpp"
#include "touchpoint/ui/imgui_color.hpp"
#include "touchpoint/ui/utf8.hpp"

namespace tp::ui {
namespace {

ImFont* or_default(ImFont* font) { return font ? font : ImGui::GetFont(); }

struct Hit {
    ImVec2 min, max;
    bool pressed = false;
    bool held = false;
};

// Reserves `size` at the cursor as one interactive item (or an inert one when disabled) and
// records it in the registry: in the frame's widgets when any of it is on screen, else as hidden.
Hit interact(UiContext& ctx, std::string_view id, std::string_view label, ImVec2 size, bool enabled,
             WidgetKind kind) {
    Hit hit;
    ImGui::PushID(id.data(), id.data() + id.size());
    if (enabled) {
        hit.pressed = ImGui::InvisibleButton("##hit", size);
        hit.held = ImGui::IsItemActive();
    } else {
        ImGui::Dummy(size);
    }
    ImGui::PopID();
    hit.min = ImGui::GetItemRectMin();
    hit.max = ImGui::GetItemRectMax();
    if (ImGui::IsRectVisible(hit.min, hit.max)) {
        const ImGuiWindow* window = ImGui::GetCurrentWindow();
        const ImRect clip = window->ClipRect;
        const ImVec2 vmin(std::max(hit.min.x, clip.Min.x), std::max(hit.min.y, clip.Min.y));
        const ImVec2 vmax(std::min(hit.max.x, clip.Max.x), std::min(hit.max.y, clip.Max.y));
        ctx.widgets().add(WidgetRecord{std::string(id), std::string(label),
                                       Rect{hit.min.x, hit.min.y, hit.max.x - hit.min.x, hit.max.y - hit.min.y},
                                       Rect{vmin.x, vmin.y, vmax.x - vmin.x, vmax.y - vmin.y}, enabled, kind,
                                       ctx.widgets().in_scrolling_region()});
    } else {
        ctx.widgets().add_hidden(HiddenWidget{std::string(id), ctx.widgets().in_scrolling_region()});
    }
    return hit;
}

// Fitted widths never run past the end of the line: a long label wraps instead.
float resolve_width(float requested, float natural) {
    if (requested == 0.0f)
        return std::max(std::min(natural, ImGui::GetContentRegionAvail().x), kMinTouchTarget);
    if (requested < 0.0f) return std::max(ImGui::GetContentRegionAvail().x, kMinTouchTarget);
    return std::max(requested, kMinTouchTarget);
}

void outline(ImDrawList* dl, const Theme& theme, ImVec2 min, ImVec2 max, bool emphasised) {
    const Palette& p = theme.palette;
    if (emphasised)
        dl->AddRect(min, max, to_u32(p.focus), theme.rounding(), 0, std::max(3.0f, theme.border_width() + 1.5f));
    else
        dl->AddRect(min, max, to_u32(p.border), theme.rounding(), 0, theme.border_width());
}

// Wraps at the caller's PushTextWrapPos if one is set, else at the window's right edge.
void styled_text(ImFont* font, Color color, std::string_view text) {
    ImGui::PushFont(or_default(font));
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(color));
    const bool own_wrap = ImGui::GetCurrentWindow()->DC.TextWrapPos < 0.0f;
    if (own_wrap) ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    if (own_wrap) ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

// A chip's size: one line when the text fits in `max_width`, else wrapped to that width.
ImVec2 chip_size(ImFont* font, const Theme& theme, std::string_view text, float max_width = FLT_MAX) {
    const float inner = theme.padding() * 1.2f;
    const float natural = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x;
    const float width = std::min(natural + inner, std::max(max_width, inner + font->FontSize * 4));
    const float text_h = detail::wrapped_height(font, font->FontSize, text, width - inner);
    return ImVec2(width, text_h + theme.padding() * 0.6f);
}

void draw_chip(ImDrawList* dl, ImFont* font, const Theme& theme, ImVec2 min, std::string_view text, ChipTone tone,
               float max_width = FLT_MAX) {
    const ToneColors c = chip_colors(theme.palette, tone);
    const ImVec2 size = chip_size(font, theme, text, max_width);
    const ImVec2 max(min.x + size.x, min.y + size.y);
    const float rounding = (font->FontSize + theme.padding() * 0.6f) * 0.5f;
    dl->AddRectFilled(min, max, to_u32(c.fill), rounding);
    if (theme.kind == ThemeKind::HighContrast) dl->AddRect(min, max, to_u32(c.text), rounding, 0, 1.5f);
    const float inset = theme.padding() * 0.6f;
    detail::draw_centered(dl, font, font->FontSize, ImVec2(min.x + inset, min.y), ImVec2(max.x - inset, max.y),
                          to_u32(c.text), text);
}

}  // namespace

ToneColors tone_colors(const Palette& p, Tone tone, bool enabled) {
    if (!enabled) return {p.disabled, p.on_disabled};
    switch (tone) {
        case Tone::Primary: return {p.primary, p.on_primary};
        case Tone::Secondary: return {p.secondary, p.on_secondary};
        case Tone::Danger: return {p.danger, p.on_danger};
        case Tone::Key: return {p.key, p.on_key};
        case Tone::KeySpecial: return {p.key_special, p.on_key_special};
    }
    return {p.secondary, p.on_secondary};
}

ToneColors chip_colors(const Palette& p, ChipTone tone) {
    switch (tone) {
        case ChipTone::Pending: return {p.pending, p.on_pending};
        case ChipTone::Success: return {p.success, p.on_success};
        case ChipTone::Refused: return {p.refused, p.on_refused};
        case ChipTone::Offline: return {p.offline, p.on_offline};
        case ChipTone::Neutral: return {p.secondary, p.on_secondary};
    }
    return {p.secondary, p.on_secondary};
}

bool button(UiContext& ctx, std::string_view id, std::string_view label, const ButtonOptions& options) {
    const Theme& theme = ctx.theme();
    ImFont* font = or_default(options.font ? options.font : ctx.fonts().bold);
    const float size = font->FontSize;
    const float pad = theme.padding();
    const float natural =
        font->CalcTextSizeA(size, FLT_MAX, 0.0f, label.data(), label.data() + label.size()).x + 2 * pad;
    const float width = resolve_width(options.width, natural);
    float height = options.height > 0.0f ? std::max(options.height, kMinTouchTarget) : theme.touch_height();
    height = std::max(height, detail::wrapped_height(font, size, label, width - 2 * pad) + pad);

    const Hit hit = interact(ctx, id, label, ImVec2(width, height), options.enabled, options.kind);
    const ToneColors colors = tone_colors(theme.palette, options.tone, options.enabled);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(hit.min, hit.max, to_u32(colors.fill), theme.rounding());
    const bool needs_border = options.tone == Tone::Secondary || options.tone == Tone::Key ||
                              options.tone == Tone::KeySpecial || !options.enabled ||
                              theme.kind == ThemeKind::HighContrast;
    if (hit.held || options.selected)
        outline(dl, theme, hit.min, hit.max, true);
    else if (needs_border)
        outline(dl, theme, hit.min, hit.max, false);
    detail::draw_centered(dl, font, size, ImVec2(hit.min.x + pad * 0.5f, hit.min.y),
                          ImVec2(hit.max.x - pad * 0.5f, hit.max.y), to_u32(colors.text), label);
    return hit.pressed;
}

float fitted_key_height(const UiContext& ctx, float natural, int rows, float gap, float share) {
    const float budget = ImGui::GetMainViewport()->Size.y * share;
    const float fit = std::floor((budget - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows));
    const float least = std::max(kMinTouchTarget, or_default(ctx.fonts().body)->FontSize + ctx.theme().padding());
    return std::max(least, std::min(natural, fit));
}

float button_row_height(const UiContext& ctx, std::initializer_list<std::string_view> labels) {
    const Theme& theme = ctx.theme();
    ImFont* font = or_default(ctx.fonts().bold);
    const float avail = ImGui::GetContentRegionAvail().x;
    float line = 0.0f;
    int lines = 1;
    for (std::string_view label : labels) {
        const float w = std::min(font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, label.data(),
                                                     label.data() + label.size()).x + 2 * theme.padding(),
                                 avail);
        if (line > 0.0f && line + theme.spacing() + w > avail) {
            ++lines;
            line = 0.0f;
        }
        line += (line > 0.0f ? theme.spacing() : 0.0f) + w;
    }
    return static_cast<float>(lines) * theme.touch_height() + static_cast<float>(lines - 1) * theme.spacing();
}

bool list_row(UiContext& ctx, std::string_view id, std::string_view title, const RowOptions& options) {
    const Theme& theme = ctx.theme();
    const Palette& p = theme.palette;
    ImFont* bold = or_default(ctx.fonts().bold);
    ImFont* body = or_default(ctx.fonts().body);
    ImFont* small = or_default(ctx.fonts().small);
    const float pad = theme.padding();
    const float width = std::max(ImGui::GetContentRegionAvail().x, kMinTouchTarget);
    const float chip_w = options.chip.empty() ? 0.0f : chip_size(small, theme, options.chip).x + pad;
    const float text_w = std::max(width - 2 * pad - chip_w, 1.0f);
    const float title_h = detail::wrapped_height(bold, bold->FontSize, title, text_w);
    const float detail_h =
        options.detail.empty() ? 0.0f : detail::wrapped_height(body, body->FontSize, options.detail, text_w) + pad * 0.25f;
    const float height = std::max(theme.touch_height(), title_h + detail_h + pad * 1.5f);

    const Hit hit = interact(ctx, id, title, ImVec2(width, height), options.enabled, WidgetKind::ListRow);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Color fill = options.enabled ? p.surface : p.disabled;
    const Color ink = options.enabled ? p.text : p.on_disabled;
    const Color muted = options.enabled ? p.text_muted : p.on_disabled;
    dl->AddRectFilled(hit.min, hit.max, to_u32(fill), theme.rounding());
    outline(dl, theme, hit.min, hit.max, hit.held);
    float y = hit.min.y + (height - title_h - detail_h) * 0.5f;
    dl->AddText(bold, bold->FontSize, ImVec2(hit.min.x + pad, y), to_u32(ink), title.data(),
                title.data() + title.size(), text_w);
    y += title_h + pad * 0.25f;
    if (!options.detail.empty()) {
        ctx.widgets().add_text(options.detail);
        dl->AddText(body, body->FontSize, ImVec2(hit.min.x + pad, y), to_u32(muted), options.detail.data(),
                    options.detail.data() + options.detail.size(), text_w);
    }
    if (!options.chip.empty()) {
        ctx.widgets().add_text(options.chip);
        const ImVec2 cs = chip_size(small, theme, options.chip);
        draw_chip(dl, small, theme, ImVec2(hit.max.x - pad - cs.x, hit.min.y + (height - cs.y) * 0.5f),
                  options.chip, options.chip_tone);
    }
    return hit.pressed;
}

bool toggle(UiContext& ctx, std::string_view id, std::string_view label, bool& value) {
    const Theme& theme = ctx.theme();
    const Palette& p = theme.palette;
    ImFont* font = or_default(ctx.fonts().body);
    const float pad = theme.padding();
    const float height = theme.touch_height();
    const float box = std::round(height * 0.6f);
    const float text_w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, label.data(), label.data() + label.size()).x;
    const float width = std::max(box + pad + text_w + pad, kMinTouchTarget);

    const Hit hit = interact(ctx, id, label, ImVec2(width, height), true, WidgetKind::Toggle);
    if (hit.pressed) value = !value;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 bmin(hit.min.x, hit.min.y + (height - box) * 0.5f);
    const ImVec2 bmax(bmin.x + box, bmin.y + box);
    if (value) {
        dl->AddRectFilled(bmin, bmax, to_u32(p.primary), theme.rounding() * 0.5f);
        detail::draw_centered(dl, font, font->FontSize, bmin, bmax, to_u32(p.on_primary), "\u2713");
    } else {
        dl->AddRectFilled(bmin, bmax, to_u32(p.surface), theme.rounding() * 0.5f);
    }
    outline(dl, theme, bmin, bmax, hit.held);
    dl->AddText(font, font->FontSize, ImVec2(bmax.x + pad, hit.min.y + (height - font->FontSize) * 0.5f),
                to_u32(p.text), label.data(), label.data() + label.size());
    return hit.pressed;
}

bool text_field(UiContext& ctx, std::string_view id, std::string_view label, std::string_view value,
                const FieldOptions& options) {
    const Theme& theme = ctx.theme();
    const Palette& p = theme.palette;
    ImFont* font = or_default(ctx.fonts().body);
    if (!label.empty()) styled_text(ctx.fonts().small, p.text_muted, label);
    const float width = resolve_width(options.width, theme.touch_height() * 4);
    const float height = theme.touch_height();
    const Hit hit = interact(ctx, id, label, ImVec2(width, height), options.enabled, WidgetKind::TextField);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(hit.min, hit.max, to_u32(options.enabled ? p.surface : p.disabled), theme.rounding());
    outline(dl, theme, hit.min, hit.max, options.focused || hit.held);
    std::string shown;
    Color ink = options.enabled ? p.text : p.on_disabled;
    if (value.empty()) {
        shown = std::string(options.placeholder);
        ink = options.enabled ? p.text_muted : p.on_disabled;
    } else if (options.masked) {
        for (std::size_t i = 0, n = codepoint_count(value); i < n; ++i) shown += "\u2022";
    } else {
        shown = std::string(value);
    }
    ctx.widgets().add_text(shown);  // what the box shows (bullets when masked)
    const float pad = theme.padding();
    const float inner_w = width - 2 * pad;
    const float text_y = hit.min.y + (height - font->FontSize) * 0.5f;
    // Long values keep their end visible: the caret side is what the customer is typing.
    float text_x = hit.min.x + pad;
    const float shown_w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, shown.c_str()).x;
    if (!value.empty() && shown_w > inner_w) text_x -= shown_w - inner_w;
    const ImVec4 clip(hit.min.x + pad, hit.min.y, hit.max.x - pad, hit.max.y);
    dl->AddText(font, font->FontSize, ImVec2(text_x, text_y), to_u32(ink), shown.c_str(), nullptr, 0.0f, &clip);
    if (options.focused) {
        const float caret_x = value.empty() ? hit.min.x + pad : std::min(text_x + shown_w + 2.0f, hit.max.x - pad);
        dl->AddLine(ImVec2(caret_x, text_y), ImVec2(caret_x, text_y + font->FontSize), to_u32(p.text), 2.0f);
    }
    return hit.pressed;
}

CanvasInput canvas(UiContext& ctx, std::string_view id, std::string_view label, ImVec2 size) {
    size.x = std::max(size.x, kMinTouchTarget);
    size.y = std::max(size.y, kMinTouchTarget);
    const Hit hit = interact(ctx, id, label, size, true, WidgetKind::Button);
    const Palette& p = ctx.palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(hit.min, hit.max, to_u32(p.surface), ctx.theme().rounding());
    outline(dl, ctx.theme(), hit.min, hit.max, hit.held);
    CanvasInput in;
    in.min = hit.min;
    in.max = hit.max;
    in.held = hit.held;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    in.pointer = ImVec2(std::clamp(mouse.x, hit.min.x, hit.max.x) - hit.min.x,
                        std::clamp(mouse.y, hit.min.y, hit.max.y) - hit.min.y);
    return in;
}

bool image_tile(UiContext& ctx, std::string_view id, std::string_view label, const ImageTileOptions& options) {
    const Theme& theme = ctx.theme();
    ImFont* font = or_default(ctx.fonts().small);
    const float pad = theme.padding() * 0.5f;
    const float side = std::max(options.side, kMinTouchTarget);
    const float inner = side - 2 * pad;
    const float caption_h = font->FontSize + pad;  // the name, on one line under the picture
    const Hit hit = interact(ctx, id, label, ImVec2(side, side + caption_h), options.enabled, WidgetKind::Button);
    const ToneColors colors = tone_colors(theme.palette, Tone::Secondary, options.enabled);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(hit.min, hit.max, to_u32(colors.fill), theme.rounding());
    const ImVec2 picture(hit.min.x + pad, hit.min.y + pad);
    const ImVec4 clip(hit.min.x + pad, hit.min.y, hit.max.x - pad, hit.max.y);
    if (options.texture && options.texture_size.x > 0 && options.texture_size.y > 0) {
        const float scale = std::min(inner / options.texture_size.x, inner / options.texture_size.y);
        const ImVec2 size(options.texture_size.x * scale, options.texture_size.y * scale);
        const ImVec2 at(picture.x + (inner - size.x) * 0.5f, picture.y + (inner - size.y) * 0.5f);
        dl->AddImage(options.texture, at, ImVec2(at.x + size.x, at.y + size.y));
    } else if (!options.detail.empty()) {  // no picture to show: why, where the picture would be
        ImFont* bold = or_default(ctx.fonts().bold);
        const char* begin = options.detail.data();
        const char* end = begin + options.detail.size();
        const ImVec2 size = bold->CalcTextSizeA(bold->FontSize, FLT_MAX, inner, begin, end);
        dl->AddText(bold, bold->FontSize, ImVec2(picture.x, picture.y + std::max(0.0f, (inner - size.y) * 0.5f)),
                    to_u32(colors.text), begin, end, inner, &clip);
    } else {  // still being read: a placeholder
        dl->AddRectFilled(picture, ImVec2(picture.x + inner, picture.y + inner), to_u32(theme.palette.surface),
                          theme.rounding());
    }
    dl->AddText(font, font->FontSize, ImVec2(picture.x, hit.min.y + side), to_u32(colors.text), label.data(),
                label.data() + label.size(), 0.0f, &clip);
    ctx.widgets().add_text(options.detail);
    outline(dl, theme, hit.min, hit.max, hit.held);
    return hit.pressed;
}

void title_text(UiContext& ctx, std::string_view text) {
    ctx.widgets().add_text(text);
    styled_text(ctx.fonts().title, ctx.palette().text, text); }
void heading_text(UiContext& ctx, std::string_view text) {
    ctx.widgets().add_text(text);
    styled_text(ctx.fonts().heading, ctx.palette().text, text);
}
void body_text(UiContext& ctx, std::string_view text) {
    ctx.widgets().add_text(text);
    styled_text(ctx.fonts().body, ctx.palette().text, text); }
void muted_text(UiContext& ctx, std::string_view text) {
    ctx.widgets().add_text(text);
    styled_text(ctx.fonts().body, ctx.palette().text_muted, text);
}

float chip_line_height(const UiContext& ctx) {
    return or_default(ctx.fonts().small)->FontSize + ctx.theme().padding() * 0.6f;
}

void chip(UiContext& ctx, std::string_view text, ChipTone tone) {
    ctx.widgets().add_text(text);
    ImFont* font = or_default(ctx.fonts().small);
    // Never wider than the room left on the line: a long message wraps instead of running off.
    float room = ImGui::GetContentRegionAvail().x;
    if (const float wrap_pos = ImGui::GetCurrentWindow()->DC.TextWrapPos; wrap_pos > 0.0f)
        room = std::min(room, wrap_pos - ImGui::GetCursorPosX());
    const ImVec2 size = chip_size(font, ctx.theme(), text, room);
    const ImVec2 min = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    draw_chip(ImGui::GetWindowDrawList(), font, ctx.theme(), min, text, tone, room);
}

void begin_screen(UiContext& ctx, std::string_view id) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, to_vec4(ctx.palette().background));
    const std::string name(id);
    ImGui::Begin(name.c_str(), nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PopStyleColor();
    ImGui::PushFont(or_default(ctx.fonts().body));
}

void end_screen() {
    ImGui::PopFont();
    ImGui::End();
}

void begin_dialog(UiContext& ctx, std::string_view id, float width) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const std::string name(id);
    // The dimmed layer: in front of the screen, it takes every tap outside the card.
    // Display order is forced every frame; focus is taken only when the dialog appears, because
    // moving focus between windows would cancel a tap in progress.
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.0f, 0.0f, 0.0f, 0.6f));
    ImGui::Begin((name + "##dim").c_str(), nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoFocusOnAppearing);
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    const bool dim_has_focus = ImGui::IsWindowFocused();  // a tap landed outside the card
    ImGui::End();
    ImGui::PopStyleColor();

    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.45f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    const float w = std::min(width, vp->Size.x);
    ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0.0f), ImVec2(w, vp->Size.y));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, to_vec4(ctx.palette().surface));
    ImGui::PushStyleColor(ImGuiCol_Border, to_vec4(ctx.palette().border));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, ctx.theme().border_width() + 0.5f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, ctx.theme().rounding());
    ImGui::Begin(name.c_str(), nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    if (ImGui::IsWindowAppearing() || dim_has_focus) ImGui::SetWindowFocus();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(2);
    ImGui::PushFont(or_default(ctx.fonts().body));
}

void end_dialog() {
    ImGui::PopFont();
    ImGui::End();
}

}  // namespace tp::ui
