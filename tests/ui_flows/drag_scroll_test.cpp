// Dragging a scrolling list scrolls it, and a drag is not a tap: a customer's long home (José),
// dragged upwards from one of its rows, moves its rows up and opens nothing; a press that barely
// wobbles is still a tap.

#include <map>

#include "flow_rig.hpp"
#include "sign_in_steps.hpp"

using namespace tp;
using namespace tp::test;

namespace {

// Where each of the home's rows is on screen (top edge), by id.
std::map<std::string, float> home_rows(const FlowRig& rig) {
    std::map<std::string, float> rows;
    for (const auto& w : rig.ctx->widgets().last_frame())
        if (w.id.rfind("home.case.", 0) == 0 || w.id.rfind("home.intray.", 0) == 0) rows[w.id] = w.rect.y;
    return rows;
}

// A finger pressed at (x, y), moved `dy` in `steps` frames, lifted.
void drag(FlowRig& rig, float x, float y, float dy, int steps = 12) {
    std::vector<std::pair<float, float>> points;
    for (int i = 0; i <= steps; ++i) points.emplace_back(x, y + dy * static_cast<float>(i) / static_cast<float>(steps));
    rig.host->script().drag(points);
    rig.host->run_script([&] { rig.app->draw_frame(); });
    for (int i = 0; i < 3; ++i) rig.frame();  // the scroll set in the last frame is applied
}

}  // namespace

TEST_CASE("dragging the customer home scrolls it and opens nothing; a tap still opens a case") {
    FlowRig rig;
    customer_signs_in(rig);
    const std::string row = "home.case.ORD-C0001-1";
    REQUIRE(rig.wait_until([&] { return rig.has_widget(row); }));
    const auto before = home_rows(rig);
    const ui::Rect start = rig.ctx->widgets().find_id(row)->visible;

    drag(rig, start.center_x(), start.center_y(), -160.0f);
    CHECK(rig.app->nav().screen == ui::ScreenId::CustomerHome);  // the drag began on a row: no tap
    CHECK_FALSE(rig.snap().open_case.has_value());
    const auto after = home_rows(rig);
    int moved = 0;
    for (const auto& [id, y] : after) {
        auto was = before.find(id);
        if (was == before.end()) continue;
        CAPTURE(id);
        CHECK(y < was->second - 60.0f);  // every row still in view went up with the drag
        ++moved;
    }
    CHECK(moved > 0);
    REQUIRE_FALSE(after.empty());

    // A press that wobbles less than a tap's slop is a tap.
    const std::string target = after.begin()->first;
    const ui::Rect r = rig.ctx->widgets().find_id(target)->visible;
    drag(rig, r.center_x(), r.center_y(), -4.0f, 2);
    CHECK(rig.wait_until([&] { return rig.app->nav().screen != ui::ScreenId::CustomerHome; }));
}
