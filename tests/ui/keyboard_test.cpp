// The on-screen keyboard, driven by synthetic taps on its registered keys: it types
// "José Müller ß" in every layout, each language's own letters sit on its letters page, and
// editing is whole-code-point UTF-8.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "touchpoint/ui/keyboard.hpp"
#include "touchpoint/ui/utf8.hpp"
#include "touchpoint/ui/widgets.hpp"
#include "ui_harness.hpp"

using namespace tp;
using namespace tp::ui;

namespace {

struct Tap {
    std::string id;
    KeyboardPage page;  // the page the key was on when tapped
};

struct TypingRig {
    test::UiHarness ui;
    OnScreenKeyboard keyboard;
    std::string text;
    std::vector<Tap> taps;
    platform::DrawFn draw;

    explicit TypingRig(std::string_view language) {
        REQUIRE(ui.ctx->set_language(language));
        draw = [this] {
            begin_screen(*ui.ctx, "typing");
            FieldOptions field;
            field.focused = true;
            text_field(*ui.ctx, "field", "Name", text, field);
            keyboard.draw(*ui.ctx, text);
            end_screen();
        };
        ui.host->frame(draw);
        ui.host->frame(draw);
    }

    bool tap(const WidgetRecord& key) {
        taps.push_back({key.id, keyboard.page()});
        return ui.tap_id(draw, key.id);
    }

    // Types one character the way a person would: find its key; if it is not shown, use shift
    // for capitals (or to leave shift) and otherwise move to the next page.
    bool type_char(char32_t ch) {
        std::string label;
        append_utf8(label, ch);
        const bool upper = (ch >= U'A' && ch <= U'Z') || (ch >= 0xC0 && ch <= 0xDE && ch != 0xD7);
        for (int attempt = 0; attempt < 8; ++attempt) {
            const auto key = ch == U' ' ? ui.ctx->widgets().find_id("kbd.space") : ui.ctx->widgets().find_label(label);
            if (key && key->kind == WidgetKind::Key) return tap(*key);
            const bool shifted = keyboard.shift() != ShiftState::Off;
            if (upper != shifted && keyboard.page() != KeyboardPage::Symbols) {
                tap(*ui.ctx->widgets().find_id("kbd.shift"));
                continue;
            }
            const char* next = keyboard.page() == KeyboardPage::Letters  ? "kbd.page.accents"
                               : keyboard.page() == KeyboardPage::Accents ? "kbd.page.symbols"
                                                                          : "kbd.page.letters";
            tap(*ui.ctx->widgets().find_id(next));
        }
        return false;
    }

    bool type(std::string_view utf8) {
        for (char32_t ch : decode_utf8(utf8))
            if (!type_char(ch)) return false;
        return true;
    }

    // The page each tap of this key happened on; empty when never tapped.
    std::vector<KeyboardPage> pages_of(std::string_view id) const {
        std::vector<KeyboardPage> pages;
        for (const Tap& t : taps)
            if (t.id == id) pages.push_back(t.page);
        return pages;
    }
};

}  // namespace

TEST_CASE("the keyboard types \"José Müller ß\" by taps in every layout") {
    for (const char* lang : {"en", "es", "fr", "de"}) {
        CAPTURE(lang);
        TypingRig rig(lang);
        REQUIRE(rig.type("José Müller ß"));
        CHECK(rig.text == "José Müller ß");
        CHECK(rig.keyboard.shift() == ShiftState::Off);  // shift was one-shot for J and M
    }
}

TEST_CASE("each language's own letters are on its letters page") {
    SUBCASE("French AZERTY: é è à ç without changing page") {
        TypingRig rig("fr");
        REQUIRE(rig.type("José à ç è"));
        CHECK(rig.text == "José à ç è");
        for (const char* id : {"kbd.key.é", "kbd.key.à", "kbd.key.ç", "kbd.key.è"})
            CHECK(rig.pages_of(id) == std::vector<KeyboardPage>{KeyboardPage::Letters});
        CHECK(rig.pages_of("kbd.page.accents").empty());
        // AZERTY: a z e r t y on the first letter row.
        const auto a = rig.ui.ctx->widgets().find_id("kbd.key.a");
        const auto z = rig.ui.ctx->widgets().find_id("kbd.key.z");
        const auto q = rig.ui.ctx->widgets().find_id("kbd.key.q");
        REQUIRE((a && z && q));
        CHECK(a->rect.y == z->rect.y);
        CHECK(z->rect.x > a->rect.x);
        CHECK(q->rect.y > a->rect.y);
    }
    SUBCASE("German QWERTZ: ü ö ä ß without changing page") {
        TypingRig rig("de");
        REQUIRE(rig.type("Müller Größe ä"));
        CHECK(rig.text == "Müller Größe ä");
        for (const char* id : {"kbd.key.ü", "kbd.key.ö", "kbd.key.ß", "kbd.key.ä"})
            CHECK(rig.pages_of(id) == std::vector<KeyboardPage>{KeyboardPage::Letters});
        const auto z = rig.ui.ctx->widgets().find_id("kbd.key.z");
        const auto t = rig.ui.ctx->widgets().find_id("kbd.key.t");
        REQUIRE((z && t));
        CHECK(z->rect.y == t->rect.y);  // QWERTZ: z beside t
    }
    SUBCASE("Spanish: ñ without changing page") {
        TypingRig rig("es");
        REQUIRE(rig.type("Peña"));
        CHECK(rig.text == "Peña");
        CHECK(rig.pages_of("kbd.key.ñ") == std::vector<KeyboardPage>{KeyboardPage::Letters});
    }
    SUBCASE("English QWERTY: accents come from the accents page") {
        TypingRig rig("en");
        REQUIRE(rig.type("é"));
        CHECK(rig.pages_of("kbd.key.é") == std::vector<KeyboardPage>{KeyboardPage::Accents});
    }
}

