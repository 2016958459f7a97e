#include "touchpoint/ui/textures.hpp"

#include <utility>

namespace tp::ui {

Texture::Texture(std::weak_ptr<TextureSink> sink, ImTextureID id, int width, int height)
    : sink_(std::move(sink)), id_(id), width_(width), height_(height) {}

Texture::~Texture() { reset(); }

Texture::Texture(Texture&& other) noexcept
    : sink_(std::move(other.sink_)), id_(std::exchange(other.id_, nullptr)), width_(other.width_),
      height_(other.height_) {}

Texture& Texture::operator=(Texture&& other) noexcept {
    if (this != &other) {
        reset();
        sink_ = std::move(other.sink_);
        id_ = std::exchange(other.id_, nullptr);
        width_ = other.width_;
        height_ = other.height_;
    }
    return *this;
}

ImTextureID Texture::id() const { return sink_.expired() ? nullptr : id_; }

void Texture::reset() {
    if (id_)
        if (auto sink = sink_.lock()) sink->release(id_);
    id_ = nullptr;
    sink_.reset();
}

}  // namespace tp::ui
