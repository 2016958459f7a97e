#include <imgui.h>

#include <array>
#include <optional>

#include "photo_picker.hpp"
#include "touchpoint/ui/screens/screens.hpp"
#include "visit_photo.hpp"
#include "touchpoint/ui/status.hpp"

namespace tp::ui {
namespace {

struct ScreenEntry {
    ScreenId id;
    const char* name;
    void (*draw)(ScreenEnv&);
};

constexpr std::array kScreens{
    ScreenEntry{ScreenId::Attract, "attract", draw_attract},
    ScreenEntry{ScreenId::Language, "language", draw_language},
    ScreenEntry{ScreenId::Identify, "identify", draw_identify},
    ScreenEntry{ScreenId::Verify, "verify", draw_verify},
    ScreenEntry{ScreenId::CustomerHome, "customer-home", draw_customer_home},
    ScreenEntry{ScreenId::CaseDetail, "case-detail", draw_case_detail},
    ScreenEntry{ScreenId::ActionForm, "action-form", draw_action_form},
    ScreenEntry{ScreenId::InTrayAnswer, "intray-answer", draw_intray_answer},
    ScreenEntry{ScreenId::Feedback, "feedback", draw_feedback},
    ScreenEntry{ScreenId::Receipt, "receipt", draw_receipt},
    ScreenEntry{ScreenId::StaffSignIn, "staff-sign-in", draw_staff_sign_in},
    ScreenEntry{ScreenId::CustomerSearch, "customer-search", draw_customer_search},
    ScreenEntry{ScreenId::NeedsAttention, "needs-attention", draw_needs_attention},
    ScreenEntry{ScreenId::SyncDiagnostics, "sync-diagnostics", draw_sync_diagnostics},
    ScreenEntry{ScreenId::WorkOrders, "work-orders", draw_work_orders},
    ScreenEntry{ScreenId::VisitFlow, "visit-flow", draw_visit_flow},
    ScreenEntry{ScreenId::PhotoPicker, "photo-picker", draw_photo_picker},
    ScreenEntry{ScreenId::ExitKiosk, "exit-kiosk", draw_exit_kiosk},
    ScreenEntry{ScreenId::NotSetUp, "not-set-up", draw_not_set_up},
    ScreenEntry{ScreenId::Reset, "reset", draw_reset},
};

const ScreenEntry& entry(ScreenId id) {
    for (const auto& e : kScreens)
        if (e.id == id) return e;
    return kScreens.front();
}

}  // namespace

const char* scene_name(ScreenId id) { return entry(id).name; }

std::optional<ScreenId> scene_from_name(std::string_view name) {
    for (const auto& e : kScreens)
        if (name == e.name) return e.id;
    return std::nullopt;
}

std::vector<ScreenId> all_screens() {
    std::vector<ScreenId> ids;
    for (const auto& e : kScreens) ids.push_back(e.id);
    return ids;
}

void Nav::go(ScreenId next, std::string next_arg) {
    back_stack.emplace_back(screen, arg);
    screen = next;
    arg = std::move(next_arg);
}

void Nav::back() {
    if (back_stack.empty()) return;
    screen = back_stack.back().first;
    arg = std::move(back_stack.back().second);
    back_stack.pop_back();
}

void Nav::reset_to(ScreenId root, std::string root_arg) {
    back_stack.clear();
    screen = root;
    arg = std::move(root_arg);
}

std::uint64_t background_progress(const ScreenState& state) {
    std::uint64_t progress = 0;
    if (state.photo_picker) progress += state.photo_picker->scan->progress();
    if (state.photo_job && state.photo_job->done()) ++progress;
    return progress;
}

bool background_busy(const ScreenState& state) {
    return (state.photo_picker && !state.photo_picker->scan->done()) || (state.photo_job && !state.photo_job->done());
}

void draw_app(ScreenEnv& env) {
    // A privacy reset (or any new session) drops everything the screens held.
    if (env.state.generation != env.snap.session_generation) {
        const bool contrast = env.state.high_contrast;
        const float scale = env.state.text_scale;
        env.state = ScreenState{};
        env.state.generation = env.snap.session_generation;
        env.state.high_contrast = contrast;
        env.state.text_scale = scale;
        env.nav.reset_to(ScreenId::Attract);
    }
    // Any touch or key past the attract screen is activity (Terminal::user_activity: before
    // sign-in too, so someone typing a PIN is not reset; not during a shown idle warning).
    const ImGuiIO& io = ImGui::GetIO();
    const bool input = io.MouseClicked[0] || io.MouseDown[0] || !io.InputQueueCharacters.empty();
    if (input && env.nav.screen != ScreenId::Attract && env.nav.screen != ScreenId::NotSetUp &&
        env.nav.screen != ScreenId::Reset)
        env.core.user_activity();
    // A terminal that is not enrolled has no data and cannot sync: it says so, and nothing else.
    if (!env.snap.sync.enrolled && env.nav.screen != ScreenId::NotSetUp) env.nav.reset_to(ScreenId::NotSetUp);
    if (env.snap.sync.enrolled && env.nav.screen == ScreenId::NotSetUp) {
        env.state.fields.clear();  // the enrollment code typed there
        env.state.focused_field.clear();
        env.nav.reset_to(ScreenId::Attract);
    }
    // A terminal being wiped serves no one: it says so, and nothing else (enrolling again ends it).
    if (env.snap.sync.wipe_ordered && env.snap.sync.enrolled && env.nav.screen != ScreenId::Reset) {
        if (env.snap.identity) env.core.end_session();  // a privacy reset: nothing of theirs stays
        env.nav.reset_to(ScreenId::Reset);
    }
    if (!env.snap.sync.wipe_ordered && env.nav.screen == ScreenId::Reset) env.nav.reset_to(ScreenId::Attract);
    env.ui.set_language(env.snap.language);
    // Screens flip these in ScreenState; the context rebuilds fonts at the next frame.
    const auto kind = env.state.high_contrast ? ThemeKind::HighContrast : ThemeKind::Standard;
    if (env.ui.theme().kind != kind) env.ui.set_theme(kind);
    if (env.ui.theme().text_scale != env.state.text_scale) env.ui.set_text_scale(env.state.text_scale);
    entry(env.nav.screen).draw(env);
    draw_chrome(env);
}

}  // namespace tp::ui
