#include "kiosk_main.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "demo_terminal.hpp"
#include "kiosk_app.hpp"
#include "probe.hpp"
#include "touchpoint/english_text.hpp"
#include "touchpoint/log.hpp"
#include "touchpoint/platform/host.hpp"
#include "touchpoint/platform/screenshot.hpp"
#include "touchpoint/sync/cli.hpp"
#include "touchpoint/sync/runtime.hpp"
#include "touchpoint/ui/screens/app_shell.hpp"

namespace tp::kiosk {
namespace {

struct Options {
    std::string db = "touchpoint.db";
    std::string service;
    std::string screenshot;
    std::string capture;  // with --frames: the last frame of the live kiosk, as PNG
    std::string probe;    // what each frame showed, for tests driving the window (probe.hpp)
    std::string scene = "attract";
    std::string identify, pin;  // a customer served from the start (demos, the live capture)
    std::string lang = "en";
    std::vector<std::string> locales;  // --locale de=de-AT: a language's ICU locale, over languages.json's
    bool high_contrast = false;
    float scale = 1.0f;
    bool fullscreen = false;
    bool insecure = false;
    std::string ca_file;
    long frames = -1;
    long idle_timeout_s = 60;
    long forget_after_days = 14;  // customers of other stores not served for this long
    int width = 1280, height = 800;
};

const char* kUsage =
    "usage:\n"
    "  touchpoint [--db FILE] [--service URL] [--fullscreen] [--lang en|es|fr|de]\n"
    "             [--locale LANG=LOCALE]...   e.g. de=de-AT: dates, times and numbers of German as in Austria\n"
    "             [--idle-timeout SECONDS] [--forget-after-days DAYS] [--insecure] [--ca-file PEM]\n"
    "             [--frames N [--capture OUT.png]]\n"
    "             [--probe FILE]   writes what each frame shows (widgets, texts) to FILE as JSON\n"
    "             [--identify LOYALTY_NUMBER --pin PIN]   starts serving that customer (demos)\n"
    "  touchpoint --screenshot OUT.png [--scene NAME] [--lang L] [--high-contrast] [--scale S]\n"
    "             [--size WxH]   renders one screen with demo data, no display needed\n"
    "  touchpoint enroll|sync|status|queue ...   headless command line (touchpoint sync --help)\n"
    "  any form takes --log-level debug|info|warn|error|off (stderr; default info)\n"
    "scenes: ";

int usage(int code) {
    std::fputs(kUsage, code == 0 ? stdout : stderr);
    for (auto id : ui::all_screens()) std::fprintf(code == 0 ? stdout : stderr, "%s ", ui::scene_name(id));
    std::fputs("\n", code == 0 ? stdout : stderr);
    return code;
}

bool parse(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* v = nullptr;
        if (arg == "--fullscreen") o.fullscreen = true;
        else if (arg == "--high-contrast") o.high_contrast = true;
        else if (arg == "--insecure") o.insecure = true;
        else if (arg == "--db" && (v = value())) o.db = v;
        else if (arg == "--service" && (v = value())) o.service = v;
        else if (arg == "--screenshot" && (v = value())) o.screenshot = v;
        else if (arg == "--capture" && (v = value())) o.capture = v;
        else if (arg == "--probe" && (v = value())) o.probe = v;
        else if (arg == "--identify" && (v = value())) o.identify = v;
        else if (arg == "--pin" && (v = value())) o.pin = v;
        else if (arg == "--scene" && (v = value())) o.scene = v;
        else if (arg == "--lang" && (v = value())) o.lang = v;
        else if (arg == "--locale" && (v = value())) o.locales.push_back(v);
        else if (arg == "--scale" && (v = value())) o.scale = std::strtof(v, nullptr);
        else if (arg == "--ca-file" && (v = value())) o.ca_file = v;
        else if (arg == "--frames" && (v = value())) o.frames = std::strtol(v, nullptr, 10);
        else if (arg == "--idle-timeout" && (v = value())) o.idle_timeout_s = std::strtol(v, nullptr, 10);
        else if (arg == "--forget-after-days" && (v = value())) {
            char* end = nullptr;
            o.forget_after_days = std::strtol(v, &end, 10);
            if (end == v || *end != '\0' || o.forget_after_days < 0 || o.forget_after_days > 3650) return false;
        }
        else if (arg == "--size" && (v = value())) {
            if (std::sscanf(v, "%dx%d", &o.width, &o.height) != 2) return false;
        } else return false;
    }
    if (o.identify.empty() != o.pin.empty()) return false;
    return o.idle_timeout_s > 0 && o.width >= 320 && o.height >= 240 && (o.capture.empty() || o.frames > 0);
}

int fail(const Error& e) {
    std::fprintf(stderr, "touchpoint: %s\n", english_text(e).c_str());
    if (!e.detail.empty()) std::fprintf(stderr, "  (%s)\n", e.detail.c_str());
    return 1;
}

void apply_look(ui::UiContext& ctx, const Options& o, ui::ScreenState& state) {
    state.high_contrast = o.high_contrast;
    state.text_scale = o.scale;
    ctx.set_theme(o.high_contrast ? ui::ThemeKind::HighContrast : ui::ThemeKind::Standard);
    ctx.set_text_scale(o.scale);
}

int screenshot(const Options& o, ui::UiContext& ctx) {
    auto scene = ui::scene_from_name(o.scene);
    if (!scene) return usage(2);
    std::error_code ec;
    auto dir = std::filesystem::temp_directory_path() / ("touchpoint-shot-" + std::to_string(::getpid()));
    if (!create_private_directory(dir.string()))
        return fail(Error{Errc::DbCannotOpen, "error.demo_failed", dir.string()});
    int rc = 0;
    {
        auto demo = DemoTerminal::start(dir, 40);
        if (!demo) {
            rc = fail(demo.error());
        } else {
            ui::Nav nav;
            ui::ScreenState state;
            NoOnlineActions online;
            apply_look(ctx, o, state);
            if (auto ready = (*demo)->prepare(*scene, o.lang, nav, &state); !ready) {
                rc = fail(ready.error());
            } else {
                state.generation = (*demo)->core().snapshot().session_generation;
                platform::ScreenshotOptions shot;
                shot.width = o.width;
                shot.height = o.height;
                shot.settled = [&] { return !ui::background_busy(state); };
                auto status = platform::render_png(ctx, shot, [&] {
                    const auto& snap = (*demo)->core().snapshot();
                    ui::ScreenEnv env{ctx, (*demo)->core(), snap, online, nav, state};
                    ui::draw_app(env);
                }, o.screenshot);
                rc = status ? 0 : fail(status.error());
                if (rc == 0) std::printf("wrote %s (%s, %s)\n", o.screenshot.c_str(), o.scene.c_str(), o.lang.c_str());
            }
        }
    }
    std::filesystem::remove_all(dir, ec);
    return rc;
}

int run_kiosk(const Options& o, ui::UiContext& ctx) {
    sync::RuntimeConfig config;
    config.db_path = o.db;
    config.service_url = o.service;
    config.tls.verify = !o.insecure;
    config.tls.ca_file = o.ca_file;
    config.terminal.session.idle_timeout = o.idle_timeout_s * 1000;
    config.engine.customer_retention = o.forget_after_days * 24 * 3'600'000LL;
    SystemClock clock;
    KioskLook look;
    look.high_contrast = o.high_contrast;
    look.text_scale = o.scale;
    look.language = o.lang;
    auto app = KioskApp::open(config, clock, ctx, look);
    if (!app) return fail(app.error());
    platform::WindowConfig window;
    window.fullscreen = o.fullscreen;
    window.width = o.width;
    window.height = o.height;
    auto host = platform::Host::open_window(window, ctx);
    if (!host) return fail(host.error());
    if (!o.identify.empty())
        if (auto served = (*app)->identify_customer(o.identify, o.pin); !served) return fail(served.error());
    std::optional<Probe> probe;
    if (!o.probe.empty()) probe.emplace(o.probe);
    const auto draw = [&] { (*app)->draw_frame(); };
    // After the frame, not inside it: only then are that frame's widgets and texts published.
    const auto record = [&] {
        if (probe)
            probe->frame_drawn(ctx.widgets(), ui::scene_name((*app)->drawn_screen()),
                               (*app)->core().snapshot(), (*app)->state(), (*host)->width(), (*host)->height());
    };
    if (o.frames < 0) {
        platform::run(**host, draw, [&] { return (*app)->wants_frame(); }, record);
    } else {
        for (long i = 0; i + 1 < o.frames && (*host)->pump_events(); ++i) {
            (*host)->frame(draw);
            record();
        }
        if (o.capture.empty()) {
            (*host)->frame(draw);
            record();
        } else {
            auto image = (*host)->frame_and_capture(draw);
            if (!image) return fail(image.error());
            if (auto written = platform::write_png(*image, o.capture); !written) return fail(written.error());
            std::printf("wrote %s (the live kiosk after %ld frames)\n", o.capture.c_str(), o.frames);
        }
    }
    return 0;
}

}  // namespace

int kiosk_main(int argc, char** argv) {
    // --log-level works with every form, the kiosk and the command line alike.
    if (!log::take_log_level_flag(argc, argv)) return 2;
    if (argc > 1 && sync::is_cli_verb(argv[1])) {
        std::vector<std::string> args(argv + 1, argv + argc);
        if (args.size() > 1 && (args[1] == "--help" || args[1] == "-h")) {
            std::fputs(sync::cli_usage().c_str(), stdout);
            return 0;
        }
        return sync::run_cli(args);
    }
    if (argc > 1 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) return usage(0);
    Options o;
    if (!parse(argc, argv, o)) return usage(2);
    auto ctx = ui::UiContext::load(ui::default_assets_dir());
    if (!ctx) return fail(ctx.error());
    if (auto locales = ctx->strings().set_locales(o.locales); !locales) return fail(locales.error());
    ctx->set_language(o.lang);
    return o.screenshot.empty() ? run_kiosk(o, *ctx) : screenshot(o, *ctx);
}

}  // namespace tp::kiosk
