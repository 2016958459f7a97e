#include "touchpoint/ui/fonts.hpp"

#include <fstream>
#include <vector>

namespace tp::ui {
namespace {

// Reads a whole file; ImGui takes ownership of the buffer through AddFontFromMemoryTTF.
bool read_file(const std::filesystem::path& path, std::vector<char>& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !out.empty();
}

// Large faces carry text only (no arrows or symbols) and skip oversampling to keep the atlas small.
ImFont* add_face(ImFontAtlas& atlas, const std::vector<char>& ttf, float size_px, bool large) {
    // The atlas frees the copy it is given (FontDataOwnedByAtlas defaults to true).
    void* copy = ImGui::MemAlloc(ttf.size());
    std::copy(ttf.begin(), ttf.end(), static_cast<char*>(copy));
    ImFontConfig config;
    config.OversampleH = large ? 1 : 2;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    return atlas.AddFontFromMemoryTTF(copy, static_cast<int>(ttf.size()), size_px, &config,
                                      large ? text_glyph_ranges() : glyph_ranges());
}

}  // namespace

const ImWchar* glyph_ranges() {
    static const ImWchar ranges[] = {
        0x0020, 0x007E,  // Basic Latin
        0x00A0, 0x00FF,  // Latin-1 Supplement: é ñ ü ß ç « » · ¿ ¡ £
        0x0100, 0x017F,  // Latin Extended-A: œ Œ and the rest of European names
        0x2010, 0x2027,  // dashes – —, quotes ‘ ’ “ ” „, bullet •, ellipsis …
        0x2030, 0x203A,  // per mille, primes, ‹ ›
        0x20AC, 0x20AC,  // euro sign
        0x2190, 0x21FF,  // arrows, including ⇧ for shift
        0x2300, 0x23FF,  // ⌫ backspace, ⏎ return
        0x25A0, 0x25FF,  // geometric shapes: ● ○ ■ □ ▲ ▼
        0x2713, 0x2717,  // ✓ ✔ ✕ ✖ ✗
        0,
    };
    return ranges;
}

const ImWchar* text_glyph_ranges() {
    static const ImWchar ranges[] = {
        0x0020, 0x007E, 0x00A0, 0x00FF, 0x0100, 0x017F, 0x2010, 0x2027,
        0x2030, 0x203A, 0x20AC, 0x20AC, 0,
    };
    return ranges;
}

Result<FontSet> load_fonts(ImFontAtlas& atlas, const std::filesystem::path& fonts_dir,
                           float text_scale) {
    atlas.Clear();
    std::vector<char> regular, bold;
    if (!read_file(fonts_dir / "DejaVuSans.ttf", regular) ||
        !read_file(fonts_dir / "DejaVuSans-Bold.ttf", bold)) {
        atlas.AddFontDefault();
        atlas.Build();
        return Error{Errc::NotFound, "error.fonts_unusable",
                     "cannot read DejaVuSans.ttf / DejaVuSans-Bold.ttf in " + fonts_dir.string()};
    }
    FontSet set;
    set.body = add_face(atlas, regular, kBodyPx * text_scale, false);  // first: ImGui's default
    set.bold = add_face(atlas, bold, kBodyPx * text_scale, false);
    set.heading = add_face(atlas, bold, kHeadingPx * text_scale, true);
    set.title = add_face(atlas, bold, kTitlePx * text_scale, true);
    set.small = add_face(atlas, regular, kSmallPx * text_scale, false);
    if (!set.body || !set.bold || !set.heading || !set.title || !set.small || !atlas.Build()) {
        atlas.Clear();
        atlas.AddFontDefault();
        atlas.Build();
        return Error{Errc::InvalidInput, "error.fonts_unusable",
                     "ImGui could not rasterise the DejaVu fonts"};
    }
    return set;
}

}  // namespace tp::ui
