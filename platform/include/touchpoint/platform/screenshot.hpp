#pragma once
// Headless screenshots: render a scene offscreen (no display, no video driver) and save a PNG.

#include <filesystem>

#include "touchpoint/error.hpp"
#include "touchpoint/platform/host.hpp"

namespace tp::platform {

struct ScreenshotOptions {
    int width = 1280;
    int height = 800;
    int frames = 3;  // ImGui lays windows out over a couple of frames; the last one is saved
};

// Opens an offscreen host of the given size, draws `frames` frames of `draw` and writes the last
// one to `png`.
Status render_png(ui::UiContext& ctx, const ScreenshotOptions& options, const DrawFn& draw,
                  const std::filesystem::path& png);

}  // namespace tp::platform
