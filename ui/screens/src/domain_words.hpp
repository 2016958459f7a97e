#pragma once
// The words of what the data carries as codes and as authored texts (docs/sync-protocol.md §14):
// authored texts picked for the screen's language, case titles, process steps, timeline events,
// journey interactions, in-tray kinds and options, work-order statuses. A code the string tables
// do not know is said in its generic wording ("step.other", "event.other", ...), never raw.

#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/ui/screens/screens.hpp"

namespace tp::ui {

// The language an authored text falls back to after the screen's: the terminal's configured one.
std::string_view fallback_language(const ScreenEnv& env);
// pick_text of `text` for this screen: its language, the fallback language, English, any.
std::string local_text(const ScreenEnv& env, const LocalText& text);
// The same with an explicit fallback language, for texts that must not depend on the terminal.
std::string local_text(const UiContext& ui, const LocalText& text, std::string_view fallback);

// The case's title: its authored wording, else "case.title.<kind>" with its subject, else the
// name of its kind.
std::string case_title(const ScreenEnv& env, const Case& c);
// "step.<code>"; "step.other" for a code the tables do not know.
std::string step_name(const UiContext& ui, const std::string& code);
// "event.<kind>" with the event's params and {channel}; "event.other" for an unknown kind. The
// event's own words (e.text) are not part of it.
std::string event_text(const ScreenEnv& env, const TimelineEvent& e);
// "journey.<kind>" with the interaction's params and {channel}; "journey.other" when unknown.
std::string journey_text(const ScreenEnv& env, const Interaction& i);
// "intray.kind.<kind>"; "intray.kind.other" when unknown.
std::string intray_kind_name(const UiContext& ui, const std::string& kind);
// A slot ("intray.slot" from its start and end, in the screen's locale) or the option's text.
std::string option_text(const ScreenEnv& env, const InTrayOption& option);
// The words of an answer: the text of the option whose id it is, else the answer as typed.
std::string answer_text(const ScreenEnv& env, const std::vector<InTrayOption>& options,
                        const std::string& answer);
// "tech.status.<status>"; "tech.status.other" when unknown.
std::string work_order_status_name(const UiContext& ui, const std::string& status);

}  // namespace tp::ui
