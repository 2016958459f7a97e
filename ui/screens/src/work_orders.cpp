// The technician's day: today's work orders, downloaded for offline use, each with the customer,
// the address, the time window and where the visit stands — including progress recorded on this
// tablet that still waits to sync. Tapping one opens the visit.
#include <imgui.h>

#include "screen_kit.hpp"
#include "touchpoint/ui/status.hpp"
#include "visit_sections.hpp"

namespace tp::ui {
namespace {

const char* const kSep = " \u00B7 ";

// The visit's status with this tablet's pending progress laid over the service's.
std::string shown_status(const WorkOrderView& wo) {
    const auto& local = wo.local_progress;
    if (wo.order.status == "completed" || local.value("completed", false)) return "completed";
    if (wo.order.status == "assigned" && local.value("checked_in", false)) return "checked_in";
    return wo.order.status;
}

}  // namespace

void draw_work_orders(ScreenEnv& env) {
    UiContext& ui = env.ui;
    begin_screen(ui, "work-orders");
    draw_screen_top(env);
    screen_title(env, ui.tr("tech.title"), false);
    staff_bar(env, ScreenId::WorkOrders);
    if (env.snap.sync.last_sync)
        muted_text(ui, ui.msg("tech.prefetched", {{"when", when_text(env, env.snap.sync.last_sync)}}));
    notice_line(env);
    begin_body(env, "orders", 0.0f);
    if (env.snap.work_orders.empty()) body_text(ui, ui.tr("tech.empty"));
    for (const WorkOrderView& wo : env.snap.work_orders) {
        const WorkOrder& o = wo.order;
        const std::string status = shown_status(wo);
        std::string chip = work_order_status_name(ui, status);
        RowOptions row;
        if (wo.pending) {
            chip += kSep + std::string(ui.tr("status.waiting_to_sync"));
            row.chip_tone = ChipTone::Pending;
        } else if (status == "completed") {
            row.chip_tone = ChipTone::Success;
        } else if (status == "cancelled") {
            row.chip_tone = ChipTone::Refused;
        }
        row.chip = chip;
        const std::string detail =
            o.address + kSep + ui.msg("tech.window", {{"start", when_text(env, o.window_start)}, {"end", clock_text(ui, o.window_end)}});
        row.detail = detail;
        const std::string title = wo.customer_name + kSep + case_reference(ui, wo.case_reference);
        if (list_row(ui, "workorders.open." + o.case_id, title, row) && accept(env, env.core.open_case(o.case_id))) {
            env.state.notice.clear();
            env.nav.go(ScreenId::VisitFlow, o.case_id);
        }
    }
    end_body();
    end_screen();
}

}  // namespace tp::ui
