#pragma once
// The kiosk's configuration: keys of /etc/touchpoint/touchpoint.toml and flags of `touchpoint`
// (packaging/touchpoint.toml documents every key), and what both programs of the kiosk side
// (`touchpoint`, `touchpoint-demo`) do with the look and the assets.

#include <optional>
#include <string>
#include <vector>

#include "touchpoint/error.hpp"
#include "touchpoint/settings.hpp"
#include "touchpoint/ui/context.hpp"

namespace tp::kiosk {

inline constexpr const char* kDefaultConfigFile = "/etc/touchpoint/touchpoint.toml";

struct KioskSettings {
    std::string db = "touchpoint.db";
    std::string service;  // empty: the address kept from enrollment
    std::string language = "en";
    std::vector<std::string> locales;  // "de=de-AT": a language's ICU locale, over languages.json's
    bool high_contrast = false;
    double text_scale = 1.0;
    bool fullscreen = false;
    long long width = 1280, height = 800;
    long long idle_timeout_s = 60;
    long long forget_after_days = 14;  // customers of other stores not served for this long
    long long prune_after_days = 30;   // answered commands, once settled
    long long drop_photos_after_hours = 0;  // a confirmed photo's bytes
    long long heartbeat_interval_s = 60;     // the fleet page's health
    bool insecure = false;
    std::string ca_file;
    std::string assets_dir;  // empty: ui::default_assets_dir()
    std::string fonts_dir;   // empty: ui::default_fonts_dir()
    std::string log_level = "info";
};

// The look: everything `touchpoint-demo` shares with the kiosk.
void add_look_settings(settings::Settings& s, KioskSettings& o);
// Every key of the kiosk's configuration (the look included).
void add_kiosk_settings(settings::Settings& s, KioskSettings& o);

// Applies the log level, loads strings and fonts, checks the language and locales and applies
// the look. On failure the reason is printed (the caller exits with status 2).
std::optional<ui::UiContext> load_ui(const KioskSettings& o);

// Prints `e` as the command line reports failures and returns exit status 1.
int report_failure(const Error& e);

}  // namespace tp::kiosk
