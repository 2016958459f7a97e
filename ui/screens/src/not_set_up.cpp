// What a terminal that is not enrolled with the case service shows instead of every other
// screen: that it is not set up, for customers to use another one, and for staff how to enroll
// it: typing the store's enrollment code here (when the kiosk knows its service), or the one
// command that enrolls it, with this terminal's service address and database filled in.
#include <imgui.h>

#include "screen_kit.hpp"
#include "touchpoint/ui/imgui_color.hpp"

namespace tp::ui {
namespace {

// A shell word: as it is when it holds only safe characters, else in single quotes.
std::string shell_word(const std::string& word) {
    const bool safe = !word.empty() && word.find_first_not_of(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./:@%+=,") == std::string::npos;
    if (safe) return word;
    std::string quoted = "'";
    for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

// The command, drawn in a frame so it reads as something to type, not as prose.
void command_box(UiContext& ui, const std::string& command) {
    const float pad = ui.theme().padding();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    const ImVec2 start = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(ImVec2(start.x + pad, start.y + pad));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - pad * 2);
    body_text(ui, command);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const ImVec2 end(ImGui::GetItemRectMax().x + pad, ImGui::GetItemRectMax().y + pad);
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(start, end, to_u32(ui.palette().surface), ui.theme().rounding());
    dl->AddRect(start, end, to_u32(ui.palette().border), ui.theme().rounding(), 0, 2.0f);
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(ImVec2(start.x, end.y + ui.theme().spacing()));
    ImGui::Dummy(ImVec2(0, 0));
}

}  // namespace

std::string enroll_command(const SyncStatus& sync) {
    std::string command = "touchpoint enroll --service ";
    command += sync.service_url.empty() ? std::string("URL") : shell_word(sync.service_url);
    command += " --code CODE";
    if (!sync.db_path.empty()) command += " --db " + shell_word(sync.db_path);
    return command;
}

namespace {
constexpr const char* kCodeField = "not_set_up.code";
constexpr std::size_t kMaxCode = 64;

void submit(ScreenEnv& env) {
    const std::string& code = field_text(env, kCodeField);
    if (code.empty() || env.snap.sync.enrolling) return;
    env.state.focused_field.clear();
    env.online.enroll(code, "kiosk");
}

// Enrollment on screen: the code field, the button, and how the last attempt went.
void enroll_here(ScreenEnv& env) {
    UiContext& ui = env.ui;
    const SyncStatus& sync = env.snap.sync;
    body_text(ui, ui.tr("not_set_up.on_screen"));
    FieldOptions field;
    field.width = std::min(ImGui::GetContentRegionAvail().x, 560.0f * ui.theme().text_scale);
    keyboard_field(env, kCodeField, ui.tr("not_set_up.code_label"), field);
    ButtonOptions go;
    go.tone = Tone::Primary;
    go.enabled = !field_text(env, kCodeField).empty() && !sync.enrolling;
    if (button(ui, "not_set_up.enroll", ui.tr("not_set_up.enroll"), go)) submit(env);
    if (sync.enrolling) chip(ui, ui.tr("not_set_up.enrolling"), ChipTone::Neutral);
    else if (!sync.enroll_failure.empty()) chip(ui, ui.tr(sync.enroll_failure), ChipTone::Refused);
    else ImGui::Dummy(ImVec2(1.0f, chip_line_height(ui)));  // the line's room, kept
}
}  // namespace

void draw_not_set_up(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "not-set-up");
    draw_screen_top(env);
    const float spacing = ui.theme().spacing();
    const bool here = !env.snap.sync.service_url.empty();
    begin_body(env, "steps", keyboard_reserve(env));
    screen_title(env, ui.tr("not_set_up.title"), false);
    body_text(ui, ui.tr("not_set_up.customers"));
    ImGui::Dummy(ImVec2(0, spacing));
    heading_text(ui, ui.tr("not_set_up.staff"));
    if (here) {
        enroll_here(env);
        ImGui::Dummy(ImVec2(0, spacing));
        body_text(ui, ui.tr("not_set_up.or_command"));
        command_box(ui, enroll_command(env.snap.sync));
    } else {
        body_text(ui, ui.tr("not_set_up.step_code"));
        body_text(ui, ui.tr("not_set_up.step_run"));
        command_box(ui, enroll_command(env.snap.sync));
        muted_text(ui, ui.tr("not_set_up.url_hint"));
        body_text(ui, ui.tr("not_set_up.step_restart"));
    }
    end_body();
    if (focused_keyboard(env, kMaxCode) == KeyboardResult::Done) submit(env);
    end_screen();
}

}  // namespace tp::ui