TEST_CASE("backspace removes whole characters and done is reported") {
    TypingRig rig("de");
    REQUIRE(rig.type("aß"));
    REQUIRE(rig.ui.tap_id(rig.draw, "kbd.backspace"));
    CHECK(rig.text == "a");
    REQUIRE(rig.ui.tap_id(rig.draw, "kbd.backspace"));
    REQUIRE(rig.ui.tap_id(rig.draw, "kbd.backspace"));
    CHECK(rig.text.empty());

    KeyboardResult result = KeyboardResult::None;
    const platform::DrawFn draw = [&] {
        begin_screen(*rig.ui.ctx, "typing");
        const KeyboardResult r = rig.keyboard.draw(*rig.ui.ctx, rig.text);
        if (r != KeyboardResult::None) result = r;
        end_screen();
    };
    rig.ui.host->frame(draw);
    REQUIRE(rig.ui.tap_id(draw, "kbd.enter"));
    CHECK(result == KeyboardResult::Done);
}

TEST_CASE("shift: once, locked, off") {
    TypingRig rig("en");
    REQUIRE(rig.ui.tap_id(rig.draw, "kbd.shift"));
    CHECK(rig.keyboard.shift() == ShiftState::Once);
    REQUIRE(rig.ui.tap_id(rig.draw, "kbd.shift"));
    CHECK(rig.keyboard.shift() == ShiftState::Locked);
    REQUIRE(rig.ui.tap_label(rig.draw, "A"));
    REQUIRE(rig.ui.tap_label(rig.draw, "B"));
    CHECK(rig.text == "AB");
    REQUIRE(rig.ui.tap_id(rig.draw, "kbd.shift"));
    CHECK(rig.keyboard.shift() == ShiftState::Off);
    REQUIRE(rig.ui.tap_label(rig.draw, "c"));
    CHECK(rig.text == "ABc");
}

TEST_CASE("a length limit disables character keys") {
    TypingRig rig("en");
    rig.draw = [&] {
        begin_screen(*rig.ui.ctx, "typing");
        KeyboardOptions options;
        options.max_codepoints = 2;
        rig.keyboard.draw(*rig.ui.ctx, rig.text, options);
        end_screen();
    };
    rig.ui.host->frame(rig.draw);
    REQUIRE(rig.type("éa"));
    CHECK(rig.text == "éa");
    rig.ui.host->frame(rig.draw);
    const auto b = rig.ui.ctx->widgets().find_id("kbd.key.a");
    REQUIRE(b);
    CHECK_FALSE(b->enabled);
    CHECK_FALSE(rig.ui.tap_id(rig.draw, "kbd.key.a"));
    CHECK(rig.ui.tap_id(rig.draw, "kbd.backspace"));
    CHECK(rig.text == "é");
}

TEST_CASE("utf8 helpers") {
    CHECK(decode_utf8("aé€") == std::vector<char32_t>{U'a', 0xE9, 0x20AC});
    std::string s;
    append_utf8(s, 0xDF);
    append_utf8(s, 0x2014);
    CHECK(s == "ß—");
    CHECK(codepoint_count(s) == 2);
    pop_codepoint(s);
    CHECK(s == "ß");
    pop_codepoint(s);
    CHECK(s.empty());
    pop_codepoint(s);
    CHECK(s.empty());
    CHECK(to_upper(U'ß') == U'ß');
    CHECK(to_upper(0xE9) == 0xC9);
    CHECK(to_upper(0x153) == 0x152);
    CHECK(to_upper(0xFF) == 0x178);
}
