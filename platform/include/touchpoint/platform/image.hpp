#pragma once
// Captured frames and PNG output (stb_image_write). No SDL in this header.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "touchpoint/error.hpp"

namespace tp::platform {

struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;  // width * height * 4, rows top to bottom

    // Pixel at (x, y) as 0xRRGGBBAA. Requires 0 <= x < width and 0 <= y < height.
    std::uint32_t pixel(int x, int y) const;
};

// Writes `image` as an 8-bit RGBA PNG, creating parent directories. Fails with InvalidInput for
// an empty or inconsistent image and NotFound when the file cannot be written.
Status write_png(const Image& image, const std::filesystem::path& path);

}  // namespace tp::platform
