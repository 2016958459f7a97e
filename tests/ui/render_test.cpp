// Rendered frames: every interactive widget is at least 48 px high (and wide), all texts a frame
// shows exist in its language, the font atlas has the glyphs European names need, the offscreen
// PNG path works, and a window opens under SDL's dummy video driver.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "touchpoint/platform/screenshot.hpp"
#include "touchpoint/ui/demo_scene.hpp"
#include "touchpoint/ui/status.hpp"
#include "touchpoint/ui/widgets.hpp"
#include "ui_harness.hpp"

using namespace tp;
using namespace tp::ui;

namespace {

// The demo scene plus the remaining helpers (list rows, toggles, dialog) so every widget kind
// the foundation offers is on screen at least once.
struct KitchenSink {
    DemoScene demo;
    bool consent = false;
    bool dialog = true;

    void draw(UiContext& ctx) {
        draw_demo_scene(ctx, demo);
        if (!dialog) return;
        begin_dialog(ctx, "idle", 640.0f);
        heading_text(ctx, ctx.tr("idle.title"));
        body_text(ctx, ctx.msg("idle.body", {{"seconds", std::int64_t{15}}}));
        RowOptions row;
        row.detail = ctx.tr("case_status.open");
        row.chip = ctx.tr("status.waiting_to_sync");
        row.chip_tone = ChipTone::Pending;
        list_row(ctx, "row.case", ctx.tr("case_kind.return"), row);
        toggle(ctx, "prefs.consent", ctx.tr("prefs.consent"), consent);
        ButtonOptions primary;
        primary.tone = Tone::Primary;
        if (button(ctx, "idle.more_time", ctx.tr("idle.more_time"), primary)) dialog = false;
        ImGui::SameLine();
        button(ctx, "idle.finish", ctx.tr("idle.finish"));
        end_dialog();
    }
};

}  // namespace

TEST_CASE("every registered interactive widget is at least 48 px, in every language, theme and scale") {
    for (const char* lang : {"en", "es", "fr", "de"}) {
        for (ThemeKind kind : {ThemeKind::Standard, ThemeKind::HighContrast}) {
            for (float scale : {1.0f, 1.5f}) {
                CAPTURE(lang);
                CAPTURE(to_string(kind));
                CAPTURE(scale);
                // The window grows with the text scale so the whole scene, keyboard included, is on screen.
                test::UiHarness ui(static_cast<int>(1280 * scale), static_cast<int>(1024 * scale));
                REQUIRE(ui.ctx->set_language(lang));
                ui.ctx->set_theme(kind);
                ui.ctx->set_text_scale(scale);
                KitchenSink sink;
                const platform::DrawFn draw = [&] { sink.draw(*ui.ctx); };
                ui.host->frame(draw);
                ui.host->frame(draw);
                const auto& widgets = ui.ctx->widgets().last_frame();
                REQUIRE(widgets.size() > 40);  // keyboard keys, dialog and scene controls all drew
                std::set<std::string> kinds;
                for (const WidgetRecord& w : widgets) {
                    CAPTURE(w.id);
                    CHECK(w.rect.h >= kMinTouchTarget);
                    CHECK(w.rect.w >= kMinTouchTarget);
                    CHECK_FALSE(w.label.empty());
                    kinds.insert(to_string(w.kind));
                }
                CHECK(kinds.size() == 5);  // button, key, toggle, text field, list row
                CHECK(ui.ctx->strings().missing().empty());
                CHECK(ui.ctx->widgets().shows(ui.ctx->tr("attract.title")));
                CHECK(ui.ctx->widgets().shows(ui.ctx->tr("idle.more_time")));
                CHECK_FALSE(ui.ctx->widgets().shows("no such text on screen"));
            }
        }
    }
}

TEST_CASE("a tap on the dialog reaches the dialog, not the screen behind it") {
    test::UiHarness ui;
    KitchenSink sink;
    const platform::DrawFn draw = [&] { sink.draw(*ui.ctx); };
    ui.host->frame(draw);
    ui.host->frame(draw);
    // The keyboard's done key lies under the dimmed layer, outside the card: tapping its spot
    // reaches neither the key nor the card.
    const auto enter = ui.ctx->widgets().find_id("kbd.enter");
    REQUIRE(enter);
    ui.host->script().tap(enter->rect.center_x(), enter->rect.center_y());
    ui.host->run_script(draw);
    CHECK(sink.demo.done_count == 0);
    CHECK_FALSE(sink.consent);
    REQUIRE(ui.tap_id(draw, "prefs.consent"));
    CHECK(sink.consent);
    REQUIRE(ui.tap_id(draw, "idle.more_time"));
    CHECK_FALSE(sink.dialog);
    REQUIRE(ui.tap_id(draw, "attract.start"));
    CHECK(sink.demo.done_count == 1);
}

TEST_CASE("the font atlas has the glyphs for é ß ñ — ü ç in every face") {
    test::UiHarness ui;
    DemoScene demo;
    ui.host->frame([&] { draw_demo_scene(*ui.ctx, demo); });
    const FontSet& f = ui.ctx->fonts();
    for (ImFont* font : {f.body, f.bold, f.heading, f.title, f.small}) {
        REQUIRE(font != nullptr);
        for (ImWchar ch : {0x00E9, 0x00DF, 0x00F1, 0x2014, 0x00FC, 0x00E7, 0x00B7, 0x2026, 0x0153, 0x20AC, 0x00C9})
            CHECK_MESSAGE(font->FindGlyphNoFallback(ch) != nullptr, ("missing U+" + std::to_string(ch)));
    }
    for (ImFont* font : {f.body, f.bold, f.small})
        for (ImWchar ch : {0x21E7, 0x21EA, 0x232B, 0x2713, 0x25CF})
            CHECK_MESSAGE(font->FindGlyphNoFallback(ch) != nullptr, ("missing symbol U+" + std::to_string(ch)));
}

