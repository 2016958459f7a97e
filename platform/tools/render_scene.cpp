// touchpoint-render: draws a scene offscreen and writes a PNG; no display needed.
//   touchpoint-render [--scene demo] [--lang en|es|fr|de] [--theme standard|high_contrast]
//                     [--scale 1.0] [--size 1280x800] [--type TEXT] [--online] --out FILE.png

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "touchpoint/english_text.hpp"
#include "touchpoint/platform/screenshot.hpp"
#include "touchpoint/ui/demo_scene.hpp"

namespace {

int usage() {
    std::fprintf(stderr,
                 "usage: touchpoint-render [--scene demo] [--lang en|es|fr|de] "
                 "[--theme standard|high_contrast] [--scale S] [--size WxH] [--type TEXT] [--online] --out FILE.png\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string scene = "demo", lang = "en", theme = "standard", out, typed = "José Müller ß";
    float scale = 1.0f;
    int width = 1280, height = 800;
    bool online = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--scene" && has_value) scene = argv[++i];
        else if (arg == "--lang" && has_value) lang = argv[++i];
        else if (arg == "--theme" && has_value) theme = argv[++i];
        else if (arg == "--scale" && has_value) scale = std::strtof(argv[++i], nullptr);
        else if (arg == "--type" && has_value) typed = argv[++i];
        else if (arg == "--online") online = true;
        else if (arg == "--out" && has_value) out = argv[++i];
        else if (arg == "--size" && has_value) {
            if (std::sscanf(argv[++i], "%dx%d", &width, &height) != 2) return usage();
        } else return usage();
    }
    if (out.empty() || scene != "demo") return usage();

    auto ctx = tp::ui::UiContext::load(tp::ui::default_assets_dir());
    if (!ctx) {
        std::fprintf(stderr, "touchpoint-render: %s (%s)\n", tp::english_text(ctx.error()).c_str(), ctx.error().detail.c_str());
        return 1;
    }
    if (!ctx->set_language(lang)) return usage();
    ctx->set_theme(theme == "high_contrast" ? tp::ui::ThemeKind::HighContrast : tp::ui::ThemeKind::Standard);
    ctx->set_text_scale(scale);

    tp::ui::DemoScene demo;
    demo.text = typed;
    demo.online = online;
    tp::platform::ScreenshotOptions options;
    options.width = width;
    options.height = height;
    auto st = tp::platform::render_png(*ctx, options, [&] { tp::ui::draw_demo_scene(*ctx, demo); }, out);
    if (!st) {
        std::fprintf(stderr, "touchpoint-render: %s (%s)\n", tp::english_text(st.error()).c_str(), st.error().detail.c_str());
        return 1;
    }
    std::printf("%s\n", out.c_str());
    return 0;
}
