#pragma once
// Headless screenshots: render a scene offscreen (no display, no video driver) and save a PNG.

#include <filesystem>
#include <functional>

#include "touchpoint/error.hpp"
#include "touchpoint/platform/host.hpp"

namespace tp::platform {

struct ScreenshotOptions {
    int width = 1280;
    int height = 800;
    int frames = 3;  // ImGui lays windows out over a couple of frames; the last one is saved
    // When set, frames go on being drawn (for at most 20 s) until it holds — the screens' work
    // off the frame, such as the photo picker's thumbnails, is done — and the next one is saved.
    std::function<bool()> settled;
};

// Opens an offscreen host of the given size, draws `frames` frames of `draw` and writes the last
// one to `png`.
Status render_png(ui::UiContext& ctx, const ScreenshotOptions& options, const DrawFn& draw,
                  const std::filesystem::path& png);

}  // namespace tp::platform
