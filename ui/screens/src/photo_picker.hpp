#pragma once
// The photo picker's state while it is open (ScreenState::photo_picker): the camera folder being
// read and the thumbnails uploaded so far. Dropping it — leaving the picker, a privacy reset —
// stops the scan and frees the textures.

#include <memory>
#include <string>
#include <vector>

#include "photo_folder.hpp"
#include "touchpoint/ui/textures.hpp"

namespace tp::ui {

struct PhotoPicker {
    std::string dir;
    std::shared_ptr<PhotoFolderScan> scan;
    PhotoFolderView view;
    std::vector<Texture> textures;  // per tile, once its thumbnail is uploaded

    explicit PhotoPicker(std::string folder) : dir(std::move(folder)), scan(PhotoFolderScan::start(dir)) {}
    ~PhotoPicker() { scan->cancel(); }
    PhotoPicker(const PhotoPicker&) = delete;
    PhotoPicker& operator=(const PhotoPicker&) = delete;
};

}  // namespace tp::ui