TEST_CASE("a text scale change rebuilds the fonts at the next frame") {
    test::UiHarness ui;
    DemoScene demo;
    const platform::DrawFn draw = [&] { draw_demo_scene(*ui.ctx, demo); };
    ui.host->frame(draw);
    const float before = ui.ctx->fonts().body->FontSize;
    ui.ctx->set_text_scale(1.5f);
    CHECK(ui.ctx->fonts_dirty());
    ui.host->frame(draw);
    CHECK_FALSE(ui.ctx->fonts_dirty());
    CHECK(ui.ctx->fonts().body->FontSize == doctest::Approx(before * 1.5f));
}

TEST_CASE("offscreen rendering writes a PNG with the theme's background and drawn content") {
    auto ctx = UiContext::load(default_assets_dir());
    REQUIRE(ctx.ok());
    REQUIRE(ctx->set_language("fr"));
    DemoScene demo;
    demo.text = "José Müller ß";
    const auto png = std::filesystem::temp_directory_path() / "touchpoint-ui-test" / "demo-fr.png";
    std::filesystem::remove(png);
    platform::ScreenshotOptions options;
    options.width = 640;
    options.height = 480;
    const auto st = platform::render_png(*ctx, options, [&] { draw_demo_scene(*ctx, demo); }, png);
    REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().detail));
    REQUIRE(std::filesystem::exists(png));
    CHECK(std::filesystem::file_size(png) > 5000);

    auto host = platform::Host::open_offscreen(320, 200, *ctx);
    REQUIRE(host.ok());
    auto image = (*host)->frame_and_capture([&] {
        begin_screen(*ctx, "blank");
        end_screen();
    });
    REQUIRE(image.ok());
    CHECK(image->width == 320);
    CHECK(image->height == 200);
    const Color bg = ctx->palette().background;
    CHECK(image->pixel(160, 100) == ((std::uint32_t{bg.r} << 24) | (std::uint32_t{bg.g} << 16) | (std::uint32_t{bg.b} << 8) | 0xFFu));
}

TEST_CASE("the sync corner and the status strip show plain values, and the strip never moves what is below it") {
    test::UiHarness ui;
    StatusStripValues strip;
    strip.online = false;
    strip.since_text = "14:02";
    const platform::DrawFn draw = [&] {
        begin_screen(*ui.ctx, "status");
        status_strip(*ui.ctx, strip);
        button(*ui.ctx, "below", "Below the strip");
        end_screen();
        SyncCornerValues v;
        v.online = strip.online;
        v.pending = 2;
        v.refused = 1;
        v.show_refused = true;
        sync_status_corner(*ui.ctx, v);
    };
    auto shows = [&](std::string_view text) { return ui.ctx->widgets().shows(text); };
    ui.host->frame(draw);
    ui.host->frame(draw);
    auto corner = ui.ctx->widgets().find_id("sync.corner");
    REQUIRE(corner);
    CHECK(corner->label.find("Offline") != std::string::npos);
    CHECK(corner->label.find("2 waiting to sync") != std::string::npos);
    CHECK(corner->label.find("1 refused") != std::string::npos);
    CHECK(shows("Offline since 14:02"));
    const auto offline_below = ui.ctx->widgets().find_id("below");
    REQUIRE(offline_below);

    strip.online = true;
    ui.host->frame(draw);
    corner = ui.ctx->widgets().find_id("sync.corner");
    REQUIRE(corner);
    CHECK(corner->label.find("Online") != std::string::npos);
    CHECK_FALSE(shows("Offline"));
    const auto online_below = ui.ctx->widgets().find_id("below");
    REQUIRE(online_below);
    CHECK(online_below->rect.y == offline_below->rect.y);

    strip.revoked = true;
    strip.local_failure = true;
    ui.host->frame(draw);
    CHECK(shows("disabled"));
    CHECK_FALSE(shows("cannot read"));  // the most serious state only
    const auto revoked_below = ui.ctx->widgets().find_id("below");
    REQUIRE(revoked_below);
    CHECK(revoked_below->rect.y >= offline_below->rect.y);  // a stopped terminal's longer message fits

    // The corner sits inside the strip, so a screen's title below the strip is never under it.
    CHECK(corner->rect.y + corner->rect.h <= online_below->rect.y);
    CHECK(clock_text(*ui.ctx, 0) == "\u2014");
}

TEST_CASE("a window opens and draws under the dummy video driver") {
    ::setenv("SDL_VIDEODRIVER", "dummy", 1);
    auto ctx = UiContext::load(default_assets_dir());
    REQUIRE(ctx.ok());
    platform::WindowConfig config;
    config.width = 800;
    config.height = 600;
    auto host = platform::Host::open_window(config, *ctx);
    REQUIRE_MESSAGE(host.ok(), (host.ok() ? "" : host.error().detail));
    DemoScene demo;
    const platform::DrawFn draw = [&] { draw_demo_scene(*ctx, demo); };
    CHECK((*host)->pump_events());
    (*host)->frame(draw);
    (*host)->frame(draw);
    CHECK_FALSE((*host)->offscreen());
    // Scripted taps work through the windowed path too.
    REQUIRE((*host)->script().tap_id(ctx->widgets(), "attract.start"));
    (*host)->run_script(draw);
    CHECK(demo.done_count == 1);
    auto image = (*host)->frame_and_capture(draw);
    REQUIRE(image.ok());
    CHECK(image->width == 800);
}
