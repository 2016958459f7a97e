#pragma once
// Pieces several screens share: text fields typed on the on-screen keyboard, the PIN pad, the
// notice line, the back button, the staff bar, and plain-language names of domain values.

#include <string>
#include <string_view>

#include "domain_words.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/ui/screens/screens.hpp"
#include "touchpoint/ui/widgets.hpp"

namespace tp::ui {

// Call between buttons laid out in a row (instead of ImGui::SameLine): stays on the line when a
// button labelled `next_label` still fits, else starts a new line.
void next_in_row(const UiContext& ui, std::string_view next_label);

// The text typed into field `id` of the current screen.
std::string& field_text(ScreenEnv& env, const std::string& id);

// Gives field `id` the keyboard, opened on its letters page with shift off: a page left from
// the field before (digits after a staff ID) is not where the next one starts.
void focus_field(ScreenEnv& env, const std::string& id);

// A text field bound to field_text(id): tapping it focuses it (and shows the keyboard).
void keyboard_field(ScreenEnv& env, const std::string& id, std::string_view label,
                    FieldOptions options = {});

// Call right after drawing the field being typed into: when it has just been focused or its text
// changed, its scrolling region brings it into view (a drag elsewhere is left alone meanwhile).
void reveal_field(ScreenEnv& env, const std::string& id);

// When a field is focused, draws the keyboard at the bottom of the screen typing into it.
// Returns Done in the frame the done key was pressed.
KeyboardResult focused_keyboard(ScreenEnv& env, std::size_t max_codepoints = 0);

// Space the keyboard takes at the bottom when a field is focused (0 otherwise).
float keyboard_reserve(const ScreenEnv& env);

// A 3 × 4 numeric keypad: "<prefix>.digit.N" and "<prefix>.backspace"; appends to `pin`. It takes
// at most 40% of the window's height (pin_pad_height), its keys shorter on a short window.
void pin_pad(ScreenEnv& env, std::string_view prefix, std::string& pin, std::size_t max_digits = 8);
// A PIN typed on the keypad, both whole on a short window: on the left what to do (`explain`),
// the masked field `field_id` (field_text) labelled `label` and, when given, a `hint` under it;
// on the right the keypad "<prefix>.digit.N" appending to that field.
void pin_entry(ScreenEnv& env, std::string_view prefix, const std::string& field_id, std::string_view explain,
               std::string_view label, std::string_view hint = {});
float pin_pad_key_height(const UiContext& ui);
float pin_pad_height(const UiContext& ui);
float pin_pad_width(const UiContext& ui);
float pin_pad_key_width(const UiContext& ui);

// The plain-language result of the last intent, if any (state.notice); the line's room is kept
// when there is none, so a notice appearing moves nothing below it.
void notice_line(ScreenEnv& env);
void set_notice(ScreenEnv& env, std::string text, bool error);
// Sets the notice from a failed Status (its key worded, error_words.hpp) and returns false; true
// when ok.
bool accept(ScreenEnv& env, const Status& status);

// "common.back": goes back one screen. Returns true when tapped.
bool back_button(ScreenEnv& env, std::string_view id = "common.back", bool enabled = true);

// Staff only: who is signed in, and the staff menu (search, attention, work orders,
// diagnostics, sign out) without the entry for `here`.
void staff_bar(ScreenEnv& env, ScreenId here);

// A scrolling region filling the screen down to `bottom_reserve` pixels above its end, `width`
// wide (0: the rest of the line); a finger dragged on it scrolls it. When its content is taller
// than it, end_body() draws the cue: a thumb on its right edge and a fade over the edge with more
// beyond. Regions side by side need distinct ids. Always pair with end_body().
void begin_body(ScreenEnv& env, std::string_view id, float bottom_reserve, float width = 0.0f);
void end_body();

// The screen's heading (below the status strip, which holds the sync corner: the whole width is
// free). On a customer screen its line also holds the language button ("screen.language"), which
// opens the language screen; the title wraps short of it.
void screen_title(ScreenEnv& env, std::string_view text, bool large = true);

// Localised names.
std::string channel_name(const UiContext& ui, Channel channel);
std::string case_kind_name(const UiContext& ui, CaseKind kind);
std::string case_status_name(const UiContext& ui, const std::string& status);
// A case's reference as people read it: the service's ("TP-10042"), else the one made here
// ("S1-7F3A-12"), else "reference follows" — never the case's id.
std::string case_reference(const UiContext& ui, const Case& c);
std::string case_reference(const UiContext& ui, const std::string& reference);
std::string action_name(const UiContext& ui, ActionType action);
std::string action_name(const UiContext& ui, std::string_view wire_name);

// How a command of this terminal stands: "Requested at the kiosk 14:02 · waiting to sync",
// "Confirmed 14:05", "Refused: already shipped · start a return instead".
struct CommandLine {
    std::string text;
    ChipTone tone = ChipTone::Pending;
};
CommandLine command_line(const ScreenEnv& env, const OutboxEntry& command);
// The refusal's reason in the current language; "refusal.unknown" for a code the tables do not know.
std::string refusal_reason(const UiContext& ui, const CommandResult& result);
// A refusal in words with what to do instead: "already shipped · start a return instead".
std::string refusal_text(const UiContext& ui, const CommandResult& result);
// The same for a refusal the terminal foresees before asking (foreseen_refusal's code).
std::string foreseen_text(const UiContext& ui, const std::string& code);
// The refusal code foreseen for the alternative a refused command offers, on its case as cached
// (`c`, null when not cached): non-empty when the case's state already rules that alternative
// out, so its button is shown disabled with "Not possible: …" instead of failing when tapped.
std::string alternative_ruled_out(const ScreenEnv& env, const OutboxEntry& refused, const Case* c);

bool is_staff(const AppSnapshot& snap);

// A moment as people read it on this screen: "14:02" today, otherwise the date and time in the
// language's usual order ("23/11 14:02", "23.11. 14:02"). "—" for 0.
std::string when_text(const ScreenEnv& env, Millis utc_ms);

// Open means still going on: not closed and not cancelled.
bool is_open_case(const Case& c);

}  // namespace tp::ui
