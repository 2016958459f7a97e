#include "kiosk_main.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "kiosk_app.hpp"
#include "kiosk_settings.hpp"
#include "kiosk_window.hpp"
#include "probe.hpp"
#include "touchpoint/english_text.hpp"
#include "touchpoint/service_manager.hpp"
#include "touchpoint/platform/host.hpp"
#include "touchpoint/platform/screenshot.hpp"
#include "touchpoint/sync/cli.hpp"
#include "touchpoint/sync/runtime.hpp"

namespace tp::kiosk {
namespace {

// Flags for demos and tests, not configuration.
struct RunFlags {
    std::string capture;  // with --frames: the last frame of the live kiosk, as PNG
    std::string probe;    // what each frame showed, for tests driving the window (probe.hpp)
    std::string identify, pin;  // a customer served from the start (demos, the live capture)
    long long frames = -1;
};

int run_kiosk(const KioskSettings& o, const RunFlags& run, ui::UiContext& ctx) {
    sync::RuntimeConfig config;
    config.db_path = o.db;
    config.service_url = o.service;
    config.tls.verify = !o.insecure;
    config.tls.ca_file = o.ca_file;
    config.terminal.session.idle_timeout = o.idle_timeout_s * 1000;
    constexpr Millis kHourMs = 3'600'000LL;
    config.engine.customer_retention = o.forget_after_days * 24 * kHourMs;
    config.engine.answered_command_retention = o.prune_after_days * 24 * kHourMs;
    config.engine.confirmed_photo_retention = o.drop_photos_after_hours * kHourMs;
    config.engine.heartbeat_interval = o.heartbeat_interval_s * 1000LL;
    SystemClock clock;
    KioskLook look;
    look.high_contrast = o.high_contrast;
    look.text_scale = static_cast<float>(o.text_scale);
    look.language = o.language;
    auto app = KioskApp::open(config, clock, ctx, look);
    if (!app) return report_failure(app.error());
    platform::WindowConfig window;
    window.fullscreen = o.fullscreen;
    window.width = static_cast<int>(o.width);
    window.height = static_cast<int>(o.height);
    auto host = platform::Host::open_window(window, ctx);
    if (!host) return report_failure(host.error());
    if (!run.identify.empty())
        if (auto served = (*app)->identify_customer(run.identify, run.pin); !served)
            return report_failure(served.error());
    std::optional<Probe> probe;
    if (!run.probe.empty()) probe.emplace(run.probe);
    const auto draw = [&] { (*app)->draw_frame(); };
    // After the frame, not inside it: only then are that frame's widgets and texts published.
    const auto record = [&] {
        if (probe)
            probe->frame_drawn(ctx.widgets(), ui::scene_name((*app)->drawn_screen()),
                               (*app)->core().snapshot(), (*app)->state(), (*host)->width(), (*host)->height());
    };
    service_manager::Notifier notifier;
    const auto drawn = [&] {
        record();
        notifier.ready("serving");
    };
    if (run.frames < 0) {
        const int status = run_kiosk_window(**host, **app, o.fullscreen, drawn, [&] { notifier.alive(); });
        notifier.stopping(status == kExitStaffClosedKiosk ? "closed by staff" : "the window was closed");
        return status;
    } else {
        for (long long i = 0; i + 1 < run.frames && (*host)->pump_events(); ++i) {
            notifier.alive();
            (*host)->frame(draw);
            drawn();
            apply_kiosk_mode(**host, **app, o.fullscreen);
        }
        if (run.capture.empty()) {
            (*host)->frame(draw);
            drawn();
        } else {
            auto image = (*host)->frame_and_capture(draw);
            if (!image) return report_failure(image.error());
            if (auto written = platform::write_png(*image, run.capture); !written)
                return report_failure(written.error());
            std::printf("wrote %s (the live kiosk after %lld frames)\n", run.capture.c_str(), run.frames);
        }
    }
    return 0;
}

// `touchpoint VERB ...`: the headless command line, with the configuration file's defaults.
int run_verb(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() > 1 && (args[1] == "--help" || args[1] == "-h")) {
        std::fputs(sync::cli_usage().c_str(), stdout);
        return 0;
    }
    std::string config_file;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--config" && i + 1 < args.size()) config_file = args[i + 1];
        if (args[i].rfind("--config=", 0) == 0) config_file = args[i].substr(9);
    }
    KioskSettings o;
    settings::Settings s("touchpoint", "", kDefaultConfigFile);
    add_kiosk_settings(s, o);
    if (auto rc = s.load_file(config_file)) return *rc;
    sync::CliDefaults defaults;
    defaults.db = o.db;
    defaults.service = o.service;
    defaults.log_level = o.log_level;
    defaults.ca_file = o.ca_file;
    defaults.insecure = o.insecure;
    defaults.forget_after_days = o.forget_after_days;
    defaults.prune_after_days = o.prune_after_days;
    defaults.drop_photos_after_hours = o.drop_photos_after_hours;
    defaults.heartbeat_interval_s = o.heartbeat_interval_s;
    return sync::run_cli(args, defaults);
}

}  // namespace

int kiosk_main(int argc, char** argv) {
    if (argc > 1 && sync::is_cli_verb(argv[1])) return run_verb(argc, argv);
    KioskSettings o;
    RunFlags run;
    settings::Settings s("touchpoint",
                         "Touchpoint: the store kiosk and terminal. Also: touchpoint "
                         "enroll|sync|status|queue|outbox ... (touchpoint sync --help).",
                         kDefaultConfigFile);
    add_kiosk_settings(s, o);
    auto& app = s.app();
    app.add_option("--frames", run.frames, "draw this many frames, then exit (tests, demos)")
        ->check(CLI::Range(1LL, 1'000'000LL));
    app.add_option("--capture", run.capture, "with --frames: save the last frame as this PNG")
        ->needs("--frames");
    app.add_option("--probe", run.probe, "write what each frame shows (widgets, texts) to this JSON file");
    auto* identify = app.add_option("--identify", run.identify,
                                    "serve the customer with this loyalty number from the start (demos)");
    auto* pin = app.add_option("--pin", run.pin, "that customer's PIN");
    identify->needs(pin);
    pin->needs(identify);
    if (auto rc = s.parse(argc, argv)) return *rc;
    auto ctx = load_ui(o);
    if (!ctx) return 2;
    return run_kiosk(o, run, *ctx);
}

}  // namespace tp::kiosk
