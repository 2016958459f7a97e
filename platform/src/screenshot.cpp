#include "touchpoint/platform/screenshot.hpp"

namespace tp::platform {

Status render_png(ui::UiContext& ctx, const ScreenshotOptions& options, const DrawFn& draw,
                  const std::filesystem::path& png) {
    auto host = Host::open_offscreen(options.width, options.height, ctx);
    if (!host) return host.error();
    for (int i = 1; i < options.frames; ++i) (*host)->frame(draw);
    auto image = (*host)->frame_and_capture(draw);
    if (!image) return image.error();
    return write_png(*image, png);
}

}  // namespace tp::platform
