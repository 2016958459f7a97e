#include "kiosk_settings.hpp"

#include <cstdio>

#include "touchpoint/english_text.hpp"
#include "touchpoint/log.hpp"

namespace tp::kiosk {

void add_look_settings(settings::Settings& s, KioskSettings& o) {
    s.text("language", o.language, "language of the screens at the start and after each customer: "
                                   "a code of assets/strings/languages.json (en, es, fr, de)")
        .texts("locale", o.locales, "LANG=LOCALE, e.g. de=de-AT: dates, times and numbers of that "
                                    "language as in that ICU locale (repeatable)")
        .flag("high_contrast", o.high_contrast, "start in the high-contrast theme")
        .number("text_scale", o.text_scale, 1.0, 2.0, "text size at the start: a number from 1.0 to 2.0")
        .whole("width", o.width, 320, 16384, "window width in pixels (not full screen)")
        .whole("height", o.height, 240, 16384, "window height in pixels (not full screen)")
        .text("assets_dir", o.assets_dir, "the folder holding strings/ (default: "
                                          "/usr/share/touchpoint, or the source tree's assets/)")
        .text("fonts_dir", o.fonts_dir, "the folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf "
                                        "(default: Debian's /usr/share/fonts/truetype/dejavu)")
        .choice("log_level", o.log_level, {"debug", "info", "warn", "error", "off"},
                "log to stderr (the journal under systemd) from this level up");
}

void add_kiosk_settings(settings::Settings& s, KioskSettings& o) {
    s.filled_text("db", o.db, "the terminal's database file (its folder must exist, mode 0700)")
        .text("service", o.service, "the case service's address (default: the one given at enrollment)")
        .flag("fullscreen", o.fullscreen, "run full screen")
        .whole("idle_timeout", o.idle_timeout_s, 5, 3600,
               "seconds without a touch before a customer's session ends: 5 to 3600")
        .whole("forget_after_days", o.forget_after_days, 0, 3650,
               "days after which customers of other stores not served here are forgotten "
               "(0 keeps every customer): 0 to 3650")
        .whole("prune_after_days", o.prune_after_days, 0, 3650,
               "days an answered command is kept once settled (0 keeps every one): 0 to 3650")
        .whole("drop_photos_after_hours", o.drop_photos_after_hours, 0, 87600,
               "hours a photo's bytes are kept once the service confirmed it (0: dropped then)")
        .whole("heartbeat_interval", o.heartbeat_interval_s, 0, 86400,
               "least seconds between two heartbeats to the fleet page (0 sends none)")
        .flag("insecure", o.insecure, "do not verify the service's TLS certificate (tests only)")
        .text("ca_file", o.ca_file, "PEM file of the CA that signed the service's certificate");
    add_look_settings(s, o);
}

std::optional<ui::UiContext> load_ui(const KioskSettings& o) {
    log::set_level(*log::level_from_string(o.log_level));
    const std::filesystem::path assets = o.assets_dir.empty() ? ui::default_assets_dir() : std::filesystem::path(o.assets_dir);
    const std::filesystem::path fonts = o.fonts_dir.empty() ? ui::default_fonts_dir() : std::filesystem::path(o.fonts_dir);
    auto ctx = ui::UiContext::load(assets, fonts);
    if (!ctx) {
        report_failure(ctx.error());
        return std::nullopt;
    }
    if (!ctx->strings().supports(o.language)) {
        std::string codes;
        for (const auto& code : ctx->strings().language_codes()) codes += (codes.empty() ? "" : ", ") + code;
        std::fprintf(stderr, "touchpoint: language must be one of %s, not \"%s\"\n", codes.c_str(),
                     o.language.c_str());
        return std::nullopt;
    }
    if (auto locales = ctx->strings().set_locales(o.locales); !locales) {
        report_failure(locales.error());
        return std::nullopt;
    }
    ctx->set_language(o.language);
    ctx->set_theme(o.high_contrast ? ui::ThemeKind::HighContrast : ui::ThemeKind::Standard);
    ctx->set_text_scale(static_cast<float>(o.text_scale));
    return std::optional<ui::UiContext>(std::move(*ctx));
}

int report_failure(const Error& e) {
    std::fprintf(stderr, "touchpoint: %s\n", english_text(e).c_str());
    if (!e.detail.empty()) std::fprintf(stderr, "  (%s)\n", e.detail.c_str());
    return 1;
}

}  // namespace tp::kiosk
