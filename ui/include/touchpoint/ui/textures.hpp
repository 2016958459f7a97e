#pragma once
// Pictures the screens draw besides text (photo thumbnails). The display host owns the renderer,
// so it makes the textures: when it opens it gives the UiContext a TextureSink, and a host that
// closes takes every texture with it (its Texture handles then hold nothing). No SDL here.

#include <imgui.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace tp::ui {

// 8-bit RGBA pixels, rows top to bottom, width * height * 4 bytes.
struct Pixels {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;
};

// Implemented by the display host (platform/). Called on the UI thread only.
class TextureSink {
  public:
    virtual ~TextureSink() = default;
    // A texture ImGui can draw (ImDrawList::AddImage), or nullptr when it could not be made.
    virtual ImTextureID upload(const Pixels& pixels) = 0;
    // Frees a texture of upload() once the frame being drawn has been rendered, so a texture
    // dropped in the middle of a frame that already drew it stays valid until then.
    virtual void release(ImTextureID texture) = 0;
};

// One uploaded texture, freed when the handle goes (through the sink that made it, if that host
// is still open). Move-only.
class Texture {
  public:
    Texture() = default;
    Texture(std::weak_ptr<TextureSink> sink, ImTextureID id, int width, int height);
    ~Texture();
    Texture(Texture&& other) noexcept;
    Texture& operator=(Texture&& other) noexcept;
    Texture(const Texture&) = delete;
    Texture& operator=(const Texture&) = delete;

    // nullptr when empty, or when the host that made it has closed.
    ImTextureID id() const;
    int width() const { return width_; }
    int height() const { return height_; }

  private:
    void reset();
    std::weak_ptr<TextureSink> sink_;
    ImTextureID id_ = nullptr;
    int width_ = 0;
    int height_ = 0;
};

}  // namespace tp::ui
