// A refusal no rep can act on — an automatic "visit recorded" the service found incomplete — is
// counted as refused in the sync corner; sync diagnostics lists it in words with "Dismiss", and
// once dismissed the refused count is zero.

#include "flow_rig.hpp"
#include "sign_in_steps.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/queries.hpp"
#include "touchpoint/ui/strings.hpp"

using namespace tp;
using namespace tp::test;

TEST_CASE("staff dismiss a housekeeping refusal on sync diagnostics and the refused count reaches zero") {
    FlowRig rig;
    Store& store = rig.app->runtime().store();
    const auto jose = find_customer(store, "LOY01242486");
    REQUIRE(jose.has_value());
    // A visit recorded with a kind the service does not know: it refuses it as incomplete.
    CommandDraft visit;
    visit.action = ActionType::Interaction;
    visit.customer_id = jose->id;
    visit.role = Role::Automatic;
    visit.payload = {{"kind", "visit_recorded"}};
    auto recorded = record_command(store, visit, rig.clock.now());
    REQUIRE(recorded.ok());
    const std::string id = recorded->command_id;
    rig.app->runtime().sync_now();
    REQUIRE(rig.wait_until([&] {
        auto cmd = find_command(store, id);
        return cmd && cmd->state == CommandState::Refused;
    }, std::chrono::seconds(20)));

    staff_signs_in(rig, "R1", "2468");
    REQUIRE(rig.wait_until([&] { return rig.snap().outbox.refused == 1; }));
    // Not something a rep can act on: needs attention does not list it.
    CHECK(rig.snap().needs_attention.empty());
    const std::string refused_count = rig.ctx->msg("sync.refused_count", {{"count", std::int64_t{1}}});
    REQUIRE(rig.wait_until([&] {
        auto corner = rig.ctx->widgets().find_id("sync.corner");
        return corner && corner->label.find(refused_count) != std::string::npos;
    }));

    rig.tap("sync.corner");
    REQUIRE(rig.wait_until([&] { return rig.app->nav().screen == ui::ScreenId::SyncDiagnostics; }));
    REQUIRE(rig.wait_until([&] { return rig.has_widget("diag.dismiss." + id); }));
    // In words: what was asked, for whom, why it was refused; never the command's id.
    CHECK(rig.shows(rig.ctx->tr("diag.housekeeping")));
    CHECK(rig.shows(rig.ctx->tr("action.interaction")));
    CHECK(rig.shows(jose->name));
    CHECK(rig.shows(rig.ctx->tr("refusal.invalid")));
    CHECK_FALSE(rig.shows(id));

    rig.tap("diag.dismiss." + id);
    REQUIRE(rig.wait_until([&] { return rig.snap().outbox.refused == 0; }));
    CHECK(rig.snap().housekeeping.empty());
    CHECK_FALSE(rig.has_widget("diag.dismiss." + id));
    CHECK_FALSE(rig.shows(rig.ctx->tr("diag.housekeeping")));
    auto corner = rig.ctx->widgets().find_id("sync.corner");
    REQUIRE(corner.has_value());
    CHECK(corner->label.find(refused_count) == std::string::npos);
}
