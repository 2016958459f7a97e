#pragma once
// Which actions a case offers to the current role, and whether connectivity allows them now.

#include <string>
#include <vector>

#include "touchpoint/actions.hpp"
#include "touchpoint/app_state.hpp"

namespace tp::ui {

struct CaseAction {
    ActionType type;
    bool available = true;  // false: needs a live answer and the terminal is offline
};

// The actions that make sense for this case's kind and status, for the signed-in role.
std::vector<CaseAction> case_actions(const AppSnapshot& snap, const Case& c);

}  // namespace tp::ui
