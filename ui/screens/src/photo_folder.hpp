#pragma once
// The tablet's camera folder, read for the photo picker on a helper thread: the newest files
// (at most kPickerMaxFiles, found among at most kPickerMaxEntries directory entries), each read
// (at most kPhotoMaxBytes + 1 bytes) and, when it is a PNG or JPEG photo the service would take,
// decoded with stb_image and shrunk to a thumbnail of at most kThumbnailSide pixels a side. A
// picture over kPhotoMaxPixels is refused from its header, before it is decoded. No frame waits
// for any of it: the screen takes what is finished with update().

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "touchpoint/ui/textures.hpp"
#include "visit_photo.hpp"

namespace tp::ui {

inline constexpr std::size_t kPickerMaxFiles = 24;
inline constexpr std::size_t kPickerMaxEntries = 2000;
inline constexpr int kThumbnailSide = 192;
inline constexpr std::uint64_t kPhotoMaxPixels = 16'000'000;  // decoded: 64 MB of RGBA at most

enum class FolderState { Listing, Missing, Empty, Listed };

struct PhotoTile {
    std::filesystem::path path;
    std::string file_name;
    bool ready = false;                       // read and, when a photo, thumbnailed
    PhotoProblem problem = PhotoProblem::None;  // valid once ready
    Pixels thumbnail;                         // once ready with no problem
};

// What the screen shows of the folder: filled in by PhotoFolderScan::update().
struct PhotoFolderView {
    FolderState state = FolderState::Listing;
    bool more = false;  // the folder holds more files than the picker shows
    std::vector<PhotoTile> tiles;  // newest first
};

class PhotoFolderScan {
  public:
    // Starts reading `dir` on its own thread, which keeps the scan alive until it is done.
    static std::shared_ptr<PhotoFolderScan> start(std::filesystem::path dir);

    // Moves what the thread finished since the last call into `view` (the listing, then each
    // tile as it is done). Returns true when anything changed.
    bool update(PhotoFolderView& view);
    // Stops after the file being read (the picker closed).
    void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
    bool done() const { return done_.load(std::memory_order_acquire); }
    // Grows with every step the thread finishes (a redraw is due when it changed).
    std::uint64_t progress() const { return progress_.load(std::memory_order_acquire); }

  private:
    void run(const std::filesystem::path& dir);
    void publish(const std::function<void()>& change);

    std::mutex mutex_;
    bool listed_ = false;  // guarded by mutex_, with the fields below until update() takes them
    PhotoFolderView listing_;
    std::vector<std::pair<std::size_t, PhotoTile>> finished_;
    std::atomic<bool> cancelled_{false};
    std::atomic<bool> done_{false};
    std::atomic<std::uint64_t> progress_{0};
};

// Reads one file as the scan does: its problem, or its thumbnail. Exposed for tests.
PhotoTile read_photo_tile(const std::filesystem::path& path);

}  // namespace tp::ui
