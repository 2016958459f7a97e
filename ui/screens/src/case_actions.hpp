#pragma once
// Which actions a case offers to the current role, and whether they can be done now: the
// terminal's connectivity and the refusals the action table already foresees from the cached
// case (foreseen_refusal), offline too.

#include <string>
#include <vector>

#include "touchpoint/actions.hpp"
#include "touchpoint/app_state.hpp"

namespace tp::ui {

struct CaseAction {
    ActionType type;
    bool available = true;  // false: foreseen refused, or needs a live answer while offline
    std::string refusal;    // the foreseen refusal's code ("outside_return_window"), or empty
};

// The actions that make sense for this case's kind and status, for the signed-in role.
std::vector<CaseAction> case_actions(const AppSnapshot& snap, const CaseView& view);

}  // namespace tp::ui
