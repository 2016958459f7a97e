// The technician's photo picker: the camera folder's newest photos as thumbnails to tap. The
// folder is read and the thumbnails made on a helper thread (photo_folder.hpp); until a tile is
// ready it shows a placeholder, and a file that cannot be attached says why under its name.
// Tapping a photo reads it for the visit (PhotoJob) and returns to the visit flow.
#include <imgui.h>

#include <algorithm>

#include "photo_picker.hpp"
#include "screen_kit.hpp"
#include "visit_photo.hpp"

namespace tp::ui {
namespace {

const char* tile_problem_key(PhotoProblem problem) {
    switch (problem) {
        case PhotoProblem::Missing: return "picker.problem.missing";
        case PhotoProblem::TooLarge: return "picker.problem.too_large";
        case PhotoProblem::NotAnImage: return "picker.problem.not_image";
        case PhotoProblem::TooManyPixels: return "picker.problem.too_many_pixels";
        case PhotoProblem::Unreadable:
        case PhotoProblem::None: break;
    }
    return "picker.problem.unreadable";
}

// Uploads a finished thumbnail once; its pixels are dropped either way (the texture holds them).
void upload_thumbnail(UiContext& ui, PhotoTile& tile, Texture& texture) {
    if (!tile.ready || tile.thumbnail.rgba.empty()) return;
    texture = ui.upload(tile.thumbnail);
    tile.thumbnail = Pixels{};
}

void choose(ScreenEnv& env, const PhotoTile& tile) {
    UiContext& ui = env.ui;
    // The file may have changed since it was read: check it again, as cheaply as a frame allows.
    if (const PhotoProblem problem = check_photo(tile.path); problem != PhotoProblem::None) {
        set_notice(env, ui.tr(photo_problem_key(problem)), true);
        return;
    }
    env.state.photo_job = PhotoJob::start(tile.path, env.nav.arg);
    set_notice(env, ui.tr("visit.photo_reading"), false);
    env.nav.back();
}

}  // namespace

void draw_photo_picker(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "photo-picker");
    draw_screen_top(env);
    const std::string dir = env.state.photo_dir.empty() ? default_photo_dir() : env.state.photo_dir;
    if (!env.state.photo_picker || env.state.photo_picker->dir != dir)
        env.state.photo_picker = std::make_shared<PhotoPicker>(dir);
    // Held here: choosing a photo or going back drops the state's reference in this frame.
    const std::shared_ptr<PhotoPicker> picker = env.state.photo_picker;
    picker->scan->update(picker->view);
    picker->textures.resize(picker->view.tiles.size());

    screen_title(env, ui.tr("picker.title"), false);
    const PhotoFolderView& view = picker->view;
    std::string folder = ui.msg("visit.photo_folder", {{"folder", dir}});
    if (view.more) folder += " \u00B7 " + ui.msg("picker.newest", {{"count", static_cast<std::int64_t>(kPickerMaxFiles)}});
    muted_text(ui, folder);
    // Where the grid goes, while there is none: still reading, no folder, no photos.
    const char* state_key = view.state == FolderState::Listing   ? "picker.reading"
                            : view.state == FolderState::Missing ? "picker.no_folder"
                            : view.state == FolderState::Empty   ? "picker.empty"
                                                                 : nullptr;
    if (state_key) body_text(ui, ui.tr(state_key));
    notice_line(env);

    const Theme& theme = ui.theme();
    const float spacing = theme.spacing();
    begin_body(env, "picker.grid", theme.touch_height() + spacing * 2);
    const float side = std::max(kMinTouchTarget, 200.0f * theme.text_scale);
    const int columns = std::max(1, static_cast<int>((ImGui::GetContentRegionAvail().x + spacing) / (side + spacing)));
    const PhotoTile* chosen = nullptr;
    for (std::size_t i = 0; i < picker->view.tiles.size(); ++i) {
        PhotoTile& tile = picker->view.tiles[i];
        Texture& texture = picker->textures[i];
        upload_thumbnail(ui, tile, texture);
        if (i % static_cast<std::size_t>(columns) != 0) ImGui::SameLine(0, spacing);
        const bool usable = tile.ready && tile.problem == PhotoProblem::None;
        ImageTileOptions o;
        o.texture = texture.id();
        o.texture_size = ImVec2(static_cast<float>(texture.width()), static_cast<float>(texture.height()));
        o.side = side;
        o.detail = tile.ready && tile.problem != PhotoProblem::None ? ui.tr(tile_problem_key(tile.problem)) : "";
        o.enabled = usable && !env.state.photo_job;
        if (image_tile(ui, "picker.photo." + tile.file_name, tile.file_name, o)) chosen = &tile;
    }
    end_body();

    if (back_button(env)) env.state.photo_picker.reset();
    ImGui::SameLine(0, spacing);
    ButtonOptions again;
    again.enabled = picker->scan->done();
    if (button(ui, "picker.reload", ui.tr("picker.reload"), again)) env.state.photo_picker.reset();
    if (chosen) {
        choose(env, *chosen);
        if (env.nav.screen != ScreenId::PhotoPicker) env.state.photo_picker.reset();
    }
    end_screen();
}

}  // namespace tp::ui
