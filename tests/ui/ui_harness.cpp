#include "ui_harness.hpp"

#include <doctest/doctest.h>

namespace tp::test {

UiHarness::UiHarness(int width, int height) {
    auto loaded = ui::UiContext::load(ui::default_assets_dir());
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().detail));
    ctx = std::make_unique<ui::UiContext>(std::move(loaded).value());
    auto opened = platform::Host::open_offscreen(width, height, *ctx);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().detail));
    host = std::move(opened).value();
}

bool UiHarness::tap_id(const platform::DrawFn& draw, std::string_view id) {
    if (!host->script().tap_id(ctx->widgets(), id)) return false;
    host->run_script(draw);
    return true;
}

bool UiHarness::tap_label(const platform::DrawFn& draw, std::string_view label) {
    if (!host->script().tap_label(ctx->widgets(), label)) return false;
    host->run_script(draw);
    return true;
}

}  // namespace tp::test
