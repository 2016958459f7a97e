// Checks on the design of every screen, drawn with demo data as the kiosk draws it: in every
// language and both themes, every interactive widget is a touch target of at least 48 px with a
// label, every text the screen uses exists in that language, and every character drawn has a
// glyph in the font that draws it (no "?" boxes for é, ß, ñ or —).

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "../service/service_fixture.hpp"
#include "demo_terminal.hpp"
#include "touchpoint/platform/host.hpp"
#include "touchpoint/ui/strings.hpp"
#include "touchpoint/ui/utf8.hpp"
#include "touchpoint/ui/widgets.hpp"

using namespace tp;

namespace {

// Characters of `text` the body and bold faces cannot draw.
std::string missing_glyphs(const ui::UiContext& ctx, const std::string& text) {
    std::string missing;
    for (char32_t ch : ui::decode_utf8(text)) {
        if (ch < 0x20) continue;
        for (ImFont* font : {ctx.fonts().body, ctx.fonts().bold}) {
            if (font && !font->FindGlyphNoFallback(static_cast<ImWchar>(ch))) {
                ui::append_utf8(missing, ch);
                break;
            }
        }
    }
    return missing;
}

}  // namespace

TEST_CASE("every screen: touch targets, texts in every language, glyphs") {
    auto loaded = ui::UiContext::load(ui::default_assets_dir());
    REQUIRE(loaded.ok());
    ui::UiContext& ctx = *loaded;
    auto host = platform::Host::open_offscreen(1280, 800, ctx);
    REQUIRE(host.ok());
    kiosk::NoOnlineActions online;

    for (ui::ScreenId screen : ui::all_screens()) {
        const std::string scene = ui::scene_name(screen);
        CAPTURE(scene);
        service::testing::TempDir dir;
        auto demo = kiosk::DemoTerminal::start(dir.file(""), 20);
        REQUIRE_MESSAGE(demo.ok(), demo.error().key);
        ui::Nav nav;
        REQUIRE((*demo)->prepare(screen, "en", nav).ok());
        ui::ScreenState state;
        Terminal& core = (*demo)->core();
        state.generation = core.snapshot().session_generation;
        std::size_t widgets_seen = 0;

        for (const std::string& lang : ctx.strings().language_codes()) {
            for (bool contrast : {false, true}) {
                CAPTURE(lang);
                CAPTURE(contrast);
                core.choose_language(std::string(lang));
                state.high_contrast = contrast;
                const auto draw = [&] {
                    ui::ScreenEnv env{ctx, core, core.snapshot(), online, nav, state};
                    ui::draw_app(env);
                };
                for (int i = 0; i < 3; ++i) (*host)->frame(draw);
                REQUIRE(nav.screen == screen);  // drawing alone never navigates away

                const auto& widgets = ctx.widgets().last_frame();
                widgets_seen += widgets.size();
                for (const ui::WidgetRecord& w : widgets) {
                    CAPTURE(w.id);
                    CHECK(w.rect.h >= ui::kMinTouchTarget);
                    CHECK(w.rect.w >= ui::kMinTouchTarget);
                    CHECK_FALSE(w.label.empty());
                    CHECK(missing_glyphs(ctx, w.label) == "");
                }
                for (const std::string& text : ctx.widgets().last_texts()) {
                    CAPTURE(text);
                    CHECK(missing_glyphs(ctx, text) == "");
                }
                CHECK(ctx.strings().missing().empty());
            }
        }
        CHECK(widgets_seen > 0);  // every screen offers the user something to do
    }
}

