// A field technician on a tablet: signs in, opens today's visit, loses the connection, checks in,
// works through the checklist, has the customer sign on the pad and completes the visit — all
// offline. Once the connection is back, the other channels see the visit completed and signed.

#include "flow_rig.hpp"
#include "sign_in_steps.hpp"

using namespace tp;
using namespace tp::test;

TEST_CASE("a visit completed and signed offline reaches the other channels after sync") {
    FlowOptions options;
    options.enrollment_code = "KIOSK-S1-11";
    FlowRig rig(options);
    staff_signs_in(rig, "T1", "1357");
    const std::string visit = "REP-C0002-1";
    // The technician's work orders are prefetched for offline use.
    REQUIRE(rig.wait_until([&] { return rig.has_widget("workorders.open." + visit); },
                           std::chrono::seconds(20)));
    rig.tap("workorders.open." + visit);

    rig.service.stop();
    REQUIRE(rig.wait_until([&] { return !rig.snap().sync.online; }));

    rig.tap("visit.check_in");
    REQUIRE(!rig.snap().work_orders.empty());
    std::vector<std::string> steps;
    for (const auto& wo : rig.snap().work_orders)
        if (wo.order.case_id == visit)
            for (const auto& item : wo.order.checklist) steps.push_back(item.id);
    REQUIRE_FALSE(steps.empty());
    for (const auto& step : steps) rig.tap("visit.step." + step);

    // A signature: two strokes across the pad.
    REQUIRE(rig.wait_until([&] { return rig.has_widget("visit.sign.pad"); }));
    const auto pad = rig.ctx->widgets().find_id("visit.sign.pad")->visible;
    REQUIRE(pad.h >= 100.0f);  // the whole pad is in view
    std::vector<std::pair<float, float>> stroke;
    for (int i = 0; i <= 20; ++i)
        stroke.emplace_back(pad.x + pad.w * (0.1f + 0.04f * i), pad.y + pad.h * (0.5f + (i % 2 ? 0.2f : -0.2f)));
    rig.host->script().drag(stroke);
    rig.host->script().drag({{pad.x + pad.w * 0.2f, pad.y + pad.h * 0.8f}, {pad.x + pad.w * 0.8f, pad.y + pad.h * 0.8f}});
    rig.host->run_script([&] { rig.app->draw_frame(); });
    REQUIRE(rig.app->state().signature.size() == 2);
    rig.tap("visit.field.signer");
    rig.type("Ana Ruiz");
    rig.tap("kbd.enter");
    rig.tap("visit.complete");
    REQUIRE(rig.wait_until([&] { return rig.shows(rig.text("status.waiting_to_sync")); }));
    CHECK(rig.snap().outbox.pending >= static_cast<int>(steps.size()) + 3);

    rig.service.start_on_same_port();
    REQUIRE(rig.wait_until([&] { return rig.snap().outbox.pending == 0; }, std::chrono::seconds(30)));
    CHECK(rig.snap().outbox.refused == 0);

    // What the web, the app and the call center see.
    auto reply = rig.service.get("/v1/cases/" + visit, service::testing::TestService::channel());
    REQUIRE(reply.status == 200);
    CHECK(reply.body["case"]["status"] == "completed");
    CHECK(reply.body["work_order"]["status"] == "completed");
    bool signed_event = false;
    for (const auto& e : reply.body["case"]["timeline"])
        if (e.dump().find("signature") != std::string::npos) signed_event = true;
    CHECK(signed_event);
}
