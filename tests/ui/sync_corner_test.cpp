// The sync corner in the top-right corner lies wholly inside the window in every language, at
// every text scale and whatever it says (offline, waiting and refused counts), in every frame —
// including the first frame after its text grew.

#include <doctest/doctest.h>

#include <imgui.h>

#include <string>

#include "touchpoint/ui/status.hpp"
#include "touchpoint/ui/strings.hpp"
#include "touchpoint/ui/widgets.hpp"
#include "ui_harness.hpp"

using namespace tp;
using namespace tp::ui;

TEST_CASE("the sync corner fits inside the window at every language, text scale and count") {
    for (const auto& [w, h] : {std::pair{1280, 800}, std::pair{1920, 1080}}) {
        test::UiHarness ui(w, h);
        SyncCornerValues values;
        const platform::DrawFn draw = [&] {
            begin_screen(*ui.ctx, "corner-test");
            body_text(*ui.ctx, "-");
            end_screen();
            sync_status_corner(*ui.ctx, values);
        };
        const SyncCornerValues states[] = {
            {true, 0, 0, "", false},          // online, nothing waiting: the shortest text
            {false, 128, 0, "", false},       // offline with requests waiting
            {false, 1024, 37, "", true},      // staff: refused count too, the longest text
            {true, 3, 2, "12:00", true},
        };
        for (const std::string& lang : ui.ctx->strings().language_codes()) {
            REQUIRE(ui.ctx->set_language(lang));
            for (float scale : {1.0f, 1.25f, 1.5f}) {
                ui.ctx->set_text_scale(scale);  // fonts follow at the next frame
                for (const SyncCornerValues& state : states) {
                    values = state;
                    // Every frame counts: the first one after a change is as visible as the rest.
                    for (int frame = 0; frame < 3; ++frame) {
                        ui.host->frame(draw);
                        CAPTURE(w);
                        CAPTURE(lang);
                        CAPTURE(scale);
                        CAPTURE(state.pending);
                        CAPTURE(frame);
                        const auto corner = ui.ctx->widgets().find_id("sync.corner");
                        REQUIRE(corner.has_value());
                        CAPTURE(corner->label);
                        CHECK(corner->rect.x >= 0.0f);
                        CHECK(corner->rect.y >= 0.0f);
                        CHECK(corner->rect.x + corner->rect.w <= static_cast<float>(w));
                        CHECK(corner->rect.y + corner->rect.h <= static_cast<float>(h));
                        CHECK(corner->visible.w == doctest::Approx(corner->rect.w));  // nothing clipped
                        CHECK(corner->visible.h == doctest::Approx(corner->rect.h));
                    }
                }
            }
        }
    }
}

TEST_CASE("the sync corner never covers the status strip's words nor leaves the strip, whatever it counts") {
    for (const auto& [w, h] : {std::pair{1280, 800}, std::pair{1920, 1080}}) {
        test::UiHarness ui(w, h);
        SyncCornerValues values;
        StatusStripValues strip;
        strip.online = false;
        strip.since_text = "14:02";
        float strip_left = 0.0f, strip_width = 0.0f, strip_bottom = 0.0f;
        const platform::DrawFn draw = [&] {
            begin_screen(*ui.ctx, "strip-test");
            strip_left = ImGui::GetCursorScreenPos().x;
            strip_width = ImGui::GetContentRegionAvail().x;
            status_strip(*ui.ctx, strip);
            strip_bottom = ImGui::GetItemRectMax().y;
            end_screen();
            sync_status_corner(*ui.ctx, values);
        };
        for (const std::string& lang : ui.ctx->strings().language_codes()) {
            REQUIRE(ui.ctx->set_language(lang));
            for (float scale : {1.0f, 1.25f, 1.5f}) {
                ui.ctx->set_text_scale(scale);
                for (const SyncCornerValues& state :
                     {SyncCornerValues{false, 0, 0, "", false}, SyncCornerValues{false, 1024, 37, "", true},
                      SyncCornerValues{false, 9999, 999, "", true}}) {
                    values = state;
                    for (int frame = 0; frame < 2; ++frame) ui.host->frame(draw);
                    CAPTURE(w);
                    CAPTURE(lang);
                    CAPTURE(scale);
                    CAPTURE(state.pending);
                    const auto corner = ui.ctx->widgets().find_id("sync.corner");
                    REQUIRE(corner.has_value());
                    const float text_right =
                        strip_left + ui.ctx->theme().padding() + status_strip_wrap(*ui.ctx, strip_width);
                    CHECK(text_right <= corner->rect.x);
                    CHECK(corner->rect.y + corner->rect.h <= strip_bottom + 0.5f);
                    CHECK(ui.ctx->widgets().shows("14:02"));
                }
            }
        }
    }
}
