// The words of the data's codes and authored texts on a screen: authored texts picked for the
// screen's language (then the terminal's configured one), case titles from kind and subject,
// steps, events and in-tray slots worded in the screen's language, and an unknown code or a
// service sentence never shown as it came.

#include <doctest/doctest.h>

#include "domain_words.hpp"
#include "screen_kit.hpp"
#include "terminal_test_support.hpp"
#include "touchpoint/terminal.hpp"
#include "ui_harness.hpp"

using namespace tp;

namespace {

class NoOnline final : public ui::OnlineActions {
  public:
    void lookup_customers(const std::string&) override {}
    void fetch_and_serve(const std::string&) override {}
    void identify_and_serve(const std::string&, const std::string&) override {}
    void register_staff_online(const std::string&, const std::string&) override {}
    void sync_now() override {}
};

// A German screen on a terminal configured for French.
struct WordsRig {
    test::TempDir dir;
    std::unique_ptr<Store> store = test::open_store(dir.file("terminal.db"));
    FakeClock clock;
    StatusBoard board;
    std::unique_ptr<Terminal> core;
    test::UiHarness ui;
    ui::Nav nav;
    ui::ScreenState state;
    NoOnline online;
    AppSnapshot snap;

    WordsRig() {
        TerminalConfig config;
        config.session.language = "fr";
        core = std::make_unique<Terminal>(*store, clock, board, config);
        REQUIRE(ui.ctx->set_language("de"));
    }
    ui::ScreenEnv env() { return ui::ScreenEnv{*ui.ctx, *core, snap, online, nav, state}; }
    std::string msg(const char* key, const ui::MessageArgs& args = {}) { return ui.ctx->msg(key, args); }
};

}  // namespace

TEST_CASE("an authored text in the screen's language, else the terminal's, else English") {
    WordsRig rig;
    auto env = rig.env();
    CHECK(ui::fallback_language(env) == "fr");
    CHECK(ui::local_text(env, {{"en", "Free installation"}, {"de", "Kostenlose Installation"}}) ==
          "Kostenlose Installation");
    CHECK(ui::local_text(env, {{"en", "Free installation"}, {"fr", "Installation gratuite"}}) ==
          "Installation gratuite");
    CHECK(ui::local_text(env, {{"en", "Free installation"}, {"es", "Instalación gratuita"}}) ==
          "Free installation");
}

TEST_CASE("a case's title: authored, else from its kind and subject, else its kind") {
    WordsRig rig;
    auto env = rig.env();
    Case c;
    c.kind = CaseKind::Order;
    c.subject = "Kettle K-2";
    CHECK(ui::case_title(env, c) == rig.msg("case.title.order", {{"subject", std::string("Kettle K-2")}}));
    CHECK(ui::case_title(env, c) == "Bestellung: Kettle K-2");
    c.kind = CaseKind::Return;
    CHECK(ui::case_title(env, c) == "Rücksendung: Kettle K-2");
    c.subject.clear();
    CHECK(ui::case_title(env, c) == rig.ui.ctx->tr("case_kind.return"));
    c.title = {{"en", "Return of a coffee grinder"}, {"de", "Rückgabe einer Kaffeemühle"}};
    CHECK(ui::case_title(env, c) == "Rückgabe einer Kaffeemühle");
}

TEST_CASE("steps and events are worded in the screen's language; unknown codes generically") {
    WordsRig rig;
    auto env = rig.env();
    CHECK(ui::step_name(*rig.ui.ctx, "shipped") == "Versandt");
    CHECK(ui::step_name(*rig.ui.ctx, "quality_check") == rig.msg("step.other"));

    TimelineEvent e;
    e.kind = "scheduled";
    e.params = {{"technician", "T1"}};
    CHECK(ui::event_text(env, e) == "Besuch mit Techniker T1 geplant");
    e.kind = "visit_step_done";
    e.params = {{"done", "no"}, {"item", {{"en", "Inspect the appliance"}, {"de", "Gerät prüfen"}}}};
    CHECK(ui::event_text(env, e) == "Doch nicht erledigt: Gerät prüfen");
    e.kind = "step";
    e.params = {{"step", "on_site"}};
    CHECK(ui::event_text(env, e) == "Jetzt bei: Vor Ort");
    e.kind = "refused";
    e.params = {{"code", "already_shipped"}, {"action", "cancel_order"}};
    CHECK(ui::event_text(env, e) ==
          rig.msg("event.refused", {{"reason", std::string(rig.ui.ctx->tr("refusal.already_shipped"))}}));
    e.params = {{"code", "brand_new_code"}};
    CHECK(ui::event_text(env, e).find(rig.ui.ctx->tr("refusal.unknown")) != std::string::npos);
    e.kind = "teleported";
    e.params = nlohmann::json::object();
    CHECK(ui::event_text(env, e) == rig.msg("event.other"));

    Interaction i;
    i.kind = "tracked_delivery";
    CHECK(ui::journey_text(env, i) == "Lieferung verfolgt");
    i.kind = "carrier_pigeon";
    CHECK(ui::journey_text(env, i) == rig.msg("journey.other"));
    CHECK(ui::intray_kind_name(*rig.ui.ctx, "fill_form") == rig.msg("intray.kind.other"));
    CHECK(ui::work_order_status_name(*rig.ui.ctx, "paused") == rig.msg("tech.status.other"));
}

TEST_CASE("a delivery slot is worded from its times in the screen's locale; answers by id") {
    WordsRig rig;
    auto env = rig.env();
    // Tuesday 9 June 2026, 09:00-12:00 UTC: a Tuesday in every timezone from UTC-9 to UTC+11.
    const Millis start = 1'780'995'600'000;
    const InTrayOption slot{"slot-1", {}, start, start + 3 * 3'600'000};
    const std::string words = ui::option_text(env, slot);
    CHECK(words.find("Dienstag") != std::string::npos);
    CHECK(words.find("Juni") != std::string::npos);
    const InTrayOption yes{"yes", {{"en", "Yes"}, {"de", "Ja"}}, 0, 0};
    CHECK(ui::option_text(env, yes) == "Ja");
    CHECK(ui::answer_text(env, {slot, yes}, "yes") == "Ja");
    CHECK(ui::answer_text(env, {slot, yes}, "typed words") == "typed words");
}

TEST_CASE("a refusal is worded from its code and alternative, never the service's sentences") {
    WordsRig rig;
    CommandResult r;
    r.code = "brand_new_code";
    r.reason = "This is the service's English reason.";
    r.alternative_text = "Please do something else";
    CHECK(ui::refusal_text(*rig.ui.ctx, r) == rig.ui.ctx->tr("refusal.unknown"));
    r.code = "already_shipped";
    r.alternative = "start_return";
    CHECK(ui::refusal_text(*rig.ui.ctx, r) == std::string(rig.ui.ctx->tr("refusal.already_shipped")) +
                                                 " \u00B7 " + rig.ui.ctx->tr("refusal.alternative.start_return"));
    r.code = "not_delivered";
    r.alternative = "";
    CHECK(ui::refusal_text(*rig.ui.ctx, r) == std::string(rig.ui.ctx->tr("refusal.not_delivered")) +
                                                 " \u00B7 " + rig.ui.ctx->tr("refusal.alternative.contact_store"));
}
