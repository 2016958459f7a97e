#pragma once
// Touch-first widgets. Every interactive helper here
//   - is at least kMinTouchTarget (48 px) high and wide; by default theme.touch_height() high,
//   - records {id, label, rect, enabled, kind} in ctx.widgets() for the frame,
//   - draws text only with a colour pair listed by text_pairs() (checked for WCAG contrast),
//   - returns true in the frame in which it was tapped (never when disabled).
// `id` is a stable, language-independent name ("home.case.TP-10042.open"); it is also the ImGui
// id, so it must be unique within the window. `label` is already translated.

#include <imgui.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "touchpoint/ui/context.hpp"

namespace tp::ui {

enum class Tone { Primary, Secondary, Danger, Key, KeySpecial };
enum class ChipTone { Pending, Success, Refused, Offline, Neutral };

// Pass as a width to take the remaining width of the current line.
inline constexpr float kFillWidth = -1.0f;

struct ButtonOptions {
    Tone tone = Tone::Secondary;
    float width = 0.0f;    // 0: fit the label (wraps at the line end); kFillWidth: fill; > 0: exactly (>= 48)
    float height = 0.0f;   // 0: theme.touch_height(); otherwise this, but never below kMinTouchTarget
    bool enabled = true;
    bool selected = false; // draws the focus outline (current choice, shift lock)
    ImFont* font = nullptr;  // default: the bold face
    WidgetKind kind = WidgetKind::Button;
};

bool button(UiContext& ctx, std::string_view id, std::string_view label,
            const ButtonOptions& options = {});

// Key height for a grid of `rows` rows `gap` apart that takes at most `share` of the window's
// height: `natural` when that fits, else shorter — never below kMinTouchTarget nor the body text's
// height with padding. Keyboards and keypads stay whole on a short window at large text.
float fitted_key_height(const UiContext& ctx, float natural, int rows, float gap, float share);

// Height of a row of buttons with these labels (bold, touch height) at the current line width,
// wrapping onto more lines as next_in_row does: the room a screen keeps for its bottom row.
float button_row_height(const UiContext& ctx, std::initializer_list<std::string_view> labels);

// A full-width row on a card: a bold title (its label), an optional muted detail line and an
// optional chip on the right (both recorded as shown text, like body_text). Tapping anywhere on the row
// returns true. The texts are owned, so a row can be given the words a function returns.
struct RowOptions {
    std::string detail;
    std::string chip;
    ChipTone chip_tone = ChipTone::Neutral;
    bool enabled = true;
};
bool list_row(UiContext& ctx, std::string_view id, std::string_view title, const RowOptions& options = {});

// A labelled on/off control. Flips `value` and returns true when tapped.
bool toggle(UiContext& ctx, std::string_view id, std::string_view label, bool& value);

// A display-only text field the on-screen keyboard types into. Shows `label` above a box with
// `value` (masked with • when `masked`), or `placeholder` in muted text when empty, and a caret
// when `focused`. Returns true when tapped (the screen then focuses it).
struct FieldOptions {
    std::string_view placeholder;
    bool focused = false;
    bool masked = false;
    bool enabled = true;
    float width = kFillWidth;
};
bool text_field(UiContext& ctx, std::string_view id, std::string_view label, std::string_view value,
                const FieldOptions& options = {});

// A framed drawing area (signature pad): registered like a button, it reports whether a finger
// is down on it this frame and where, in pixels relative to its top-left corner.
struct CanvasInput {
    ImVec2 min, max;  // the area on screen
    bool held = false;
    ImVec2 pointer;   // valid when held
};
CanvasInput canvas(UiContext& ctx, std::string_view id, std::string_view label, ImVec2 size);

// A picture to tap (a photo in the picker): `texture` fitted into a square `side` wide, keeping
// the shape of its `texture_size`; without a texture, `detail` (why it cannot be chosen) in its
// place, or a placeholder box while it is still being read. Under it `label` (the file name) on
// one line, clipped to the tile. Every tile is one size, whatever it shows.
struct ImageTileOptions {
    ImTextureID texture = nullptr;
    ImVec2 texture_size;
    float side = 200.0f;
    std::string detail;
    bool enabled = true;
};
bool image_tile(UiContext& ctx, std::string_view id, std::string_view label, const ImageTileOptions& options);

// Non-interactive text. Wraps at the caller's ImGui::PushTextWrapPos, else at the window's edge.
void title_text(UiContext& ctx, std::string_view text);
void heading_text(UiContext& ctx, std::string_view text);
void body_text(UiContext& ctx, std::string_view text);
void muted_text(UiContext& ctx, std::string_view text);
// A small rounded status label ("waiting to sync", "Confirmed 14:05", "Refused: …"). It never
// runs past the line's room or the current text wrap position: a long label wraps.
void chip(UiContext& ctx, std::string_view text, ChipTone tone);
// The height of a one-line chip.
float chip_line_height(const UiContext& ctx);

// A full-screen, undecorated window in the theme's background; every screen draws inside one.
// Always pair with end_screen().
void begin_screen(UiContext& ctx, std::string_view id);
void end_screen();

// A modal card centred over a dimmed screen; input behind it is blocked while it is shown. Draw it
// last (after the screen and the sync corner), in every frame it should be visible; stop calling
// it to close it. It takes focus when it appears. Always pair with end_dialog().
void begin_dialog(UiContext& ctx, std::string_view id, float width);
void end_dialog();

// Colours of a tone / chip tone: {fill, text}. Every pair is one of text_pairs().
struct ToneColors {
    Color fill, text;
};
ToneColors tone_colors(const Palette& palette, Tone tone, bool enabled);
ToneColors chip_colors(const Palette& palette, ChipTone tone);

}  // namespace tp::ui
