#pragma once
// Shared setup for UI tests: a UiContext loaded from the source tree's assets and an offscreen
// host to draw it. Fails the current test (doctest REQUIRE) when either cannot be created.

#include <memory>

#include "touchpoint/platform/host.hpp"
#include "touchpoint/ui/context.hpp"

namespace tp::test {

struct UiHarness {
    std::unique_ptr<ui::UiContext> ctx;
    std::unique_ptr<platform::Host> host;

    // Requires the assets directory (TOUCHPOINT_ASSETS or the source tree).
    explicit UiHarness(int width = 1280, int height = 800);

    // Taps the widget with this id / label on the last drawn frame and draws until the tap is
    // fully applied. Returns false when no enabled widget matches.
    bool tap_id(const platform::DrawFn& draw, std::string_view id);
    bool tap_label(const platform::DrawFn& draw, std::string_view label);
};

}  // namespace tp::test
