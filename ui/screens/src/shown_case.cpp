#include "shown_case.hpp"

#include "screen_kit.hpp"

namespace tp::ui {
namespace {
// UI-local marker (never a widget id): the case id last asked for and not yet shown.
constexpr const char* kAsked = "~shown_case.asked";
}  // namespace

const CaseView* shown_case(ScreenEnv& env, const std::string& case_id) {
    if (case_id.empty()) return nullptr;
    if (env.snap.open_case && env.snap.open_case->summary.data.id == case_id) {
        env.state.fields.erase(kAsked);
        return &*env.snap.open_case;
    }
    std::string& asked = env.state.fields[kAsked];
    if (asked != case_id) {
        asked = case_id;
        accept(env, env.core.open_case(case_id));
    }
    return nullptr;
}

}  // namespace tp::ui
