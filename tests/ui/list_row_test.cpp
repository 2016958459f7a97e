// A list row's detail line and chip are shown text: the widget registry records them, so a
// test (and the window probe) can tell what a row says beyond its title.

#include <doctest/doctest.h>

#include "touchpoint/ui/widgets.hpp"
#include "ui_harness.hpp"

using namespace tp;
using namespace tp::ui;

TEST_CASE("a list row's title, detail and chip are all recorded as shown") {
    test::UiHarness ui;
    const platform::DrawFn draw = [&] {
        begin_screen(*ui.ctx, "rows");
        RowOptions row;
        row.detail = "Being prepared \u00B7 due 14:00";
        row.chip = "waiting to sync";
        row.chip_tone = ChipTone::Pending;
        list_row(*ui.ctx, "row.order", "Order TP-1042", row);
        list_row(*ui.ctx, "row.plain", "Return TP-1043");
        end_screen();
    };
    ui.host->frame(draw);
    const WidgetRegistry& shown = ui.ctx->widgets();
    REQUIRE(shown.find_id("row.order").has_value());
    CHECK(shown.find_id("row.order")->label == "Order TP-1042");
    CHECK(shown.shows("Being prepared \u00B7 due 14:00"));
    CHECK(shown.shows("waiting to sync"));
    // A row without them records no empty text.
    for (const std::string& text : shown.last_texts()) CHECK_FALSE(text.empty());
}
