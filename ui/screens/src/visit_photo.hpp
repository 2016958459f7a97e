#pragma once
// A photo from the tablet's camera folder (chosen in the picker), attached to the visit. The
// frame only looks at the file (its size and first bytes); reading and hashing it happens on a
// worker thread that the screen polls, so a slow card never stalls a frame.

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace tp::ui {

// The service keeps photos of at most 512 KiB (protocol §7, visit_photo).
inline constexpr std::uintmax_t kPhotoMaxBytes = 512 * 1024;

// TooManyPixels: the picture's header claims more than the picker decodes (photo_folder.hpp).
enum class PhotoProblem { None, Missing, TooLarge, NotAnImage, Unreadable, TooManyPixels };

// The string key of what a technician is told about a photo that cannot be attached.
const char* photo_problem_key(PhotoProblem problem);

// Where the camera saves photos: $TOUCHPOINT_PHOTO_DIR, else $HOME/Pictures; ends with '/'.
std::string default_photo_dir();

// Cheap enough for a frame: one stat and the first 12 bytes. None for a PNG or JPEG file of at
// most kPhotoMaxBytes.
PhotoProblem check_photo(const std::filesystem::path& path);

// Builds the visit_photo payload {file_name, sha256, bytes_base64} of one file on its own
// thread. The thread keeps the job alive until it is done, so dropping every other reference
// (a privacy reset) never waits for it.
struct PhotoJob {
    // Starts reading `path` for the visit `case_id`.
    static std::shared_ptr<PhotoJob> start(std::filesystem::path path, std::string case_id);

    bool done() const { return done_.load(std::memory_order_acquire); }
    // Valid once done(): the payload when problem == None.
    PhotoProblem problem = PhotoProblem::None;
    nlohmann::json payload;
    std::string case_id;
    std::string file_name;

  private:
    std::atomic<bool> done_{false};
};

}  // namespace tp::ui
