#pragma once
// The host's side of ui::TextureSink: SDL textures on the host's renderer. Released textures
// are freed after the frame is rendered (free_released()); the rest go with the renderer.

#include <SDL.h>

#include <vector>

#include "touchpoint/ui/textures.hpp"

namespace tp::platform {

class SdlTextures final : public ui::TextureSink {
  public:
    explicit SdlTextures(SDL_Renderer* renderer) : renderer_(renderer) {}
    ImTextureID upload(const ui::Pixels& pixels) override;
    void release(ImTextureID texture) override;
    // After the frame's draw data has been rendered.
    void free_released();

  private:
    SDL_Renderer* renderer_;
    std::vector<SDL_Texture*> released_;
};

}  // namespace tp::platform
