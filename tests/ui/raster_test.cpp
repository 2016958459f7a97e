// The CPU rasterizer (platform/src/raster.hpp) against its contract: exact rectangles and clips,
// each pixel of a shared edge drawn once, textures sampled at the nearest texel, straight alpha
// blending — and, for a whole ImGui scene (text, rounded and anti-aliased shapes), the picture
// SDL's own software renderer draws from the same draw data, up to the half pixel by which SDL's
// triangles (sampled at pixel corners) differ from pixel-centre sampling.

#include <SDL.h>
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include <cmath>
#include <cstdlib>
#include <vector>

#include "raster.hpp"

namespace tp::platform {
namespace {

constexpr int W = 160, H = 120;
constexpr std::uint32_t kBackground = IM_COL32(240, 240, 240, 255);

struct Frame {
    std::vector<std::uint32_t> pixels = std::vector<std::uint32_t>(W * H, kBackground);
    PixelView view() { return {pixels.data(), W, H, W}; }
    std::uint32_t at(int x, int y) const { return pixels[static_cast<std::size_t>(y * W + x)]; }
};

// One ImGui context with a built font atlas; draw() adds shapes to the foreground list.
class Scene {
  public:
    Scene() {
        ctx_ = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(W, H);
        io.DeltaTime = 1.0f / 60;
        unsigned char* px = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
        io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(&atlas_tag_));
        ImGui::GetStyle().AntiAliasedFill = false;
        ImGui::GetStyle().AntiAliasedLines = false;
    }
    ~Scene() { ImGui::DestroyContext(ctx_); }

    template <class Draw> const ImDrawData& draw(Draw&& d) {
        ImGui::NewFrame();
        d(*ImGui::GetForegroundDrawList());
        ImGui::Render();
        return *ImGui::GetDrawData();
    }
    TextureLookup lookup(const std::vector<std::uint32_t>* image = nullptr, int iw = 0, int ih = 0) {
        return [=, this](ImTextureID id) -> PixelView {
            if (id == reinterpret_cast<ImTextureID>(&atlas_tag_)) {
                unsigned char* px = nullptr;
                int w = 0, h = 0;
                ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&px, &w, &h);
                return {reinterpret_cast<std::uint32_t*>(px), w, h, w};
            }
            if (image && id == reinterpret_cast<ImTextureID>(const_cast<std::vector<std::uint32_t>*>(image)))
                return {const_cast<std::uint32_t*>(image->data()), iw, ih, iw};
            return {};
        };
    }

  private:
    ImGuiContext* ctx_ = nullptr;
    int atlas_tag_ = 0;
};

TEST_CASE("an opaque rectangle covers exactly the pixels whose centres it contains, within the clip") {
    Scene scene;
    Frame f;
    const ImDrawData& data = scene.draw([](ImDrawList& dl) {
        dl.AddRectFilled(ImVec2(10, 20), ImVec2(30, 25), IM_COL32(200, 0, 0, 255));
        dl.PushClipRect(ImVec2(50, 50), ImVec2(60, 60));
        dl.AddRectFilled(ImVec2(40, 40), ImVec2(100, 100), IM_COL32(0, 0, 200, 255));
        dl.PopClipRect();
    });
    rasterize(data, f.view(), scene.lookup());
    CHECK(f.at(10, 20) == IM_COL32(200, 0, 0, 255));
    CHECK(f.at(29, 24) == IM_COL32(200, 0, 0, 255));
    CHECK(f.at(30, 24) == kBackground);
    CHECK(f.at(29, 25) == kBackground);
    CHECK(f.at(9, 20) == kBackground);
    CHECK(f.at(50, 50) == IM_COL32(0, 0, 200, 255));
    CHECK(f.at(59, 59) == IM_COL32(0, 0, 200, 255));
    CHECK(f.at(49, 55) == kBackground);
    CHECK(f.at(60, 55) == kBackground);
    CHECK(f.at(55, 60) == kBackground);
}

TEST_CASE("half-transparent triangles that share an edge blend each pixel of it once") {
    Scene scene;
    Frame f;
    const std::uint32_t half = IM_COL32(0, 0, 0, 128);
    const ImDrawData& data = scene.draw([&](ImDrawList& dl) {
        // A square split along its diagonal (not an axis-aligned pair: the general path).
        dl.AddTriangleFilled(ImVec2(20.3f, 10.7f), ImVec2(90.1f, 10.7f), ImVec2(90.1f, 80.2f), half);
        dl.AddTriangleFilled(ImVec2(20.3f, 10.7f), ImVec2(90.1f, 80.2f), ImVec2(20.3f, 80.2f), half);
    });
    rasterize(data, f.view(), scene.lookup());
    const std::uint32_t once = f.at(40, 30);
    CHECK(once != kBackground);
    for (int y = 11; y < 80; ++y)
        for (int x = 20; x < 90; ++x) {
            INFO("pixel " << x << "," << y);
            REQUIRE(f.at(x, y) == once);  // no seam drawn twice, no gap
        }
    CHECK(f.at(19, 40) == kBackground);  // centre 19.5 is left of 20.3; 20.5 is in
    CHECK(f.at(90, 40) == kBackground);  // centre 90.5 is right of 90.1
    CHECK(f.at(40, 10) == kBackground);  // centre 10.5 is above 10.7
    CHECK(f.at(40, 80) == kBackground);  // centre 80.5 is below 80.2
}

