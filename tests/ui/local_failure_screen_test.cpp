// A local database failure is shown plainly (issue 8): every screen carries the local-failure
// banner, and sync diagnostics shows its counts as unknown, never as "0 waiting", in all four
// languages. The failure is the customers table being out of reach while a rep searches it, or
// the one the sync engine reports on the status board.

#include <doctest/doctest.h>

#include <algorithm>

#include "kiosk_fixture.hpp"
#include "touchpoint/ui/screens/screens.hpp"
#include "touchpoint/ui/strings.hpp"
#include "ui_harness.hpp"

using namespace tp;
using namespace tp::test;

namespace {

class NoOnline final : public ui::OnlineActions {
  public:
    void lookup_customers(const std::string&) override {}
    void fetch_and_serve(const std::string&) override {}
    void identify_and_serve(const std::string&, const std::string&) override {}
    void register_staff_online(const std::string&, const std::string&) override {}
    void sync_now() override {}
};

struct ScreenRig : KioskFixture {
    UiHarness ui;
    ui::Nav nav;
    ui::ScreenState state;
    NoOnline online;
    platform::DrawFn draw = [this] {
        const AppSnapshot& snap = terminal->snapshot();
        ui::ScreenEnv env{*ui.ctx, *terminal, snap, online, nav, state};
        ui::draw_app(env);
    };

    void show(ui::ScreenId screen) {
        state.generation = terminal->snapshot().session_generation;
        nav.reset_to(screen);
        for (int i = 0; i < 3; ++i) ui.host->frame(draw);
        REQUIRE(nav.screen == screen);
    }
    bool shows(std::string_view lang, const char* key) const {
        return ui.ctx->widgets().shows(ui.ctx->strings().tr_in(lang, key));
    }
    bool any_text_is(std::string_view text) const {
        const auto& texts = ui.ctx->widgets().last_texts();
        return std::find(texts.begin(), texts.end(), text) != texts.end();
    }
};

}  // namespace

TEST_CASE_FIXTURE(ScreenRig, "sync diagnostics says the counts are unknown, in every language") {
    REQUIRE(terminal->staff_sign_in("S-100", "9090").ok());
    terminal->search("ana");
    show(ui::ScreenId::SyncDiagnostics);
    CHECK_FALSE(shows("en", "local_failure.title"));
    CHECK(any_text_is("0"));  // nothing waits yet: the count shows as 0

    store->db().exec("ALTER TABLE customers RENAME TO customers_away");
    terminal->invalidate();
    for (const std::string& lang : ui.ctx->strings().language_codes()) {
        CAPTURE(lang);
        terminal->choose_language(std::string(lang));
        show(ui::ScreenId::SyncDiagnostics);
        CHECK(shows(lang, "local_failure.title"));
        CHECK(shows(lang, "local_failure.detail"));
        CHECK(shows(lang, "diag.local_unreadable"));
        CHECK(shows(lang, "diag.unknown"));
        CHECK_FALSE(any_text_is("0"));
    }

    store->db().exec("ALTER TABLE customers_away RENAME TO customers");
    terminal->invalidate();
    show(ui::ScreenId::SyncDiagnostics);
    CHECK_FALSE(shows("de", "local_failure.title"));
}

TEST_CASE_FIXTURE(ScreenRig, "a customer's screen shows the banner when their data cannot be read") {
    sign_in_ana();
    show(ui::ScreenId::CustomerHome);
    CHECK_FALSE(shows("en", "local_failure.title"));
    store->db().exec("ALTER TABLE customers RENAME TO customers_away");
    terminal->invalidate();
    show(ui::ScreenId::CustomerHome);
    CHECK(shows("en", "local_failure.title"));
}

TEST_CASE_FIXTURE(ScreenRig, "the sync engine's own database failure shows as the banner and a fact") {
    REQUIRE(terminal->staff_sign_in("S-100", "9090").ok());
    board.update([&](SyncStatus& s) { s.local_error = "error.storage"; });
    show(ui::ScreenId::SyncDiagnostics);
    CHECK(shows("en", "local_failure.title"));
    CHECK(shows("en", "error.storage"));
    CHECK(any_text_is("0"));  // this screen's own reads worked: its counts stand

    board.update([](SyncStatus& s) { s.local_error.clear(); });
    show(ui::ScreenId::SyncDiagnostics);
    CHECK_FALSE(shows("en", "local_failure.title"));
}