// Everything a screen offers at normal size in a large window is there in every window and at
// every text size: on screen, or in a body region that scrolls to it. Nothing is cut at a side,
// and nothing lies beyond the screen's top or bottom outside such a region.
TEST_CASE("every screen fits its window at every text scale, at 1280x800 and 1920x1080") {
    auto loaded = ui::UiContext::load(ui::default_assets_dir());
    REQUIRE(loaded.ok());
    ui::UiContext& ctx = *loaded;
    kiosk::NoOnlineActions online;
    struct Size {
        int w, h;
    };
    constexpr Size kReference{1920, 1080};
    for (ui::ScreenId screen : ui::all_screens()) {
        const std::string scene = ui::scene_name(screen);
        CAPTURE(scene);
        service::testing::TempDir dir;
        auto demo = kiosk::DemoTerminal::start(dir.file(""), 20);
        REQUIRE_MESSAGE(demo.ok(), demo.error().key);
        ui::Nav nav;
        REQUIRE((*demo)->prepare(screen, "en", nav).ok());
        Terminal& core = (*demo)->core();
        // One host at a time: each uploads the shared font atlas as its own texture.
        std::unique_ptr<platform::Host> host;
        const auto open = [&](Size size) {
            host.reset();
            auto opened = platform::Host::open_offscreen(size.w, size.h, ctx);
            REQUIRE(opened.ok());
            host = std::move(*opened);
        };
        const auto draw_at = [&](std::string_view lang, float scale) {
            core.choose_language(std::string(lang));
            ui::ScreenState state;
            state.generation = core.snapshot().session_generation;
            state.text_scale = scale;
            const auto draw = [&] {
                ui::ScreenEnv env{ctx, core, core.snapshot(), online, nav, state};
                ui::draw_app(env);
            };
            for (int i = 0; i < 3; ++i) host->frame(draw);
            REQUIRE(nav.screen == screen);
        };
        std::map<std::string, std::set<std::string>> offered;  // by language
        open(kReference);
        for (const std::string& lang : ctx.strings().language_codes()) {
            draw_at(lang, 1.0f);
            auto& ids = offered[std::string(lang)];
            for (const ui::WidgetRecord& w : ctx.widgets().last_frame()) ids.insert(w.id);
            for (const ui::HiddenWidget& w : ctx.widgets().last_hidden()) ids.insert(w.id);
        }
        for (Size size : {Size{1280, 800}, kReference}) {
            open(size);
            for (const std::string& lang : ctx.strings().language_codes()) {
                for (float scale : {1.0f, 1.25f, 1.5f}) {
                    CAPTURE(size.w);
                    CAPTURE(lang);
                    CAPTURE(scale);
                    draw_at(lang, scale);
                    std::set<std::string> reachable;
                    for (const ui::WidgetRecord& w : ctx.widgets().last_frame()) {
                        CAPTURE(w.id);
                        reachable.insert(w.id);
                        CHECK(w.rect.x >= -0.5f);
                        CHECK(w.rect.x + w.rect.w <= static_cast<float>(size.w) + 0.5f);
                        if (w.scrolls) continue;
                        CHECK(w.rect.y >= -0.5f);
                        CHECK(w.rect.y + w.rect.h <= static_cast<float>(size.h) + 0.5f);
                    }
                    for (const ui::HiddenWidget& w : ctx.widgets().last_hidden()) {
                        CAPTURE(w.id);
                        CHECK(w.scrolls);  // out of view, and no drag brings it back
                        if (w.scrolls) reachable.insert(w.id);
                    }
                    for (const std::string& id : offered[std::string(lang)]) {
                        CAPTURE(id);
                        CHECK(reachable.count(id) == 1);
                    }
                }
            }
        }
    }
}

TEST_CASE("identify's keyboard and verify's keypad, with their buttons, lie inside a 1280x800 window in every language") {
    auto loaded = ui::UiContext::load(ui::default_assets_dir());
    REQUIRE(loaded.ok());
    ui::UiContext& ctx = *loaded;
    kiosk::NoOnlineActions online;
    for (ui::ScreenId screen : {ui::ScreenId::Identify, ui::ScreenId::Verify}) {
        CAPTURE(ui::scene_name(screen));
        service::testing::TempDir dir;
        auto demo = kiosk::DemoTerminal::start(dir.file(""), 20);
        REQUIRE_MESSAGE(demo.ok(), demo.error().key);
        ui::Nav nav;
        REQUIRE((*demo)->prepare(screen, "en", nav).ok());
        Terminal& core = (*demo)->core();
        auto host = platform::Host::open_offscreen(1280, 800, ctx);
        REQUIRE(host.ok());
        for (const std::string& lang : ctx.strings().language_codes()) {
            CAPTURE(lang);
            core.choose_language(std::string(lang));
            ui::ScreenState state;
            state.generation = core.snapshot().session_generation;
            const auto draw = [&] {
                ui::ScreenEnv env{ctx, core, core.snapshot(), online, nav, state};
                ui::draw_app(env);
            };
            for (int i = 0; i < 3; ++i) (*host)->frame(draw);
            std::set<std::string> seen;
            for (const ui::WidgetRecord& w : ctx.widgets().last_frame()) {
                CAPTURE(w.id);
                seen.insert(w.id);
                CHECK(w.rect.y >= 0.0f);
                CHECK(w.rect.y + w.rect.h <= 800.5f);
            }
            CHECK(seen.count("common.back") == 1);
            if (screen == ui::ScreenId::Identify) {
                // The letters' last row and the keyboard's own keys: the whole keyboard is there.
                CHECK(seen.count("identify.submit") == 1);
                std::size_t keys = 0;
                for (const std::string& id : seen) keys += id.rfind("kbd.", 0) == 0;
                CHECK(keys >= 30);
            } else {
                CHECK(seen.count("verify.submit") == 1);
                CHECK(seen.count("verify.digit.0") == 1);
            }
        }
    }
}
