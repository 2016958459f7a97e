#include "screen_kit.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // the region's visible rectangle

#include <algorithm>
#include <cfloat>
#include <ctime>
#include <map>
#include <vector>

#include "error_words.hpp"
#include "touchpoint/ui/drag_scroll.hpp"
#include "touchpoint/ui/status.hpp"

namespace tp::ui {

void next_in_row(const UiContext& ui, std::string_view next_label) {
    ImFont* font = ui.fonts().bold ? ui.fonts().bold : ImGui::GetFont();
    const float width = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, next_label.data(),
                                            next_label.data() + next_label.size()).x +
                        ui.theme().padding() * 2;
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

std::string& field_text(ScreenEnv& env, const std::string& id) { return env.state.fields[id]; }

void focus_field(ScreenEnv& env, const std::string& id) {
    env.state.focused_field = id;
    env.state.keyboard.reset();
}

void keyboard_field(ScreenEnv& env, const std::string& id, std::string_view label, FieldOptions options) {
    options.focused = env.state.focused_field == id;
    const bool tapped = text_field(env.ui, id, label, field_text(env, id), options);
    if (options.focused) reveal_field(env, id);
    if (tapped && !options.focused) focus_field(env, id);
}

void reveal_field(ScreenEnv& env, const std::string& id) {
    const std::string now = id + '\x1f' + field_text(env, id);
    if (env.state.revealed == now) return;
    env.state.revealed = now;
    ImGui::ScrollToItem(ImGuiScrollFlags_KeepVisibleEdgeY);
}

float keyboard_reserve(const ScreenEnv& env) {
    if (env.state.focused_field.empty()) return 0.0f;
    return OnScreenKeyboard::height(env.ui, {}) + env.ui.theme().spacing();
}

KeyboardResult focused_keyboard(ScreenEnv& env, std::size_t max_codepoints) {
    if (env.state.focused_field.empty()) return KeyboardResult::None;
    const float bottom = ImGui::GetWindowHeight() - OnScreenKeyboard::height(env.ui, {}) -
                         ImGui::GetStyle().WindowPadding.y;
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), bottom));
    KeyboardOptions options;
    options.max_codepoints = max_codepoints;
    const KeyboardResult result =
        env.state.keyboard.draw(env.ui, field_text(env, env.state.focused_field), options);
    // An error about what was typed goes once the typing changes.
    if (result == KeyboardResult::Edited && env.state.notice_is_error) env.state.notice.clear();
    return result;
}

float pin_pad_key_height(const UiContext& ui) {
    return fitted_key_height(ui, ui.theme().touch_height(), 4, ui.theme().spacing(), 0.4f);
}

float pin_pad_height(const UiContext& ui) { return 4 * pin_pad_key_height(ui) + 3 * ui.theme().spacing(); }

float pin_pad_width(const UiContext& ui) { return 3 * pin_pad_key_width(ui) + 2 * ui.theme().spacing(); }

float pin_pad_key_width(const UiContext& ui) { return std::max(kMinTouchTarget, 110.0f * ui.theme().text_scale); }

