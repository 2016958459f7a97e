#include "demo_photos.hpp"

#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace tp::kiosk {
namespace {

struct Rgb {
    float r, g, b;
};

using Painter = std::function<Rgb(float x, float y)>;  // x, y in 0..1

std::vector<std::uint8_t> paint(int w, int h, const Painter& at) {
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    std::size_t i = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const Rgb c = at(static_cast<float>(x) / static_cast<float>(w), static_cast<float>(y) / static_cast<float>(h));
            for (float v : {c.r, c.g, c.b}) rgb[i++] = static_cast<std::uint8_t>(std::clamp(v, 0.0f, 255.0f));
        }
    return rgb;
}

bool inside_circle(float x, float y, float cx, float cy, float r) { return (x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r; }

// A boiler on a wall: a white casing with a dial and a display.
Rgb boiler(float x, float y) {
    const float wall = 200.0f - 40.0f * y;
    if (x > 0.3f && x < 0.7f && y > 0.12f && y < 0.9f) {
        if (inside_circle(x, y * 0.75f, 0.42f, 0.45f, 0.05f)) return {60, 60, 70};
        if (x > 0.5f && x < 0.64f && y > 0.55f && y < 0.63f) return {40, 150, 210};
        return {245 - 30 * x, 245 - 30 * x, 240};
    }
    return {wall, wall * 0.92f, wall * 0.8f};
}

// A drain pump with the coin that blocked it.
Rgb old_pump(float x, float y) {
    if (inside_circle(x, y * 0.75f, 0.62f, 0.42f, 0.05f)) return {205, 160, 60};
    if (inside_circle(x, y * 0.75f, 0.5f, 0.38f, 0.22f)) return {70 + 40 * y, 72 + 40 * y, 80};
    return {40 + 60 * x, 60 + 50 * y, 110};
}

Rgb new_pump(float x, float y) {
    if (inside_circle(x, y * 0.75f, 0.5f, 0.38f, 0.06f)) return {30, 30, 30};
    if (inside_circle(x, y * 0.75f, 0.5f, 0.38f, 0.22f)) return {40, 150 - 40 * y, 90};
    return {50 + 40 * x, 70 + 40 * y, 100};
}

// The appliance's rating plate: a silver plate with lines of print.
Rgb rating_plate(float x, float y) {
    if (x < 0.08f || x > 0.92f || y < 0.1f || y > 0.9f) return {60, 60, 64};
    const float line = std::fmod(y * 9.0f, 1.0f);
    const bool print = line > 0.35f && line < 0.6f && x > 0.14f && x < 0.3f + 0.5f * std::fmod(y * 31.0f, 1.0f);
    return print ? Rgb{30, 30, 34} : Rgb{195 + 30 * x, 198 + 30 * x, 205};
}

// The kitchen floor under the appliance.
Rgb kitchen(float x, float y) {
    if (y < 0.45f) return {230, 220 - 30 * x, 190};
    const bool tile = (static_cast<int>(x * 8.0f / (y + 0.2f)) + static_cast<int>(y * 14.0f)) % 2 == 0;
    return tile ? Rgb{180, 90, 60} : Rgb{235, 230, 220};
}

// Camera noise no compressor can shrink: larger than the service's 512 KiB once written.
Rgb noise(float x, float y) {
    std::uint32_t v = static_cast<std::uint32_t>(x * 100003.0f) * 2654435761u ^ static_cast<std::uint32_t>(y * 7919.0f) * 40503u;
    v ^= v >> 13;
    v *= 0x5bd1e995u;
    return {static_cast<float>(v & 0xFF), static_cast<float>((v >> 8) & 0xFF), static_cast<float>((v >> 16) & 0xFF)};
}

Status written(bool ok, const std::filesystem::path& file) {
    if (ok) return Ok{};
    return Error{Errc::NotFound, "error.demo_failed", file.string()};
}

}  // namespace

Status write_demo_photos(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Error{Errc::NotFound, "error.demo_failed", dir.string()};
    {
        const auto file = dir / "visit-notes.txt";
        std::ofstream(file) << "Bring a 22 mm spanner next time.\n";
    }
    const auto big = dir / "panorama.png";
    const int bw = 900, bh = 600;
    if (auto s = written(stbi_write_png(big.c_str(), bw, bh, 3, paint(bw, bh, noise).data(), bw * 3), big); !s) return s;
    struct Photo {
        const char* name;
        Rgb (*painter)(float, float);
    };
    for (const Photo& p : {Photo{"kitchen.jpg", kitchen}, Photo{"boiler-front.jpg", boiler},
                           Photo{"rating-plate.png", rating_plate}, Photo{"pump-blocked.jpg", old_pump},
                           Photo{"pump-replaced.jpg", new_pump}}) {
        const auto file = dir / p.name;
        const bool png = file.extension() == ".png";
        const int w = png ? 480 : 640, h = png ? 320 : 480;
        const auto rgb = paint(w, h, p.painter);
        const int ok = png ? stbi_write_png(file.c_str(), w, h, 3, rgb.data(), w * 3)
                           : stbi_write_jpg(file.c_str(), w, h, 3, rgb.data(), 85);
        if (auto s = written(ok != 0, file); !s) return s;
    }
    return Ok{};
}

}  // namespace tp::kiosk
