#pragma once
// Draws ImGui's draw data into 32-bit RGBA pixels on the CPU: the offscreen host's renderer.
// SDL's software renderer treats every ImGui triangle as a general one and costs ~60 ms for a
// 1920x1080 kiosk frame; this one fills ImGui's axis-aligned rectangles (backgrounds, glyphs,
// images) as spans and scan-converts only the rest.
//
// Contract: straight alpha blending (src·a + dst·(1−a)); nearest-texel sampling; each command
// clipped to its clip rectangle truncated to whole pixels; rectangles placed as SDL's renderer
// places them (origin and size truncated, so text and images land on the same pixels); other
// triangles cover the pixels whose centres they contain, as GPU renderers do (SDL's software
// triangles sample pixel corners: their anti-aliased edges sit half a pixel up and left), and
// triangles that share an edge cover each pixel of it once. Colours are IM_COL32 (bytes R, G, B,
// A in memory).

#include <imgui.h>

#include <cstdint>
#include <functional>

namespace tp::platform {

// Pixels a rasterizer draws into or samples; `stride` counts pixels, not bytes.
struct PixelView {
    std::uint32_t* pixels = nullptr;
    int width = 0, height = 0, stride = 0;
};

// The pixels behind a texture id, or a view with no pixels when it is unknown (its triangles
// are then drawn as if the texture were white).
using TextureLookup = std::function<PixelView(ImTextureID)>;

// Fills the whole target with one colour.
void clear_pixels(const PixelView& target, std::uint32_t colour);

// Draws every command of `data` (display position subtracted, framebuffer scale 1).
void rasterize(const ImDrawData& data, const PixelView& target, const TextureLookup& textures);

}  // namespace tp::platform
