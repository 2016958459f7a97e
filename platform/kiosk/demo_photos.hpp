#pragma once
// A camera folder for demos and screenshots of the photo picker: a few photos of a repair drawn
// as JPEG and PNG files, and the files a real folder also holds that cannot be attached (a text
// file, a photo over the service's 512 KiB).

#include <filesystem>

#include "touchpoint/error.hpp"

namespace tp::kiosk {

// Creates `dir` and writes the demo photos into it, newest last.
Status write_demo_photos(const std::filesystem::path& dir);

}  // namespace tp::kiosk
