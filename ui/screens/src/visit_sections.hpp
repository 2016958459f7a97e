#pragma once
// The visit flow's sections (visit_work.cpp), drawn by draw_visit_flow. Every visit action
// queues offline (actions.cpp: policy Queue for all seven), so nothing here is disabled for
// being offline: each recorded step shows its own state instead — saved on this tablet and
// waiting to sync, confirmed, or refused with the reason and "call dispatch".

#include <nlohmann/json.hpp>

#include <string>

#include "screen_kit.hpp"
#include "visit_record.hpp"

namespace tp::ui {

inline constexpr const char* kNoteField = "visit.field.note";
inline constexpr const char* kSignerField = "visit.field.signer";  // the signer's printed name

// Issues one visit command as the signed-in technician; the notice says saved (or why not).
bool issue_visit(ScreenEnv& env, ActionType action, const std::string& case_id,
                 nlohmann::json payload = nlohmann::json::object());

// How one of this terminal's visit commands stands: a chip beside the last item when it fits.
void command_chip(ScreenEnv& env, const OutboxEntry& command);

// A chip on the current line, after the last item, when it fits; else on the next line.
void chip_beside(UiContext& ui, std::string_view text, ChipTone tone);

// Check in, the checklist, the parts used, the notes and the photos.
void draw_visit_work(ScreenEnv& env, const WorkOrderView& wo, const VisitRecord& record);

// While the note is typed: only that field, its action and the keyboard.
void draw_visit_typing(ScreenEnv& env, const WorkOrderView& wo, const VisitRecord& record);

// A photo read off the frame: once its worker is done, issues visit_photo or says what is wrong.
void poll_photo(ScreenEnv& env);

}  // namespace tp::ui
