#pragma once
// Sync diagnostics' list of housekeeping refusals (AppSnapshot::housekeeping): what the service
// refused that no rep can act on, in words — what was asked, for whom, on which case, when and
// why — each with "Dismiss" (Terminal::dismiss), after which it is no longer counted as refused.
// Draws nothing when there are none.

#include "touchpoint/ui/screens/screens.hpp"

namespace tp::ui {

void housekeeping_list(ScreenEnv& env);

}  // namespace tp::ui
