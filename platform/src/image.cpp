#include "touchpoint/platform/image.hpp"

#include <stb_image_write.h>

namespace tp::platform {

std::uint32_t Image::pixel(int x, int y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 4;
    return (std::uint32_t{rgba[i]} << 24) | (std::uint32_t{rgba[i + 1]} << 16) | (std::uint32_t{rgba[i + 2]} << 8) |
           std::uint32_t{rgba[i + 3]};
}

Status write_png(const Image& image, const std::filesystem::path& path) {
    if (image.width <= 0 || image.height <= 0 ||
        image.rgba.size() != static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 4)
        return Error{Errc::InvalidInput, "error.picture_not_saved", "empty or inconsistent image"};
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    const int ok = stbi_write_png(path.c_str(), image.width, image.height, 4, image.rgba.data(), image.width * 4);
    if (!ok) return Error{Errc::NotFound, "error.picture_not_saved", "stbi_write_png failed: " + path.string()};
    return Ok{};
}

}  // namespace tp::platform
