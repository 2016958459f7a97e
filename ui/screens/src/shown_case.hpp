#pragma once
// The case a screen is about, opened through the core when the snapshot shows another one.

#include <string>

#include "touchpoint/ui/screens/screens.hpp"

namespace tp::ui {

// The snapshot's open case when it is `case_id`; otherwise asks the core to open it and returns
// nullptr (the next snapshot has it). A case that cannot be opened is asked for once, not every
// frame: its plain-language reason becomes the screen's notice.
const CaseView* shown_case(ScreenEnv& env, const std::string& case_id);

}  // namespace tp::ui
