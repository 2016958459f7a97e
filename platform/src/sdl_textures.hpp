#pragma once
// The host's side of ui::TextureSink: SDL textures on the host's renderer. Released textures
// are freed after the frame is rendered (free_released()); the rest go with the renderer.
// With `keep_pixels`, each texture's pixels stay readable for the CPU rasterizer (raster.hpp).

#include <SDL.h>

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "raster.hpp"

#include "touchpoint/ui/textures.hpp"

namespace tp::platform {

class SdlTextures final : public ui::TextureSink {
  public:
    SdlTextures(SDL_Renderer* renderer, bool keep_pixels) : renderer_(renderer), keep_pixels_(keep_pixels) {}
    ImTextureID upload(const ui::Pixels& pixels) override;
    void release(ImTextureID texture) override;
    // After the frame's draw data has been rendered.
    void free_released();
    // The pixels of a texture this sink made, when it keeps them; else a view without pixels.
    PixelView pixels(ImTextureID texture) const;

  private:
    struct Kept {
        std::vector<std::uint32_t> pixels;
        int width = 0, height = 0;
    };
    SDL_Renderer* renderer_;
    bool keep_pixels_;
    std::unordered_map<ImTextureID, Kept> kept_;
    std::vector<SDL_Texture*> released_;
};

}  // namespace tp::platform
