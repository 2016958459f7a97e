#include "photo_folder.hpp"

#include <stb_image.h>
#include <stb_image_resize.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <optional>
#include <thread>

namespace tp::ui {
namespace {

struct Entry {
    std::filesystem::path path;
    std::filesystem::file_time_type modified;
};

// The regular, visible files of `dir`, newest first, at most kPickerMaxFiles of the first
// kPickerMaxEntries entries. nullopt when the folder cannot be listed.
std::optional<std::vector<Entry>> newest_files(const std::filesystem::path& dir, bool& more) {
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec), end;
    if (ec) return std::nullopt;
    std::vector<Entry> files;
    for (std::size_t seen = 0; it != end && seen < kPickerMaxEntries; it.increment(ec), ++seen) {
        if (ec) break;
        const auto& entry = *it;
        if (entry.path().filename().string().starts_with(".")) continue;
        std::error_code fec;
        if (!entry.is_regular_file(fec)) continue;
        files.push_back({entry.path(), entry.last_write_time(fec)});
    }
    std::sort(files.begin(), files.end(), [](const Entry& a, const Entry& b) {
        return a.modified != b.modified ? a.modified > b.modified : a.path.filename() < b.path.filename();
    });
    more = files.size() > kPickerMaxFiles || it != end;
    if (files.size() > kPickerMaxFiles) files.resize(kPickerMaxFiles);
    return files;
}

// The picture shrunk to fit kThumbnailSide (never enlarged).
Pixels thumbnail(const unsigned char* rgba, int w, int h) {
    const float scale = std::min(1.0f, static_cast<float>(kThumbnailSide) / static_cast<float>(std::max(w, h)));
    Pixels out;
    out.width = std::max(1, static_cast<int>(static_cast<float>(w) * scale + 0.5f));
    out.height = std::max(1, static_cast<int>(static_cast<float>(h) * scale + 0.5f));
    out.rgba.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height) * 4);
    if (!stbir_resize_uint8(rgba, w, h, 0, out.rgba.data(), out.width, out.height, 0, 4)) return {};
    return out;
}

}  // namespace

PhotoTile read_photo_tile(const std::filesystem::path& path) {
    PhotoTile tile;
    tile.path = path;
    tile.file_name = path.filename().string();
    tile.ready = true;
    auto refused = [&](PhotoProblem problem) {
        tile.problem = problem;
        return tile;
    };
    // The size first: a file the service would not take is never read.
    if (tile.problem = check_photo(path); tile.problem != PhotoProblem::None) return tile;
    std::ifstream in(path, std::ios::binary);
    std::string bytes(kPhotoMaxBytes + 1, '\0');
    if (in) in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    if (!in && !in.eof()) return refused(PhotoProblem::Unreadable);
    if (bytes.size() > kPhotoMaxBytes) return refused(PhotoProblem::TooLarge);
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const int length = static_cast<int>(bytes.size());
    int w = 0, h = 0, channels = 0;
    if (!stbi_info_from_memory(data, length, &w, &h, &channels) || w <= 0 || h <= 0)
        return refused(PhotoProblem::NotAnImage);
    // A small file can claim a huge picture: refuse it before decoding a single pixel.
    if (static_cast<std::uint64_t>(w) * static_cast<std::uint64_t>(h) > kPhotoMaxPixels)
        return refused(PhotoProblem::TooManyPixels);
    unsigned char* pixels = stbi_load_from_memory(data, length, &w, &h, &channels, 4);
    if (!pixels) return refused(PhotoProblem::NotAnImage);
    tile.thumbnail = thumbnail(pixels, w, h);
    stbi_image_free(pixels);
    if (tile.thumbnail.rgba.empty()) tile.problem = PhotoProblem::NotAnImage;
    return tile;
}

std::shared_ptr<PhotoFolderScan> PhotoFolderScan::start(std::filesystem::path dir) {
    auto scan = std::make_shared<PhotoFolderScan>();
    std::thread([scan, dir = std::move(dir)] { scan->run(dir); }).detach();
    return scan;
}

void PhotoFolderScan::publish(const std::function<void()>& change) {
    {
        std::lock_guard lock(mutex_);
        change();
    }
    progress_.fetch_add(1, std::memory_order_acq_rel);
}

void PhotoFolderScan::run(const std::filesystem::path& dir) {
    bool more = false;
    const auto files = newest_files(dir, more);
    PhotoFolderView listing;
    listing.more = more;
    listing.state = !files ? FolderState::Missing : files->empty() ? FolderState::Empty : FolderState::Listed;
    if (files)
        for (const Entry& e : *files) listing.tiles.push_back({e.path, e.path.filename().string(), false, {}, {}});
    const std::size_t count = listing.tiles.size();
    publish([&] {
        listing_ = std::move(listing);
        listed_ = true;
    });
    for (std::size_t i = 0; files && i < count && !cancelled_.load(std::memory_order_relaxed); ++i) {
        PhotoTile tile = read_photo_tile((*files)[i].path);
        publish([&] { finished_.emplace_back(i, std::move(tile)); });
    }
    done_.store(true, std::memory_order_release);
    progress_.fetch_add(1, std::memory_order_acq_rel);
}

bool PhotoFolderScan::update(PhotoFolderView& view) {
    std::lock_guard lock(mutex_);
    bool changed = false;
    if (listed_) {
        view = std::move(listing_);
        listing_ = {};
        listed_ = false;
        changed = true;
    }
    for (auto& [i, tile] : finished_)
        if (i < view.tiles.size()) {
            view.tiles[i] = std::move(tile);
            changed = true;
        }
    finished_.clear();
    return changed;
}

}  // namespace tp::ui
