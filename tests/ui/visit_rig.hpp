#pragma once
// A technician's visit on the offscreen host, offline, over a temporary store: work order VIS-1
// (customer Ben Ortiz, two checklist steps, one planned part) of technician T-7, signed in and
// opened, drawn by the real screens from the Terminal's snapshot.

#include <doctest/doctest.h>

#include "terminal_test_support.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/terminal.hpp"
#include "touchpoint/ui/screens/screens.hpp"
#include "ui_harness.hpp"

namespace tp::test {

class NoOnline final : public ui::OnlineActions {
  public:
    void lookup_customers(const std::string&) override {}
    void fetch_and_serve(const std::string&) override {}
    void identify_and_serve(const std::string&, const std::string&) override {}
    void register_staff_online(const std::string&, const std::string&) override {}
    void sync_now() override {}
};

struct VisitRig {
    TempDir dir;
    std::unique_ptr<Store> store = open_store(dir.file("terminal.db"));
    FakeClock clock;
    StatusBoard board;
    std::unique_ptr<Terminal> core;
    UiHarness ui;
    ui::Nav nav;
    ui::ScreenState state;
    NoOnline online;
    platform::DrawFn draw;

    VisitRig() {
        Case visit;
        visit.id = "VIS-1";
        visit.reference = "TP-20001";
        visit.customer_id = "C-1";
        visit.kind = CaseKind::Visit;
        visit.status = "scheduled";
        visit.version = 1;
        WorkOrder wo;
        wo.case_id = "VIS-1";
        wo.technician_id = "T-7";
        wo.customer_id = "C-1";
        wo.address = "Calle Mayor 1";
        wo.status = "assigned";
        wo.checklist = {{"chk-1", {{"en", "Check the filter"}}, false}, {"chk-2", {{"en", "Run a test cycle"}}, false}};
        wo.parts_planned = {{"FLT-9", "Filter", 1}};
        Staff tech{"T-7", "Tomás", Role::Technician, "S-1", sha256_hex("T-7").substr(0, 16), {}};
        tech.pin_hash = pin_hash(tech.pin_salt, "7777", PinCost::Minimal);
        apply_changes(*store, {change("customer", "C-1", make_customer("C-1", "Ben Ortiz", "S-1")),
                               change("case", "VIS-1", visit), change("work_order", "VIS-1", wo),
                               change("staff", "T-7", tech)});
        board.update([](SyncStatus& s) {
            s.enrolled = true;
            s.online = false;
            s.store_id = "S-1";
        });
        core = std::make_unique<Terminal>(*store, clock, board);
        REQUIRE(core->staff_sign_in("T-7", "7777").ok());
        REQUIRE(core->open_case("VIS-1").ok());
        state.generation = core->snapshot().session_generation;
        nav.reset_to(ui::ScreenId::VisitFlow, "VIS-1");
        draw = [this] {
            const AppSnapshot& snap = core->snapshot();
            ui::ScreenEnv env{*ui.ctx, *core, snap, online, nav, state};
            ui::draw_app(env);
        };
        ui.host->frame(draw);
    }

    const ui::WidgetRegistry& widgets() const { return ui.ctx->widgets(); }
    std::string tr(const char* key) const { return ui.ctx->tr(key); }
    std::string msg(std::string_view key, const ui::MessageArgs& args = {}) const { return ui.ctx->msg(key, args); }
    bool enabled(const char* id) const {
        auto w = widgets().find_id(id);
        return w && w->enabled;
    }
    // Drags the visit's work column (the left half) up until widget `id` is on screen.
    void scroll_to(const std::string& id) {
        for (int i = 0; i < 8 && !widgets().find_id(id); ++i) {
            std::vector<std::pair<float, float>> drag;
            for (int k = 0; k <= 10; ++k) drag.emplace_back(260.0f, 600.0f - 40.0f * static_cast<float>(k));
            ui.host->script().drag(drag);
            ui.host->run_script(draw);
        }
        REQUIRE_MESSAGE(widgets().find_id(id), "never scrolled to " << id);
    }
    void tap(const std::string& id) { REQUIRE_MESSAGE(ui.tap_id(draw, id), "no enabled widget " << id); }

    // A zig-zag across the middle of the pad, one point per frame.
    void sign() {
        auto pad = widgets().find_id("visit.sign.pad");
        REQUIRE(pad);
        REQUIRE(pad->rect.h >= 48.0f);
        std::vector<std::pair<float, float>> stroke;
        for (int i = 0; i <= 12; ++i)
            stroke.emplace_back(pad->rect.x + pad->rect.w * (0.1f + 0.06f * static_cast<float>(i)),
                                pad->rect.y + pad->rect.h * (i % 2 ? 0.3f : 0.6f));
        ui.host->script().drag(stroke);
        ui.host->run_script(draw);
    }

    std::vector<OutboxEntry> commands(ActionType action) {
        std::vector<OutboxEntry> out;
        for (auto& e : commands_for_case(*store, "VIS-1"))
            if (e.action == action) out.push_back(e);
        return out;
    }

    const WorkOrderView& work_order() {
        const auto& snap = core->snapshot();
        REQUIRE(snap.work_orders.size() == 1);
        return snap.work_orders.front();
    }
};

}  // namespace tp::test