void pin_pad(ScreenEnv& env, std::string_view prefix, std::string& pin, std::size_t max_digits) {
    static constexpr const char* kRows[4][3] = {
        {"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"", "0", "<"}};
    const float key_w = pin_pad_key_width(env.ui);
    const float key_h = pin_pad_key_height(env.ui);
    const std::string p(prefix);
    for (const auto& row : kRows) {
        for (int col = 0; col < 3; ++col) {
            const std::string key = row[col];
            if (col > 0) ImGui::SameLine();
            ButtonOptions options;
            options.width = key_w;
            options.height = key_h;
            options.tone = Tone::Key;
            options.kind = WidgetKind::Key;
            if (key.empty()) {
                ImGui::Dummy(ImVec2(key_w, key_h));
            } else if (key == "<") {
                options.tone = Tone::KeySpecial;
                if (button(env.ui, p + ".backspace", "\u232B", options) && !pin.empty()) pin.pop_back();
            } else if (button(env.ui, p + ".digit." + key, key, options) && pin.size() < max_digits) {
                pin += key;
            }
        }
    }
}

void set_notice(ScreenEnv& env, std::string text, bool error) {
    env.state.notice = std::move(text);
    env.state.notice_is_error = error;
}

void pin_entry(ScreenEnv& env, std::string_view prefix, const std::string& field_id, std::string_view explain,
               std::string_view label, std::string_view hint) {
    UiContext& ui = env.ui;
    std::string& pin = field_text(env, field_id);
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(ui.theme().spacing(), 0.0f));
    if (ImGui::BeginTable("columns", 2)) {
        ImGui::TableSetupColumn("form", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("keys", ImGuiTableColumnFlags_WidthFixed, pin_pad_width(ui));
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x);
        body_text(ui, explain);
        FieldOptions masked;
        masked.masked = true;
        masked.width = std::min(ImGui::GetContentRegionAvail().x, 360.0f * ui.theme().text_scale);
        text_field(ui, field_id, label, pin, masked);
        if (!hint.empty()) muted_text(ui, hint);
        ImGui::PopTextWrapPos();
        ImGui::TableNextColumn();
        pin_pad(env, prefix, pin);
        ImGui::EndTable();
    }
    ImGui::PopStyleVar();
}

bool accept(ScreenEnv& env, const Status& status) {
    if (status) return true;
    set_notice(env, error_words(env.ui, status.error()), true);
    return false;
}

void notice_line(ScreenEnv& env) {
    // The line is there, empty, before any notice, so a notice never pushes what is below it.
    if (env.state.notice.empty()) {
        ImGui::Dummy(ImVec2(1.0f, chip_line_height(env.ui)));
        return;
    }
    chip(env.ui, env.state.notice, env.state.notice_is_error ? ChipTone::Refused : ChipTone::Success);
}

bool back_button(ScreenEnv& env, std::string_view id, bool enabled) {
    ButtonOptions options;
    options.enabled = enabled;
    if (!button(env.ui, id, env.ui.tr("common.back"), options)) return false;
    env.state.notice.clear();
    env.state.focused_field.clear();
    env.nav.back();
    return true;
}

std::string when_text(const ScreenEnv& env, Millis utc_ms) {
    if (utc_ms == 0) return "\u2014";
    const std::time_t t = static_cast<std::time_t>(utc_ms / 1000);
    const std::time_t now = static_cast<std::time_t>(env.snap.now / 1000);
    std::tm at{}, today{};
    localtime_r(&t, &at);
    localtime_r(&now, &today);
    if (at.tm_year == today.tm_year && at.tm_yday == today.tm_yday) return clock_text(env.ui, utc_ms);
    return env.ui.msg("time.day_clock", {{"when", Moment{utc_ms}}});
}

bool is_open_case(const Case& c) { return c.status != "closed" && c.status != "cancelled"; }

bool is_staff(const AppSnapshot& snap) { return snap.identity && !snap.identity->staff_id.empty(); }

void staff_bar(ScreenEnv& env, ScreenId here) {
    if (!is_staff(env.snap)) return;
    UiContext& ui = env.ui;
    const Identity& who = *env.snap.identity;
    std::string line = ui.msg("staff.signed_in_as", {{"name", who.staff_name.empty() ? who.staff_id : who.staff_name}});
    if (!who.customer_id.empty()) line += " \u00B7 " + ui.msg("staff.assisting", {{"name", who.customer_name}});
    muted_text(ui, line);
    struct Entry {
        const char* id;
        ScreenId target;
        std::string label;
        bool root;
    };
    std::vector<Entry> entries;
    if (who.role == Role::Technician) {
        entries.push_back({"staff.menu.work_orders", ScreenId::WorkOrders, ui.tr("staff.menu.work_orders"), true});
    } else {
        entries.push_back({"staff.menu.search", ScreenId::CustomerSearch, ui.tr("staff.menu.search"), true});
        std::string attention = ui.tr("staff.menu.attention");
        if (!env.snap.needs_attention.empty()) attention += " (" + std::to_string(env.snap.needs_attention.size()) + ")";
        entries.push_back({"staff.menu.attention", ScreenId::NeedsAttention, attention, false});
    }
    entries.push_back({"staff.menu.diagnostics", ScreenId::SyncDiagnostics, ui.tr("staff.menu.diagnostics"), false});
    bool first = true;
    for (const Entry& e : entries) {
        if (e.target == here) continue;
        if (!first) next_in_row(ui, e.label);
        first = false;
        if (button(ui, e.id, e.label)) {
            env.state.notice.clear();
            env.state.focused_field.clear();
            if (e.root) env.nav.reset_to(e.target);
            else env.nav.go(e.target);
        }
    }
    next_in_row(ui, ui.tr("staff.sign_out"));
    ButtonOptions out;
    out.tone = Tone::Danger;
    if (button(ui, "staff.sign_out", ui.tr("staff.sign_out"), out)) env.core.end_session();
}

namespace {
constexpr float kScrollThumbWidth = 6.0f;

// The contexts of the bodies begun and not yet ended, innermost last (end_body reports to it).
std::vector<UiContext*>& open_bodies() {
    static thread_local std::vector<UiContext*> bodies;
    return bodies;
}
}  // namespace

void begin_body(ScreenEnv& env, std::string_view id, float bottom_reserve, float width) {
    open_bodies().push_back(&env.ui);
    const float height = std::max(ImGui::GetContentRegionAvail().y - bottom_reserve, kMinTouchTarget);
    ImGui::PushID(id.data(), id.data() + id.size());
    ImGui::BeginChild("body", ImVec2(width, height), false, ImGuiWindowFlags_NoScrollbar);
    // The scroll thumb's lane on the right is kept clear of content, scrolling or not, so the
    // thumb never covers a button's edge and nothing shifts when the content grows.
    ImGuiWindow* body = ImGui::GetCurrentWindow();
    const float lane = kScrollThumbWidth + env.ui.theme().spacing() * 0.5f;
    body->WorkRect.Max.x -= lane;
    body->ContentRegionRect.Max.x -= lane;
    drag_scroll();  // a drag scrolls the region and is never a tap on what it began on
    env.ui.widgets().begin_region(ImGui::GetScrollMaxY() > 0.5f);
}

void end_body() {
    // The cue that there is more: a thumb on the right edge showing where the view is, and a fade
    // over the edge that has more beyond it.
    const float scroll_max = ImGui::GetScrollMaxY();
    UiContext* ui = open_bodies().empty() ? nullptr : open_bodies().back();
    if (!open_bodies().empty()) open_bodies().pop_back();
    if (ui) ui->widgets().end_region();
    if (scroll_max > 0.5f) {
        const ImGuiWindow* window = ImGui::GetCurrentWindow();
        const ImVec2 min = window->InnerRect.Min;
        const ImVec2 max = window->InnerRect.Max;
        const float view = max.y - min.y;
        const float scroll = ImGui::GetScrollY();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImU32 page = ImGui::GetColorU32(ImGuiCol_WindowBg);
        const ImU32 clear = page & ~IM_COL32_A_MASK;
        const float fade = std::min(kMinTouchTarget, view * 0.25f);
        if (scroll < scroll_max - 0.5f)
            dl->AddRectFilledMultiColor(ImVec2(min.x, max.y - fade), max, clear, clear, page, page);
        if (scroll > 0.5f) dl->AddRectFilledMultiColor(min, ImVec2(max.x, min.y + fade), page, page, clear, clear);
        const float thumb_h = std::max(view * view / (view + scroll_max), kMinTouchTarget);
        const float thumb_y = min.y + (view - thumb_h) * (scroll / scroll_max);
        dl->AddRectFilled(ImVec2(max.x - kScrollThumbWidth, thumb_y), ImVec2(max.x, thumb_y + thumb_h),
                          ImGui::GetColorU32(ImGuiCol_ScrollbarGrab), kScrollThumbWidth * 0.5f);
    }
    ImGui::EndChild();
    ImGui::PopID();
}

namespace {

// The customer screens that carry their own language button in the title row (the home has one
// among its actions; the attract screen's start leads to the language screen).
bool offers_language(const ScreenEnv& env) {
    switch (env.nav.screen) {
        case ScreenId::Identify:
        case ScreenId::Verify:
        case ScreenId::CaseDetail:
        case ScreenId::ActionForm:
        case ScreenId::InTrayAnswer:
        case ScreenId::Feedback:
        case ScreenId::Receipt:
            return true;
        default:
            return false;
    }
}

void title_line(ScreenEnv& env, std::string_view text, bool large) {
    if (large) title_text(env.ui, text);
    else heading_text(env.ui, text);
}

}  // namespace

void screen_title(ScreenEnv& env, std::string_view text, bool large) {
    if (!offers_language(env)) return title_line(env, text, large);
    UiContext& ui = env.ui;
    const std::string label = ui.tr("home.language");
    ImFont* font = ui.fonts().bold ? ui.fonts().bold : ImGui::GetFont();
    ButtonOptions options;
    options.width = std::max(kMinTouchTarget,
                             font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, label.c_str()).x +
                                 ui.theme().padding() * 2);
    // The button at the right end of the title's line; the title wraps short of it.
    const ImVec2 start = ImGui::GetCursorPos();
    const float right = start.x + ImGui::GetContentRegionAvail().x;
    ImGui::SetCursorPos(ImVec2(right - options.width, start.y));
    const bool tapped = button(ui, "screen.language", label, options);
    const float below_button = ImGui::GetCursorPosY();
    ImGui::SetCursorPos(start);
    ImGui::PushTextWrapPos(right - options.width - ui.theme().spacing());
    title_line(env, text, large);
    ImGui::PopTextWrapPos();
    if (ImGui::GetCursorPosY() < below_button) ImGui::Dummy(ImVec2(1.0f, below_button - ImGui::GetCursorPosY()));
    if (tapped) {
        env.state.notice.clear();
        env.state.focused_field.clear();
        env.nav.go(ScreenId::Language);
    }
}

