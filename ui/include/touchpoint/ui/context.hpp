#pragma once
// Everything the ui helpers share for one kiosk display: the theme, the string tables, the fonts
// and the widget registry. Screens receive a UiContext& and pass it to every helper; there is no
// hidden global besides ImGui's own current context.
//
// Host protocol (platform/ does this; tests may do it by hand):
//   once with an ImGui context current:  ctx.install_fonts(io.Fonts) (and whenever
//                                        ctx.fonts_dirty(); then re-upload the font texture)
//   every frame:  ImGui::NewFrame(); ctx.begin_frame(); draw screens; ctx.end_frame();
//                 ImGui::Render();
//   while it draws this context:  ctx.set_texture_sink(its TextureSink)

#include <imgui.h>

#include <filesystem>

#include "touchpoint/error.hpp"
#include "touchpoint/ui/fonts.hpp"
#include "touchpoint/ui/strings.hpp"
#include "touchpoint/ui/textures.hpp"
#include "touchpoint/ui/theme.hpp"
#include "touchpoint/ui/widget_registry.hpp"

namespace tp::ui {

// Where assets/ is: $TOUCHPOINT_ASSETS if set, else <prefix>/share/touchpoint beside an
// installed <prefix>/bin executable, else the source tree's assets/ when it exists (developer
// builds), else "assets" in the working directory.
std::filesystem::path default_assets_dir();
// Where DejaVuSans.ttf and DejaVuSans-Bold.ttf are: $TOUCHPOINT_FONTS if set, else Debian's
// fonts-dejavu-core folder.
std::filesystem::path default_fonts_dir();

class UiContext {
  public:
    UiContext(StringTable strings, std::filesystem::path fonts_dir);

    // Loads strings from <assets>/strings and remembers where the fonts are.
    static Result<UiContext> load(const std::filesystem::path& assets_dir,
                                  const std::filesystem::path& fonts_dir = default_fonts_dir());

    const Theme& theme() const { return theme_; }
    const Palette& palette() const { return theme_.palette; }
    // Theme and scale changes take effect at the next frame (the host rebuilds the fonts).
    void set_theme(ThemeKind kind);
    void set_text_scale(float scale);

    StringTable& strings() { return strings_; }
    const StringTable& strings() const { return strings_; }
    const char* tr(std::string_view key) const { return strings_.tr(key); }
    // strings().message(key, args): `key` formatted in the current language's locale.
    std::string msg(std::string_view key, const MessageArgs& args = {}) const { return strings_.message(key, args); }
    bool set_language(std::string_view language) { return strings_.set_language(language); }

    const FontSet& fonts() const { return fonts_; }
    WidgetRegistry& widgets() { return widgets_; }
    const WidgetRegistry& widgets() const { return widgets_; }

    // True until install_fonts has run for the current theme and text scale.
    bool fonts_dirty() const { return fonts_dirty_; }
    // Requires a current ImGui context and no frame in progress. Rebuilds `atlas` at the current
    // text scale and applies the theme to ImGui's style.
    Status install_fonts(ImFontAtlas& atlas);

    // Pictures (photo thumbnails): the host drawing this context says where textures are made.
    void set_texture_sink(std::weak_ptr<TextureSink> sink) { textures_ = std::move(sink); }
    // A texture of `pixels` on that host; empty when there is none or the upload failed.
    Texture upload(const Pixels& pixels);

    // Bracket the drawing of one frame (after ImGui::NewFrame, before ImGui::Render).
    void begin_frame();
    void end_frame();

  private:
    StringTable strings_;
    std::filesystem::path fonts_dir_;
    Theme theme_ = make_theme(ThemeKind::Standard);
    FontSet fonts_;
    WidgetRegistry widgets_;
    bool fonts_dirty_ = true;
    std::weak_ptr<TextureSink> textures_;
};

}  // namespace tp::ui
