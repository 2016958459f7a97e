// The technician's side of the visit: check in, the checklist, the parts used, notes typed on the
// on-screen keyboard, and photos chosen from the tablet's camera folder in the picker.
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdlib>

#include "touchpoint/ui/imgui_color.hpp"
#include "touchpoint/ui/status.hpp"
#include "visit_photo.hpp"
#include "visit_sections.hpp"

namespace tp::ui {
namespace {

const char* const kSep = " \u00B7 ";

int part_quantity(ScreenEnv& env, const Part& part) {
    std::string& text = field_text(env, "visit.qty." + part.sku);
    if (text.empty()) text = std::to_string(std::max(part.quantity, 1));
    return std::clamp(std::atoi(text.c_str()), 1, 99);
}

// "× 2" centred in a touch-high box, between the − and + buttons.
void count_box(UiContext& ui, int quantity) {
    const std::string text = "\u00D7 " + std::to_string(quantity);
    ImFont* font = ui.fonts().body ? ui.fonts().body : ImGui::GetFont();
    const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.c_str());
    const float h = ui.theme().touch_height();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float w = std::max(size.x, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, "\u00D7 88").x);
    ImGui::Dummy(ImVec2(w, h));
    ImGui::GetWindowDrawList()->AddText(font, font->FontSize, ImVec2(at.x + (w - size.x) * 0.5f, at.y + (h - size.y) * 0.5f),
                                        to_u32(ui.palette().text), text.c_str());
    ui.widgets().add_text(text);
}

void check_in(ScreenEnv& env, const WorkOrderView& wo, const VisitRecord& r) {
    UiContext& ui = env.ui;
    if (!r.checked_in) {
        ButtonOptions in;
        in.tone = Tone::Primary;
        if (button(ui, "visit.check_in", action_name(ui, ActionType::VisitCheckIn), in))
            issue_visit(env, ActionType::VisitCheckIn, wo.order.case_id);
        return;
    }
    body_text(ui, "\u2713 " + std::string(ui.tr("tech.status.checked_in")));
    if (r.check_in) command_chip(env, *r.check_in);
}

void checklist(ScreenEnv& env, const WorkOrderView& wo, const VisitRecord& r, bool working) {
    UiContext& ui = env.ui;
    heading_text(ui, ui.tr("visit.checklist"));
    // Every row is as tall as a toggle, ticked or not, so ticking one never moves the next one
    // from under the finger.
    const float row_h = ui.theme().touch_height();
    for (const ChecklistItem& item : wo.order.checklist) {
        const ImVec2 start = ImGui::GetCursorPos();
        ImGui::BeginGroup();
        bool done = r.step_done.at(item.id);
        if (working) {
            // A tick is a toggle: tapping a ticked item queues it as not done.
            if (toggle(ui, "visit.step." + item.id, local_text(env, item.label), done))
                issue_visit(env, ActionType::VisitStepDone, wo.order.case_id, {{"item_id", item.id}, {"done", done}});
        } else if (done) {
            body_text(ui, "\u2713 " + local_text(env, item.label));
        } else {
            muted_text(ui, "\u25CB " + local_text(env, item.label));
        }
        if (auto it = r.steps.find(item.id); it != r.steps.end()) {
            ImGui::SameLine();
            command_chip(env, *it->second);
        }
        ImGui::EndGroup();
        if (ImGui::GetItemRectSize().y < row_h) {
            ImGui::SetCursorPos(start);
            ImGui::Dummy(ImVec2(1.0f, row_h));
        }
    }
}

void parts(ScreenEnv& env, const WorkOrderView& wo, const VisitRecord& r, bool working) {
    UiContext& ui = env.ui;
    if (wo.order.parts_planned.empty()) return;
    heading_text(ui, ui.tr("visit.parts"));
    for (const Part& part : wo.order.parts_planned) {
        if (const OutboxEntry* used = r.part(part.sku)) {
            int quantity = 0;
            for (const auto& p : used->payload.value("parts", nlohmann::json::array()))
                if (p.is_object() && p.value("sku", "") == part.sku) quantity = p.value("quantity", 0);
            body_text(ui, "\u2713 " + ui.msg("visit.part_used", {{"part", part.name}, {"quantity", static_cast<std::int64_t>(quantity)}}));
            command_chip(env, *used);
            continue;
        }
        const std::string planned = ui.msg("visit.part_planned", {{"part", part.name}, {"quantity", static_cast<std::int64_t>(part.quantity)}});
        if (!working) {
            muted_text(ui, planned);
            continue;
        }
        body_text(ui, planned);
        std::string& text = field_text(env, "visit.qty." + part.sku);
        const int quantity = part_quantity(env, part);
        ButtonOptions step;
        step.width = ui.theme().touch_height();
        step.enabled = quantity > 1;
        if (button(ui, "visit.part." + part.sku + ".less", "\u2013", step)) text = std::to_string(quantity - 1);
        ImGui::SameLine();
        count_box(ui, quantity);
        ImGui::SameLine();
        step.enabled = quantity < 99;
        if (button(ui, "visit.part." + part.sku + ".more", "+", step)) text = std::to_string(quantity + 1);
        next_in_row(ui, ui.tr("visit.part_record"));
        if (button(ui, "visit.part." + part.sku, ui.tr("visit.part_record")))
            issue_visit(env, ActionType::VisitPartsUsed, wo.order.case_id,
                        {{"parts", nlohmann::json::array({{{"sku", part.sku}, {"name", part.name}, {"quantity", quantity}}})}});
    }
}