namespace {
std::string keyed(const UiContext& ui, const std::string& key, const std::string& fallback) {
    return ui.strings().has(ui.strings().language(), key) || ui.strings().has(kReferenceLanguage, key)
               ? std::string(ui.tr(key))
               : fallback;
}
}  // namespace

std::string channel_name(const UiContext& ui, Channel channel) {
    return keyed(ui, std::string("channel.") + to_string(channel), to_string(channel));
}
std::string case_kind_name(const UiContext& ui, CaseKind kind) {
    return keyed(ui, std::string("case_kind.") + to_string(kind), to_string(kind));
}
std::string case_status_name(const UiContext& ui, const std::string& status) {
    // A status the string tables do not know yet is still said in words, never as its raw value.
    return keyed(ui, "case_status." + status, std::string(ui.tr("case_status.other")));
}
std::string case_reference(const UiContext& ui, const std::string& reference) {
    return reference.empty() ? std::string(ui.tr("case.reference_pending")) : reference;
}
std::string case_reference(const UiContext& ui, const Case& c) {
    return case_reference(ui, c.reference.empty() ? c.local_reference : c.reference);
}
std::string action_name(const UiContext& ui, std::string_view wire_name) {
    return keyed(ui, "action." + std::string(wire_name), std::string(wire_name));
}
std::string action_name(const UiContext& ui, ActionType action) {
    return action_name(ui, spec(action).wire_name);
}

