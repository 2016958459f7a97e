#include "sdl_textures.hpp"

#include <cstring>

namespace tp::platform {

ImTextureID SdlTextures::upload(const ui::Pixels& pixels) {
    if (pixels.width <= 0 || pixels.height <= 0 ||
        pixels.rgba.size() != static_cast<std::size_t>(pixels.width) * static_cast<std::size_t>(pixels.height) * 4)
        return nullptr;
    SDL_Texture* texture = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC,
                                             pixels.width, pixels.height);
    if (!texture) return nullptr;
    if (SDL_UpdateTexture(texture, nullptr, pixels.rgba.data(), pixels.width * 4) != 0) {
        SDL_DestroyTexture(texture);
        return nullptr;
    }
    SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
    if (keep_pixels_) {
        Kept& kept = kept_[static_cast<ImTextureID>(texture)];
        kept.width = pixels.width;
        kept.height = pixels.height;
        kept.pixels.resize(static_cast<std::size_t>(pixels.width) * static_cast<std::size_t>(pixels.height));
        std::memcpy(kept.pixels.data(), pixels.rgba.data(), pixels.rgba.size());
    }
    return static_cast<ImTextureID>(texture);
}

void SdlTextures::release(ImTextureID texture) {
    if (texture) released_.push_back(static_cast<SDL_Texture*>(texture));
}

void SdlTextures::free_released() {
    for (SDL_Texture* texture : released_) {
        kept_.erase(static_cast<ImTextureID>(texture));
        SDL_DestroyTexture(texture);
    }
    released_.clear();
}

PixelView SdlTextures::pixels(ImTextureID texture) const {
    auto it = kept_.find(texture);
    if (it == kept_.end()) return {};
    Kept& kept = const_cast<Kept&>(it->second);
    return {kept.pixels.data(), kept.width, kept.height, kept.width};
}

}  // namespace tp::platform