void note_field(ScreenEnv& env, const WorkOrderView& wo, const VisitRecord& r) {
    UiContext& ui = env.ui;
    keyboard_field(env, kNoteField, ui.tr("visit.notes"), FieldOptions{.placeholder = ui.tr("visit.note_hint")});
    std::string& note = field_text(env, kNoteField);
    ButtonOptions save;
    save.enabled = r.checked_in && !note.empty();
    if (button(ui, "visit.note.save", ui.tr("common.save"), save) &&
        issue_visit(env, ActionType::VisitNote, wo.order.case_id, {{"text", note}})) {
        note.clear();
        env.state.focused_field.clear();
    }
}

// The photos come from the camera folder's picker (photo_picker.cpp), which reads the chosen
// one off the frame; until that is done the button says so.
void photo_field(ScreenEnv& env, const WorkOrderView& wo, const VisitRecord& r) {
    UiContext& ui = env.ui;
    const bool reading = env.state.photo_job != nullptr;
    ButtonOptions pick;
    pick.enabled = r.checked_in && !r.completed && !reading;
    const std::string label = reading ? ui.tr("visit.photo_reading") : action_name(ui, ActionType::VisitPhoto);
    if (button(ui, "visit.photo.pick", label, pick)) {
        env.state.focused_field.clear();
        env.nav.go(ScreenId::PhotoPicker, wo.order.case_id);
    }
}

}  // namespace

bool issue_visit(ScreenEnv& env, ActionType action, const std::string& case_id, nlohmann::json payload) {
    auto r = env.core.issue(action, case_id, std::move(payload));
    if (!r) return accept(env, r.error());
    set_notice(env, env.ui.tr(env.snap.sync.online ? "status.saved" : "status.saved_queued"), false);
    return true;
}

void command_chip(ScreenEnv& env, const OutboxEntry& command) {
    CommandLine line = command_line(env, command);
    if (command.state == CommandState::Pending)  // a tablet in the field, not a kiosk in store
        line.text = env.ui.msg("visit.saved_here", {{"when", clock_text(env.ui, command.device_time)}}) + kSep +
                    env.ui.tr("status.waiting_to_sync");
    chip_beside(env.ui, line.text, line.tone);
}

void chip_beside(UiContext& ui, std::string_view text, ChipTone tone) {
    ImFont* font = ui.fonts().small ? ui.fonts().small : ImGui::GetFont();
    const float width =
        font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x + ui.theme().padding() * 1.2f;
    ImGui::SameLine(0, ui.theme().spacing());
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
    chip(ui, text, tone);
}

void draw_visit_work(ScreenEnv& env, const WorkOrderView& wo, const VisitRecord& r) {
    UiContext& ui = env.ui;
    const bool working = r.checked_in && !r.completed;
    check_in(env, wo, r);
    checklist(env, wo, r, working);
    if (!r.checked_in) muted_text(ui, ui.tr("visit.check_in_first"));
    parts(env, wo, r, working);
    heading_text(ui, ui.tr("visit.notes"));
    for (const OutboxEntry* e : r.notes) {
        body_text(ui, e->payload.value("text", ""));
        command_chip(env, *e);
    }
    note_field(env, wo, r);
    heading_text(ui, ui.tr("visit.photos"));
    for (const OutboxEntry* e : r.photos) {
        body_text(ui, e->payload.value("file_name", ""));
        command_chip(env, *e);
    }
    photo_field(env, wo, r);
}

void draw_visit_typing(ScreenEnv& env, const WorkOrderView& wo, const VisitRecord& r) {
    UiContext& ui = env.ui;
    const std::string reference = case_reference(ui, wo.case_reference);
    muted_text(ui, ui.msg("visit.title", {{"reference", reference}}) + kSep + wo.customer_name);
    note_field(env, wo, r);
    notice_line(env);
}

void poll_photo(ScreenEnv& env) {
    const std::shared_ptr<PhotoJob> job = env.state.photo_job;
    if (!job || !job->done()) return;
    env.state.photo_job.reset();
    UiContext& ui = env.ui;
    if (job->problem != PhotoProblem::None) {
        set_notice(env, ui.tr(photo_problem_key(job->problem)), true);
        return;
    }
    if (issue_visit(env, ActionType::VisitPhoto, job->case_id, job->payload))
        set_notice(env, ui.msg("visit.photo_attached", {{"file", job->file_name}}), false);
}

}  // namespace tp::ui
