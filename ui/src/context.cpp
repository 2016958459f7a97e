#include "touchpoint/ui/context.hpp"

#include <cstdlib>

namespace tp::ui {

std::filesystem::path default_assets_dir() {
    if (const char* env = std::getenv("TOUCHPOINT_ASSETS"); env && *env) return env;
    std::error_code ec;
    // Installed: <prefix>/bin/touchpoint finds <prefix>/share/touchpoint, wherever the prefix is.
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto installed = exe.parent_path().parent_path() / "share" / "touchpoint";
        if (std::filesystem::is_directory(installed / "strings", ec)) return installed;
    }
#ifdef TOUCHPOINT_SOURCE_ASSETS
    if (std::filesystem::is_directory(TOUCHPOINT_SOURCE_ASSETS, ec)) return TOUCHPOINT_SOURCE_ASSETS;
#endif
    return "assets";
}

std::filesystem::path default_fonts_dir() {
    if (const char* env = std::getenv("TOUCHPOINT_FONTS"); env && *env) return env;
    return "/usr/share/fonts/truetype/dejavu";
}

UiContext::UiContext(StringTable strings, std::filesystem::path fonts_dir)
    : strings_(std::move(strings)), fonts_dir_(std::move(fonts_dir)) {}

Result<UiContext> UiContext::load(const std::filesystem::path& assets_dir,
                                  const std::filesystem::path& fonts_dir) {
    auto strings = StringTable::load(assets_dir / "strings");
    if (!strings) return strings.error();
    return UiContext(std::move(strings).value(), fonts_dir);
}

void UiContext::set_theme(ThemeKind kind) {
    if (kind == theme_.kind) return;
    theme_ = make_theme(kind, theme_.text_scale);
    fonts_dirty_ = true;  // the style is re-applied with the fonts
}

void UiContext::set_text_scale(float scale) {
    Theme next = make_theme(theme_.kind, scale);
    if (next.text_scale == theme_.text_scale) return;
    theme_ = next;
    fonts_dirty_ = true;
}

Status UiContext::install_fonts(ImFontAtlas& atlas) {
    apply_theme(theme_, ImGui::GetStyle());
    auto fonts = load_fonts(atlas, fonts_dir_, theme_.text_scale);
    fonts_dirty_ = false;
    if (!fonts) {
        ImFont* fallback = atlas.Fonts.empty() ? nullptr : atlas.Fonts[0];
        fonts_ = FontSet{fallback, fallback, fallback, fallback, fallback};
        return fonts.error();
    }
    fonts_ = fonts.value();
    return Ok{};
}

Texture UiContext::upload(const Pixels& pixels) {
    auto sink = textures_.lock();
    if (!sink) return {};
    ImTextureID id = sink->upload(pixels);
    if (!id) return {};
    return Texture(sink, id, pixels.width, pixels.height);
}

void UiContext::begin_frame() { widgets_.begin_frame(); }

void UiContext::end_frame() { widgets_.end_frame(); }

}  // namespace tp::ui
