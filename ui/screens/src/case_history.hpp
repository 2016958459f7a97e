#pragma once
// A case's history as one list: events from every channel and this terminal's own requests on
// the case, each request with where it stands (waiting to sync, confirmed, refused).

#include <string>
#include <vector>

#include "touchpoint/ui/screens/screens.hpp"

namespace tp::ui {

struct HistoryEntry {
    Millis at = 0;                          // event: service time; own request: device time
    const TimelineEvent* event = nullptr;   // set for an event (with `command` if it is ours)
    const OutboxEntry* command = nullptr;   // set for an own request (alone: not in the timeline yet)
};

// Newest first. An own request appears on its own while pending or refused (until dismissed),
// and while confirmed but not yet in the timeline; once its event arrives it is shown on it.
// Automatic interactions are left out. Pointers point into `view`.
std::vector<HistoryEntry> merged_history(const CaseView& view);

// What this terminal asked for, with the words typed or chosen: "Add a note: Will collect in
// store.", "Start a return: It doesn't fit".
std::string request_text(const UiContext& ui, const OutboxEntry& command);

// Who did it, in words for the person reading ("You", "Customer service", "Store staff", ...);
// empty when the service did it on its own.
std::string actor_name(const ScreenEnv& env, const std::string& actor, Channel channel);

// The history of `view`, one entry after another at the cursor. A refusal that offers an
// alternative action gets a button "case.alternative.<command id>" taking it (once).
void draw_case_history(ScreenEnv& env, const CaseView& view);

}  // namespace tp::ui
