// A sales rep signs in, finds a cancellation the service refused (the call center shipped the
// order, and it was delivered) in "needs attention" — listed by the customer's name and the case's
// reference, never by ids — opens that customer from it, and takes the alternative it offers: a
// return. The customer home then speaks to the rep about the customer.

#include <initializer_list>

#include "flow_rig.hpp"
#include "sign_in_steps.hpp"

using namespace tp;
using namespace tp::test;

namespace {
// A customer asks to cancel ORD-C0001-3 while the kiosk is offline; the call center then applies
// `channel_steps` on the service the kiosk cannot reach; back online, the cancellation is refused
// and a rep opens needs attention.
void cancellation_refused_after(FlowRig& rig, std::initializer_list<const char*> channel_steps) {
    const int kiosk_port = rig.service.port();
    rig.service.stop();
    REQUIRE(rig.wait_until([&] { return !rig.snap().sync.online; }));
    customer_signs_in(rig);
    REQUIRE(rig.core().open_case("ORD-C0001-3").ok());
    REQUIRE(rig.core().issue(ActionType::CancelOrder, "ORD-C0001-3").ok());
    rig.core().end_session();
    rig.service.start_on_port(0);
    for (const char* step : channel_steps) rig.service.channel_command("ORD-C0001-3", step);
    rig.service.stop();
    rig.service.start_on_port(kiosk_port);
    REQUIRE(rig.wait_until([&] { return rig.snap().outbox.refused == 1; }, std::chrono::seconds(30)));
    staff_signs_in(rig, "R1", "2468");
    rig.tap("staff.menu.attention");
}
}  // namespace

TEST_CASE("a rep takes the alternative offered for a refused cancellation") {
    FlowRig rig;
    // Meanwhile the call center shipped and delivered it.
    cancellation_refused_after(rig, {"ship_order", "deliver_order"});
    REQUIRE(rig.snap().needs_attention.size() == 1);
    const AttentionView item = rig.snap().needs_attention.front();
    const OutboxEntry refused = item.command;
    REQUIRE(refused.result.has_value());
    CHECK(refused.result->code == "already_shipped");
    CHECK(rig.shows(rig.ctx->tr("refusal.already_shipped")));
    // Whom and what: the customer's name and the case's reference, what was asked, by whom.
    REQUIRE_FALSE(item.case_reference.empty());
    CHECK(item.case_reference != "ORD-C0001-3");
    CHECK(rig.shows("José García · " + item.case_reference));
    CHECK(rig.shows(rig.text("attention.asked") + rig.ctx->tr("action.cancel_order")));
    CHECK_FALSE(rig.shows("ORD-C0001-3"));
    CHECK_FALSE(rig.shows("by " + std::string(rig.ctx->tr("timeline.actor.customer"))));  // "by You"
    CHECK(rig.shows("by José García"));
    // The session-started interactions the kiosk recorded are never listed here.
    for (const AttentionView& a : rig.snap().needs_attention) CHECK(a.command.action != ActionType::Interaction);

    // Tapping the row opens the customer, as customer search does.
    rig.tap("attention.open." + refused.command_id);
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::CustomerHome; }));
    REQUIRE(rig.snap().customer.has_value());
    CHECK(rig.snap().customer->customer.name == "José García");
    // Assisted mode speaks to the rep about the customer.
    CHECK(rig.shows("José García's open cases"));
    CHECK(rig.shows("Serving José García"));
    CHECK_FALSE(rig.shows(rig.ctx->tr("home.open_cases")));  // "Your open cases"
    CHECK_FALSE(rig.shows("Hello, José"));
    CHECK_FALSE(rig.shows(rig.ctx->tr("home.preferences")));  // "Your preferences"
    CHECK(rig.shows("How José García prefers to be contacted:"));
    CHECK_FALSE(rig.shows(rig.ctx->tr("prefs.channel")));  // "How should we contact you?"
    if (rig.snap().customer->customer.preferences.contact_consent) {
        CHECK(rig.shows("José García agrees to be contacted about their cases"));
        CHECK_FALSE(rig.shows(rig.ctx->tr("prefs.consent")));  // "You may contact me …"
    }
    // The case's history names the customer to the rep, never "You".
    rig.tap("home.case.ORD-C0001-3");
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::CaseDetail; }));
    CHECK(rig.shows("José García \u00B7 "));
    CHECK_FALSE(rig.shows(std::string(rig.ctx->tr("timeline.actor.customer")) + " \u00B7 "));
    rig.tap("common.back");
    rig.tap("staff.menu.attention");

    rig.tap("attention.alternative." + refused.command_id);
    REQUIRE(rig.wait_until([&] { return rig.snap().needs_attention.empty(); }));
    REQUIRE(rig.wait_until([&] { return rig.snap().outbox.pending == 0; }, std::chrono::seconds(30)));

    // The return exists on the service, recorded as assisted by R1.
    auto context = rig.service.get("/v1/customers/C0001/context", service::testing::TestService::channel());
    REQUIRE(context.status == 200);
    bool assisted_return = false;
    for (const auto& c : context.body["cases"]) {
        if (c.value("kind", "") != "return") continue;
        for (const auto& e : c["timeline"])
            if (e.dump().find("R1") != std::string::npos) assisted_return = true;
    }
    CHECK(assisted_return);
}

