#include "touchpoint/platform/screenshot.hpp"

#include <chrono>
#include <thread>

namespace tp::platform {

Status render_png(ui::UiContext& ctx, const ScreenshotOptions& options, const DrawFn& draw,
                  const std::filesystem::path& png) {
    auto host = Host::open_offscreen(options.width, options.height, ctx);
    if (!host) return host.error();
    for (int i = 1; i < options.frames; ++i) (*host)->frame(draw);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (options.settled && !options.settled() && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        (*host)->frame(draw);
    }
    auto image = (*host)->frame_and_capture(draw);
    if (!image) return image.error();
    return write_png(*image, png);
}

}  // namespace tp::platform
