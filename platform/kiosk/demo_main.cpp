// touchpoint-demo: renders one kiosk screen with the reference service's demo data to a PNG, no
// display needed. See `touchpoint-demo --help`.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "demo_terminal.hpp"
#include "kiosk_settings.hpp"
#include "touchpoint/platform/screenshot.hpp"
#include "touchpoint/store.hpp"

namespace tp::kiosk {
namespace {

int screenshot(const KioskSettings& o, const std::string& scene_name, const std::string& out,
               ui::UiContext& ctx) {
    const auto scene = ui::scene_from_name(scene_name);
    if (!scene) {
        std::fprintf(stderr, "touchpoint-demo: there is no scene \"%s\" (see --help)\n", scene_name.c_str());
        return 2;
    }
    std::error_code ec;
    auto dir = std::filesystem::temp_directory_path() / ("touchpoint-shot-" + std::to_string(::getpid()));
    if (!create_private_directory(dir.string()))
        return report_failure(Error{Errc::DbCannotOpen, "error.demo_failed", dir.string()});
    int rc = 0;
    {
        auto demo = DemoTerminal::start(dir, 40);
        if (!demo) {
            rc = report_failure(demo.error());
        } else {
            ui::Nav nav;
            ui::ScreenState state;
            state.high_contrast = o.high_contrast;
            state.text_scale = static_cast<float>(o.text_scale);
            NoOnlineActions online;
            if (auto ready = (*demo)->prepare(*scene, o.language, nav, &state); !ready) {
                rc = report_failure(ready.error());
            } else {
                state.generation = (*demo)->core().snapshot().session_generation;
                platform::ScreenshotOptions shot;
                shot.width = static_cast<int>(o.width);
                shot.height = static_cast<int>(o.height);
                shot.settled = [&] { return !ui::background_busy(state); };
                auto status = platform::render_png(ctx, shot, [&] {
                    const auto& snap = (*demo)->core().snapshot();
                    ui::ScreenEnv env{ctx, (*demo)->core(), snap, online, nav, state};
                    ui::draw_app(env);
                }, out);
                rc = status ? 0 : report_failure(status.error());
                if (rc == 0) std::printf("wrote %s (%s, %s)\n", out.c_str(), scene_name.c_str(), o.language.c_str());
            }
        }
    }
    std::filesystem::remove_all(dir, ec);
    return rc;
}

std::string scene_names() {
    std::string out;
    for (auto id : ui::all_screens()) out += std::string(out.empty() ? "" : " ") + ui::scene_name(id);
    return out;
}

}  // namespace
}  // namespace tp::kiosk

int main(int argc, char** argv) {
    using namespace tp::kiosk;
    KioskSettings o;
    std::string scene = "attract", out;
    tp::settings::Settings s("touchpoint-demo",
                             "Renders one kiosk screen with demo data (an in-process reference "
                             "service) to a PNG; no display needed.",
                             "");
    add_look_settings(s, o);
    s.app().add_option("--screenshot", out, "the PNG to write")->required();
    s.app().add_option("--scene", scene, "the screen to show: " + scene_names());
    if (auto rc = s.parse(argc, argv)) return *rc;
    auto ctx = load_ui(o);
    if (!ctx) return 2;
    return screenshot(o, scene, out, *ctx);
}
