// The host's window events (platform/src/host.cpp): a request to close the window quits only
// while closing is allowed; SDL_QUIT (SIGTERM, SIGINT) always quits; the pointer follows
// set_pointer_shown. Under SDL's dummy video driver, with events pushed into SDL's queue.

#include <SDL.h>
#include <doctest/doctest.h>

#include <cstdlib>

#include "touchpoint/platform/host.hpp"
#include "touchpoint/ui/context.hpp"
#include "touchpoint/ui/demo_scene.hpp"

using namespace tp;

namespace {

// The id of the one window the host opened.
Uint32 host_window_id() {
    for (Uint32 id = 1; id < 64; ++id)
        if (SDL_GetWindowFromID(id)) return id;
    return 0;
}

void push_close(Uint32 window_id) {
    SDL_Event event{};
    event.type = SDL_WINDOWEVENT;
    event.window.event = SDL_WINDOWEVENT_CLOSE;
    event.window.windowID = window_id;
    REQUIRE(SDL_PushEvent(&event) == 1);
}

}  // namespace

TEST_CASE("a close request is ignored while closing is not allowed; SDL_QUIT always quits") {
    ::setenv("SDL_VIDEODRIVER", "dummy", 1);
    auto ctx = ui::UiContext::load(ui::default_assets_dir());
    REQUIRE(ctx.ok());
    platform::WindowConfig config;
    config.width = 640;
    config.height = 480;
    auto host = platform::Host::open_window(config, *ctx);
    REQUIRE_MESSAGE(host.ok(), (host.ok() ? "" : host.error().detail));
    const Uint32 id = host_window_id();
    REQUIRE(id != 0);
    ui::DemoScene demo;
    (*host)->frame([&] { ui::draw_demo_scene(*ctx, demo); });

    (*host)->set_close_allowed(false);
    push_close(id);
    CHECK((*host)->pump_events());
    CHECK_FALSE((*host)->quit_requested());

    (*host)->set_close_allowed(true);
    push_close(id);
    CHECK_FALSE((*host)->pump_events());
    CHECK((*host)->quit_requested());
}

TEST_CASE("SIGTERM's SDL_QUIT quits even while a close request would be ignored") {
    ::setenv("SDL_VIDEODRIVER", "dummy", 1);
    auto ctx = ui::UiContext::load(ui::default_assets_dir());
    REQUIRE(ctx.ok());
    auto host = platform::Host::open_window({}, *ctx);
    REQUIRE(host.ok());
    (*host)->set_close_allowed(false);
    SDL_Event quit{};
    quit.type = SDL_QUIT;
    REQUIRE(SDL_PushEvent(&quit) == 1);
    CHECK_FALSE((*host)->pump_events());
    CHECK((*host)->quit_requested());
}

TEST_CASE("the pointer is hidden and shown again over the window") {
    ::setenv("SDL_VIDEODRIVER", "dummy", 1);
    auto ctx = ui::UiContext::load(ui::default_assets_dir());
    REQUIRE(ctx.ok());
    auto host = platform::Host::open_window({}, *ctx);
    REQUIRE(host.ok());
    ui::DemoScene demo;
    const platform::DrawFn draw = [&] { ui::draw_demo_scene(*ctx, demo); };
    CHECK((*host)->pointer_shown());
    (*host)->set_pointer_shown(false);
    (*host)->frame(draw);  // ImGui's backend does not show it again to set its shape
    CHECK_FALSE((*host)->pointer_shown());
    CHECK(SDL_ShowCursor(SDL_QUERY) == SDL_DISABLE);
    (*host)->set_pointer_shown(true);
    (*host)->frame(draw);
    CHECK(SDL_ShowCursor(SDL_QUERY) == SDL_ENABLE);
}
