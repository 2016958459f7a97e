// WCAG 2.x contrast: every text/background pair of both themes is at least 4.5:1, and every
// colour pair the widgets use is one of the checked pairs.

#include <doctest/doctest.h>

#include <string>

#include "touchpoint/ui/theme.hpp"
#include "touchpoint/ui/widgets.hpp"

using namespace tp::ui;

TEST_CASE("contrast ratio matches WCAG reference values") {
    CHECK(contrast_ratio(Color::hex(0x000000), Color::hex(0xFFFFFF)) == doctest::Approx(21.0));
    CHECK(contrast_ratio(Color::hex(0x123456), Color::hex(0x123456)) == doctest::Approx(1.0));
    CHECK(contrast_ratio(Color::hex(0xFFFFFF), Color::hex(0x777777)) == doctest::Approx(4.48).epsilon(0.01));
    CHECK(contrast_ratio(Color::hex(0x767676), Color::hex(0xFFFFFF)) == doctest::Approx(4.54).epsilon(0.01));
    CHECK(relative_luminance(Color::hex(0xFFFFFF)) == doctest::Approx(1.0));
    CHECK(relative_luminance(Color::hex(0xFF0000)) == doctest::Approx(0.2126));
}

TEST_CASE("every text colour pair of both themes meets 4.5:1") {
    for (ThemeKind kind : {ThemeKind::Standard, ThemeKind::HighContrast}) {
        const Theme theme = make_theme(kind);
        const auto pairs = text_pairs(theme.palette);
        REQUIRE(pairs.size() >= 10);
        for (const TextPair& pair : pairs) {
            const double ratio = contrast_ratio(pair.foreground, pair.background);
            CHECK_MESSAGE(ratio >= kMinTextContrast,
                          (std::string(to_string(kind)) + " " + std::string(pair.name) + " is " + std::to_string(ratio)));
        }
        if (kind == ThemeKind::HighContrast)
            for (const TextPair& pair : pairs)
                CHECK_MESSAGE(contrast_ratio(pair.foreground, pair.background) >= 7.0,
                              ("high contrast aims at AAA: " + std::string(pair.name)));
    }
}

TEST_CASE("outlines and focus rings stand out at 3:1 from the page and from cards, in both themes") {
    for (ThemeKind kind : {ThemeKind::Standard, ThemeKind::HighContrast}) {
        CAPTURE(to_string(kind));
        const Palette p = make_theme(kind).palette;
        for (Color behind : {p.background, p.surface}) {
            CHECK(contrast_ratio(p.border, behind) >= kMinComponentContrast);
            CHECK(contrast_ratio(p.focus, behind) >= kMinComponentContrast);
        }
    }
}

TEST_CASE("widget colours come from the checked pairs") {
    for (ThemeKind kind : {ThemeKind::Standard, ThemeKind::HighContrast}) {
        const Palette p = make_theme(kind).palette;
        const auto pairs = text_pairs(p);
        const auto listed = [&](ToneColors c) {
            for (const TextPair& pair : pairs)
                if (pair.foreground == c.text && pair.background == c.fill) return true;
            return false;
        };
        for (Tone tone : {Tone::Primary, Tone::Secondary, Tone::Danger, Tone::Key, Tone::KeySpecial})
            for (bool enabled : {true, false}) CHECK(listed(tone_colors(p, tone, enabled)));
        for (ChipTone tone : {ChipTone::Pending, ChipTone::Success, ChipTone::Refused, ChipTone::Offline, ChipTone::Neutral})
            CHECK(listed(chip_colors(p, tone)));
    }
}

TEST_CASE("touch targets stay at least 48 px at every text scale") {
    for (float scale : {0.5f, 0.75f, 1.0f, 1.25f, 1.5f, 2.0f, 3.0f}) {
        const Theme theme = make_theme(ThemeKind::Standard, scale);
        CHECK(theme.touch_height() >= kMinTouchTarget);
        CHECK(theme.text_scale >= 0.75f);
        CHECK(theme.text_scale <= 2.0f);
    }
}
