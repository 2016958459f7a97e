#pragma once
// The kiosk's fonts, rasterised from DejaVu Sans (Debian's fonts-dejavu-core) into ImGui's font atlas.
// Every face covers letters and punctuation: Basic Latin, Latin-1, Latin Extended-A, general
// punctuation (— … · “ ” ‘ ’ •) and the euro sign, so en/es/fr/de text and customer names render
// without "?" boxes; the text-size faces also carry arrows, ⌫ ⏎ ✓ ✗ and geometric shapes.

#include <imgui.h>

#include <filesystem>

#include "touchpoint/error.hpp"

namespace tp::ui {

struct FontSet {
    ImFont* body = nullptr;      // regular text
    ImFont* bold = nullptr;      // buttons, emphasis
    ImFont* heading = nullptr;   // screen headings
    ImFont* title = nullptr;     // the attract screen
    ImFont* small = nullptr;     // captions and the sync-status corner
};

// Pixel sizes at text scale 1.
inline constexpr float kBodyPx = 26.0f;
inline constexpr float kHeadingPx = 38.0f;
inline constexpr float kTitlePx = 64.0f;
inline constexpr float kSmallPx = 21.0f;

// Zero-terminated pairs of inclusive code point ranges, static storage. `glyph_ranges` is what
// body, bold and small carry; `text_glyph_ranges` (letters and punctuation, no symbols) is what
// heading and title carry.
const ImWchar* glyph_ranges();
const ImWchar* text_glyph_ranges();

// Clears `atlas` and adds the five faces at `text_scale`, then builds it. `fonts_dir` must hold
// DejaVuSans.ttf and DejaVuSans-Bold.ttf. Must not be called between ImGui::NewFrame and Render.
// On failure the atlas holds only ImGui's default font.
Result<FontSet> load_fonts(ImFontAtlas& atlas, const std::filesystem::path& fonts_dir,
                           float text_scale);

}  // namespace tp::ui
