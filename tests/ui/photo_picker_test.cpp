// The technician's photo picker, on the offscreen host over a temporary camera folder: the
// folder's photos appear as thumbnails (drawn by the software renderer, as screenshots are),
// files that cannot be attached say why and cannot be tapped, and tapping a photo attaches that
// very file; the folder is read off the frame, and at most kPickerMaxFiles files are shown.

#include <doctest/doctest.h>

#include <stb_image_write.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <filesystem>
#include <thread>

#include "photo_folder.hpp"
#include "photo_picker.hpp"
#include "touchpoint/base64.hpp"
#include "visit_rig.hpp"

using namespace tp;
using namespace tp::test;

namespace {

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// A w × h PNG of one colour.
void write_png(const std::string& path, int w, int h, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    std::vector<std::uint8_t> rgb;
    for (int i = 0; i < w * h; ++i) rgb.insert(rgb.end(), {r, g, b});
    REQUIRE(stbi_write_png(path.c_str(), w, h, 3, rgb.data(), w * 3));
}

// A PNG signature and header claiming w × h pixels, and no pixels: 33 bytes.
std::string png_header_only(std::uint32_t w, std::uint32_t h) {
    std::string s("\x89PNG\r\n\x1a\n", 8);
    s += std::string("\0\0\0\x0dIHDR", 8);
    for (std::uint32_t v : {w, h})
        for (int shift : {24, 16, 8, 0}) s += static_cast<char>((v >> shift) & 0xFF);
    s += std::string("\x08\x02\0\0\0", 5);
    s += std::string("\0\0\0\0", 4);  // CRC (stb_image does not check it)
    return s;
}

void wait_for_picker(VisitRig& rig) {
    for (int i = 0; i < 2000 && ui::background_busy(rig.state); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        rig.ui.host->frame(rig.draw);
    }
    REQUIRE_FALSE(ui::background_busy(rig.state));
    rig.ui.host->frame(rig.draw);
}

}  // namespace

TEST_CASE("the picker shows the folder's photos as thumbnails, says why others cannot be used, and attaches the one tapped") {
    VisitRig rig;
    const std::string folder = rig.dir.file("camera");
    std::filesystem::create_directories(folder);
    write_png(folder + "/boiler.png", 64, 48, 220, 30, 30);   // red, smaller than a thumbnail
    write_png(folder + "/pump.png", 300, 200, 30, 30, 220);   // blue, shrunk to 192 × 128
    write_bytes(folder + "/notes.txt", "not a photo at all");
    write_bytes(folder + "/broken.jpg", std::string("\xFF\xD8\xFF\xE0", 4) + "JFIF but no picture");
    write_bytes(folder + "/huge.jpg", std::string("\xFF\xD8\xFF\xE0", 4) + std::string(ui::kPhotoMaxBytes, 'x'));
    write_bytes(folder + "/bomb.png", png_header_only(5000, 5000));
    rig.state.photo_dir = folder;

    rig.tap("visit.check_in");
    rig.scroll_to("visit.photo.pick");
    rig.tap("visit.photo.pick");
    REQUIRE(rig.nav.screen == ui::ScreenId::PhotoPicker);
    wait_for_picker(rig);

    for (const char* name : {"boiler.png", "pump.png"}) {
        CAPTURE(name);
        CHECK(rig.enabled((std::string("picker.photo.") + name).c_str()));
    }
    for (const char* name : {"notes.txt", "broken.jpg", "huge.jpg", "bomb.png"}) {
        CAPTURE(name);
        const auto tile = rig.widgets().find_id(std::string("picker.photo.") + name);
        REQUIRE(tile);
        CHECK_FALSE(tile->enabled);
    }
    CHECK(rig.widgets().shows(rig.tr("picker.problem.not_image")));        // notes.txt, broken.jpg
    CHECK(rig.widgets().shows(rig.tr("picker.problem.too_large")));        // huge.jpg: never read
    CHECK(rig.widgets().shows(rig.tr("picker.problem.too_many_pixels")));  // bomb.png, 25 MP: never decoded

    // The thumbnails are textures of the host, and the software renderer draws them.
    const auto& picker = *rig.state.photo_picker;
    int uploaded = 0;
    for (std::size_t i = 0; i < picker.view.tiles.size(); ++i) {
        const ui::Texture& t = picker.textures[i];
        if (!t.id()) continue;
        ++uploaded;
        if (picker.view.tiles[i].file_name == "pump.png") CHECK((t.width() == 192 && t.height() == 128));
        if (picker.view.tiles[i].file_name == "boiler.png") CHECK((t.width() == 64 && t.height() == 48));
    }
    CHECK(uploaded == 2);
    auto frame = rig.ui.host->frame_and_capture(rig.draw);
    REQUIRE(frame.ok());
    auto centre_of_picture = [&](const char* name) {
        const auto tile = rig.widgets().find_id(std::string("picker.photo.") + name);
        REQUIRE(tile);
        return frame->pixel(static_cast<int>(tile->rect.center_x()), static_cast<int>(tile->rect.y + tile->rect.w * 0.5f));
    };
    auto near = [](std::uint32_t rgba, int r, int g, int b) {
        const int got[] = {static_cast<int>(rgba >> 24), static_cast<int>((rgba >> 16) & 0xFF),
                           static_cast<int>((rgba >> 8) & 0xFF)};
        return std::abs(got[0] - r) <= 4 && std::abs(got[1] - g) <= 4 && std::abs(got[2] - b) <= 4;
    };
    CHECK(near(centre_of_picture("boiler.png"), 220, 30, 30));
    CHECK(near(centre_of_picture("pump.png"), 30, 30, 220));

    rig.tap("picker.photo.boiler.png");
    CHECK(rig.nav.screen == ui::ScreenId::VisitFlow);
    CHECK_FALSE(rig.state.photo_picker);  // the scan and the textures go with the picker
    for (int i = 0; i < 1000 && rig.commands(ActionType::VisitPhoto).empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        rig.ui.host->frame(rig.draw);
    }
    const auto photos = rig.commands(ActionType::VisitPhoto);
    REQUIRE(photos.size() == 1);
    const std::string bytes = file_bytes(folder + "/boiler.png");
    CHECK(photos[0].payload["file_name"] == "boiler.png");
    CHECK(photos[0].payload["sha256"] == sha256_hex(bytes));
    CHECK(photos[0].payload["bytes_base64"] == base64_encode(bytes));
    rig.ui.host->frame(rig.draw);
    CHECK(rig.widgets().shows("boiler.png"));
}