TEST_CASE("an image is sampled at the nearest texel and blended with straight alpha") {
    Scene scene;
    Frame f;
    // 2x2: red, green / blue, half-transparent black.
    std::vector<std::uint32_t> image = {IM_COL32(255, 0, 0, 255), IM_COL32(0, 255, 0, 255),
                                        IM_COL32(0, 0, 255, 255), IM_COL32(0, 0, 0, 128)};
    const ImDrawData& data = scene.draw([&](ImDrawList& dl) {
        dl.AddImage(reinterpret_cast<ImTextureID>(&image), ImVec2(10, 10), ImVec2(50, 50));
    });
    rasterize(data, f.view(), scene.lookup(&image, 2, 2));
    CHECK(f.at(10, 10) == IM_COL32(255, 0, 0, 255));
    CHECK(f.at(29, 29) == IM_COL32(255, 0, 0, 255));
    CHECK(f.at(30, 10) == IM_COL32(0, 255, 0, 255));
    CHECK(f.at(10, 30) == IM_COL32(0, 0, 255, 255));
    const std::uint32_t blended = f.at(40, 40);
    // 240 * (127 / 255) = 119.5: the background half covered by black.
    CHECK((blended & 0xff) >= 119);
    CHECK((blended & 0xff) <= 120);
    CHECK((blended >> 24) == 255);
}

TEST_CASE("coordinates far outside the target, NaN and an empty texture draw nothing wrong") {
    Scene scene;
    Frame f;
    std::vector<std::uint32_t> empty;
    const float nan = std::nanf("");
    const ImDrawData& data = scene.draw([&](ImDrawList& dl) {
        dl.AddRectFilled(ImVec2(-1e5f, -1e5f), ImVec2(1e5f, 5), IM_COL32(200, 0, 0, 255));
        dl.AddRectFilled(ImVec2(-1e30f, 200), ImVec2(1e30f, 1e30f), IM_COL32(0, 200, 0, 255));
        dl.AddTriangleFilled(ImVec2(nan, 3), ImVec2(50, nan), ImVec2(60, 70), IM_COL32(0, 200, 0, 255));
        dl.AddTriangleFilled(ImVec2(-1e9f, 10), ImVec2(1e9f, 10), ImVec2(80, 1e9f), IM_COL32(0, 0, 200, 128));
        dl.AddImage(reinterpret_cast<ImTextureID>(&empty), ImVec2(10, 90), ImVec2(30, 110));
    });
    rasterize(data, f.view(), scene.lookup(&empty, 0, 0));
    CHECK(f.at(0, 0) == IM_COL32(200, 0, 0, 255));        // the wide rectangle, clipped
    CHECK(f.at(W - 1, 4) == IM_COL32(200, 0, 0, 255));
    CHECK(f.at(20, 100) == IM_COL32(255, 255, 255, 255));  // no pixels: drawn as white
}

TEST_CASE("a whole ImGui scene looks as SDL's software renderer draws it") {
    SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_RGBA32);
    REQUIRE(surface);
    SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
    REQUIRE(renderer);
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(W, H);
    io.DeltaTime = 1.0f / 60;
    REQUIRE(ImGui_ImplSDLRenderer_Init(renderer));
    ImGui_ImplSDLRenderer_NewFrame();  // makes the font texture
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(4, 4));
    ImGui::SetNextWindowSize(ImVec2(W - 8, H - 8));
    ImGui::GetStyle().FrameRounding = 6;
    ImGui::GetStyle().WindowRounding = 8;
    ImGui::Begin("Scene");
    ImGui::TextUnformatted("Order shipped 14:47");
    ImGui::Button("Add a note");
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(120, 70), 14, IM_COL32(30, 120, 60, 255));
    ImGui::GetWindowDrawList()->AddLine(ImVec2(10, 100), ImVec2(150, 80), IM_COL32(20, 20, 20, 200), 2.0f);
    ImGui::End();
    ImGui::Render();
    const ImDrawData& data = *ImGui::GetDrawData();

    SDL_SetRenderDrawColor(renderer, 240, 240, 240, 255);
    SDL_RenderClear(renderer);
    ImGui_ImplSDLRenderer_RenderDrawData(const_cast<ImDrawData*>(&data));
    SDL_RenderPresent(renderer);
    const auto* sdl = static_cast<const std::uint32_t*>(surface->pixels);

    Frame f;
    unsigned char* px = nullptr;
    int aw = 0, ah = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &aw, &ah);
    rasterize(data, f.view(), [&](ImTextureID id) -> PixelView {
        if (id == io.Fonts->TexID) return {reinterpret_cast<std::uint32_t*>(px), aw, ah, aw};
        return {};
    });

    long long total = 0;
    int far = 0, changed = 0;
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x) {
            const std::uint32_t a = sdl[static_cast<std::size_t>(y) * static_cast<std::size_t>(surface->pitch / 4) + static_cast<std::size_t>(x)];
            const std::uint32_t b = f.at(x, y);
            if (a != kBackground) ++changed;
            int worst = 0;
            for (int shift = 0; shift < 24; shift += 8) {
                const int d = std::abs(static_cast<int>((a >> shift) & 0xff) - static_cast<int>((b >> shift) & 0xff));
                total += d;
                worst = std::max(worst, d);
            }
            if (worst > 64) ++far;
        }
    const double mean = static_cast<double>(total) / (W * H * 3);
    INFO("mean channel difference " << mean << ", pixels far apart " << far << " of " << W * H);
    CHECK(changed > W * H / 2);  // the scene drew something
    CHECK(mean < 6.0);
    CHECK(far < W * H / 25);  // edges of anti-aliased outlines, half a pixel apart

    ImGui_ImplSDLRenderer_Shutdown();
    ImGui::DestroyContext(ctx);
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
}

}  // namespace
}  // namespace tp::platform