TEST_CASE("a rep opens another store's customer only once the customer enters their PIN") {
    FlowRig rig;  // an S1 terminal; María Ñúñez (C0005) is a customer of S2
    staff_signs_in(rig, "R1", "2468");
    REQUIRE(rig.app->nav().screen == ui::ScreenId::CustomerSearch);
    rig.tap("search.field");
    rig.type("LOY01274162");
    rig.tap("search.online");
    REQUIRE(rig.wait_until([&] {
        const auto& lookup = rig.snap().online_lookup;
        return lookup.phase == OnlineRequest::Phase::Succeeded && !lookup.customers.empty();
    }));
    // Another store's customer is masked even for a signed-in rep.
    const CustomerHit hit = rig.snap().online_lookup.customers.front();
    CHECK(hit.id == "C0005");
    CHECK(hit.name == "María Ñ.");
    CHECK(hit.email == "m***@example.com");
    CHECK(hit.phone.find("620") == std::string::npos);

    rig.tap("search.online_result.C0005");
    REQUIRE(rig.wait_until([&] { return rig.snap().online_lookup.needs_pin_for == "C0005"; }));
    CHECK(rig.shows(rig.text("search.needs_pin")));
    CHECK_FALSE(rig.snap().customer.has_value());

    for (char digit : std::string("9999")) rig.tap(std::string("search.pin.digit.") + digit);
    rig.tap("search.open_with_pin");
    REQUIRE(rig.wait_until([&] { return !rig.snap().online_lookup.pin_error.empty(); }));
    CHECK(rig.snap().online_lookup.pin_error == "error.wrong_pin");
    CHECK(rig.shows(rig.text("error.wrong_pin")));
    CHECK_FALSE(rig.snap().customer.has_value());

    for (char digit : std::string("1234")) rig.tap(std::string("search.pin.digit.") + digit);
    rig.tap("search.open_with_pin");
    REQUIRE(rig.wait_until([&] {
        return rig.snap().customer.has_value() && rig.snap().customer->customer.id == "C0005";
    }));
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::CustomerHome; }));
}

TEST_CASE("an alternative the case already rules out is offered disabled, with the reason") {
    FlowRig rig;
    // Shipped, not delivered yet: the refusal offers a return, which the order's state rules out
    // for now.
    cancellation_refused_after(rig, {"ship_order"});
    REQUIRE(rig.snap().needs_attention.size() == 1);
    const OutboxEntry refused = rig.snap().needs_attention.front().command;
    REQUIRE(refused.result.has_value());
    REQUIRE(refused.result->alternative == "start_return");
    const std::string reason = rig.ctx->msg("case.not_possible", {{"reason", rig.ctx->tr("refusal.not_delivered")}});
    const std::string alternative = "attention.alternative." + refused.command_id;
    REQUIRE(rig.wait_until([&] { return rig.ctx->widgets().find_id(alternative).has_value(); }));
    CHECK_FALSE(rig.ctx->widgets().find_id(alternative)->enabled);
    CHECK(rig.shows(reason));
    CHECK(rig.has_widget("attention.dismiss." + refused.command_id));  // still handled by dismissing

    // The case's history offers it the same way.
    rig.tap("attention.open." + refused.command_id);
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::CustomerHome; }));
    rig.tap("home.case.ORD-C0001-3");
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::CaseDetail; }));
    const std::string in_case = "case.alternative." + refused.command_id;
    REQUIRE(rig.wait_until([&] { return rig.ctx->widgets().find_id(in_case).has_value(); }));
    CHECK_FALSE(rig.ctx->widgets().find_id(in_case)->enabled);
    CHECK(rig.shows(reason));
}

TEST_CASE("the rep's search keyboard opens on the letters page, whatever page the staff ID ended on") {
    FlowRig rig;
    staff_signs_in(rig, "R1", "2468");  // the "1" is on the symbols page
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::CustomerSearch; }));
    rig.frame();
    CHECK(rig.app->state().focused_field == "search.field");
    CHECK(rig.app->state().keyboard.page() == ui::KeyboardPage::Letters);
    CHECK(rig.has_widget("kbd.key.a"));
    rig.type("Jos");
    CHECK(rig.app->state().fields.at("search.field") == "Jos");
}