std::string refusal_reason(const UiContext& ui, const CommandResult& result) {
    // The service's `reason` is for logs only: a code the tables do not know is said generically.
    return keyed(ui, "refusal." + result.code, std::string(ui.tr("refusal.unknown")));
}

namespace {
// Refusals whose alternative is advice rather than an action: the advice, by refusal code.
const std::map<std::string, std::string, std::less<>> kAdvice = {
    {"not_delivered", "refusal.alternative.contact_store"},
    {"outside_return_window", "refusal.alternative.contact_store"},
    {"not_supported_here", "refusal.alternative.service_desk"},
    {"not_assigned", "refusal.alternative.call_dispatch"},
    {"visit_cancelled", "refusal.alternative.call_dispatch"},
    {"visit_completed", "refusal.alternative.call_dispatch"},
    {"already_dispatched", "refusal.alternative.refuse_at_door"},
};
}  // namespace

std::string refusal_text(const UiContext& ui, const CommandResult& result) {
    std::string text = refusal_reason(ui, result);
    // The alternative is worded from its action's wire name, else from the advice for the code;
    // the service's `alternative_text` is for logs only.
    std::string advice;
    if (!result.alternative.empty()) advice = keyed(ui, "refusal.alternative." + result.alternative, "");
    if (advice.empty())
        if (auto it = kAdvice.find(result.code); it != kAdvice.end()) advice = ui.tr(it->second);
    if (!advice.empty()) text += " \u00B7 " + advice;
    return text;
}

std::string foreseen_text(const UiContext& ui, const std::string& code) {
    CommandResult r;
    r.code = code;
    return refusal_text(ui, r);
}

std::string alternative_ruled_out(const ScreenEnv& env, const OutboxEntry& refused, const Case* c) {
    if (!c || !refused.result) return {};
    const auto alt = action_from_wire(refused.result->alternative);
    if (!alt) return {};
    const auto code = foreseen_refusal(*alt, *c, env.snap.now);
    return code ? std::string(*code) : std::string();
}

CommandLine command_line(const ScreenEnv& env, const OutboxEntry& command) {
    const UiContext& ui = env.ui;
    CommandLine line;
    switch (command.state) {
        case CommandState::Pending: {
            const char* where = command.staff_id.empty() ? "timeline.requested_at_kiosk" : "timeline.requested_in_store";
            line.text = ui.msg(where, {{"when", clock_text(ui, command.device_time)}}) + " \u00B7 " + ui.tr("status.waiting_to_sync");
            line.tone = ChipTone::Pending;
            break;
        }
        case CommandState::Confirmed:
            line.text = ui.msg("status.confirmed", {{"when", clock_text(ui, command.answered_at)}});
            line.tone = ChipTone::Success;
            break;
        case CommandState::Held:
            line.text = ui.msg(command.staff_id.empty() ? "timeline.requested_at_kiosk" : "timeline.requested_in_store",
                               {{"when", clock_text(ui, command.device_time)}}) +
                        " \u00B7 " + ui.tr("status.held");
            line.tone = ChipTone::Pending;
            break;
        case CommandState::Refused: {
            line.tone = ChipTone::Refused;
            if (!command.result) {
                line.text = ui.msg("status.refused", {{"reason", ui.tr("refusal.unknown")}});
                break;
            }
            line.text = ui.msg("status.refused", {{"reason", refusal_text(ui, *command.result)}});
            break;
        }
    }
    return line;
}

}  // namespace tp::ui
