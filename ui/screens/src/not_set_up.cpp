// What a terminal that is not enrolled with the case service shows instead of every other
// screen: that it is not set up, for customers to use another one, and for staff how to enroll
// it: typing the store's enrollment code here (and the service's address, when the kiosk was
// started without one), or the one command that enrolls it, with this terminal's service address
// and database filled in.
#include <imgui.h>

#include <cfloat>

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
constexpr const char* kAddressField = "not_set_up.address";
constexpr std::size_t kMaxCode = 64;
constexpr std::size_t kMaxAddress = 200;

// The kiosk was started without a service: staff type its address too.
bool needs_address(const ScreenEnv& env) { return env.snap.sync.service_url.empty(); }

bool ready(ScreenEnv& env) {
    return !field_text(env, kCodeField).empty() && !env.snap.sync.enrolling &&
           (!needs_address(env) || !field_text(env, kAddressField).empty());
}

void submit(ScreenEnv& env) {
    if (!ready(env)) return;
    env.state.focused_field.clear();
    env.state.revealed.clear();  // tapped again to correct, the field scrolls into view
    env.online.enroll(field_text(env, kCodeField), "kiosk",
                      needs_address(env) ? field_text(env, kAddressField) : std::string());
}

// How the last attempt went, on a line of its own (kept when there is nothing to say).
void status_line(ScreenEnv& env) {
    UiContext& ui = env.ui;
    const SyncStatus& sync = env.snap.sync;
    if (sync.enrolling) chip(ui, ui.tr("not_set_up.enrolling"), ChipTone::Neutral);
    else if (!sync.enroll_failure.empty()) chip(ui, ui.tr(sync.enroll_failure), ChipTone::Refused);
    else ImGui::Dummy(ImVec2(1.0f, chip_line_height(ui)));  // the line's room, kept
}

// Enrollment on screen: the fields, the button, and how the last attempt went. The typed text
// stays after a failure, to be corrected.
void enroll_here(ScreenEnv& env) {
    UiContext& ui = env.ui;
    body_text(ui, ui.tr(needs_address(env) ? "not_set_up.on_screen_address" : "not_set_up.on_screen"));
    // The button beside the code field: in view whenever the field is, the keyboard up too.
    const std::string go_label = ui.tr("not_set_up.enroll");
    ImFont* bold = ui.fonts().bold ? ui.fonts().bold : ImGui::GetFont();
    const float go_width = bold->CalcTextSizeA(bold->FontSize, FLT_MAX, 0.0f, go_label.c_str()).x +
                           ui.theme().padding() * 2 + ui.theme().spacing();
    FieldOptions field;
    field.width = std::max(std::min(ImGui::GetContentRegionAvail().x - go_width, 560.0f * ui.theme().text_scale),
                           240.0f * ui.theme().text_scale);
    if (needs_address(env)) {
        FieldOptions address = field;
        address.placeholder = "https://";
        keyboard_field(env, kAddressField, ui.tr("not_set_up.address_label"), address);
    }
    keyboard_field(env, kCodeField, ui.tr("not_set_up.code_label"), field);
    next_in_row(ui, go_label);
    ButtonOptions go;
    go.tone = Tone::Primary;
    go.enabled = ready(env);
    if (button(ui, "not_set_up.enroll", go_label, go)) submit(env);
    status_line(env);
}
}  // namespace

void draw_not_set_up(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "not-set-up");
    draw_screen_top(env);
    const float spacing = ui.theme().spacing();
    begin_body(env, "steps", keyboard_reserve(env));
    screen_title(env, ui.tr("not_set_up.title"), false);
    body_text(ui, ui.tr("not_set_up.customers"));
    ImGui::Dummy(ImVec2(0, spacing));
    heading_text(ui, ui.tr("not_set_up.staff"));
    enroll_here(env);
    ImGui::Dummy(ImVec2(0, spacing));
    body_text(ui, ui.tr("not_set_up.or_command"));
    command_box(ui, enroll_command(env.snap.sync));
    if (needs_address(env)) muted_text(ui, ui.tr("not_set_up.url_hint"));
    end_body();
    const bool address = env.state.focused_field == kAddressField;
    if (focused_keyboard(env, address ? kMaxAddress : kMaxCode) == KeyboardResult::Done) {
        if (address) focus_field(env, kCodeField);
        else submit(env);
    }
    end_screen();
}

}  // namespace tp::ui