TEST_CASE("a camera folder that is missing, or empty, says so; going back leaves nothing attached") {
    VisitRig rig;
    rig.state.photo_dir = rig.dir.file("no-camera-here");
    rig.tap("visit.check_in");
    rig.scroll_to("visit.photo.pick");
    rig.tap("visit.photo.pick");
    wait_for_picker(rig);
    CHECK(rig.widgets().shows(rig.tr("picker.no_folder")));
    std::filesystem::create_directories(rig.state.photo_dir);
    rig.tap("picker.reload");
    wait_for_picker(rig);
    CHECK(rig.widgets().shows(rig.tr("picker.empty")));
    rig.tap("common.back");
    CHECK(rig.nav.screen == ui::ScreenId::VisitFlow);
    CHECK(rig.commands(ActionType::VisitPhoto).empty());
}

TEST_CASE("only the newest kPickerMaxFiles files of a crowded folder are read") {
    TempDir dir;
    const auto now = std::filesystem::file_time_type::clock::now();
    const std::size_t total = ui::kPickerMaxFiles + 6;
    for (std::size_t i = 0; i < total; ++i) {
        const std::string path = dir.file("photo-" + std::to_string(100 + i) + ".png");
        write_png(path, 4, 4, 10, 200, 10);
        std::filesystem::last_write_time(path, now - std::chrono::minutes(total - i));  // the last one newest
    }
    auto scan = ui::PhotoFolderScan::start(dir.file(""));
    for (int i = 0; i < 2000 && !scan->done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(scan->done());
    ui::PhotoFolderView view;
    CHECK(scan->update(view));
    CHECK(view.state == ui::FolderState::Listed);
    CHECK(view.more);
    REQUIRE(view.tiles.size() == ui::kPickerMaxFiles);
    CHECK(view.tiles.front().file_name == "photo-" + std::to_string(100 + total - 1) + ".png");
    CHECK(view.tiles.back().file_name == "photo-" + std::to_string(100 + total - ui::kPickerMaxFiles) + ".png");
    for (const auto& tile : view.tiles) CHECK(tile.ready);
}

TEST_CASE("base64 as RFC 4648 spells it") {
    CHECK(base64_encode("") == "");
    CHECK(base64_encode("f") == "Zg==");
    CHECK(base64_encode("fo") == "Zm8=");
    CHECK(base64_encode("foo") == "Zm9v");
    CHECK(base64_encode("foobar") == "Zm9vYmFy");
    CHECK(base64_encode(std::string("\xFF\x00\xFE", 3)) == "/wD+");
}
