// The host's window events (platform/src/host.cpp): a request to close the window quits only
// while closing is allowed; SDL_QUIT (SIGTERM, SIGINT) always quits; the pointer follows
// set_pointer_shown. Under SDL's dummy video driver, with events pushed into SDL's queue.

#include <SDL.h>
#include <doctest/doctest.h>

#include <cstdlib>
#include <memory>

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

// A window under the dummy video driver, with the UiContext it draws.
struct DummyWindow {
    ui::UiContext ctx;
    std::unique_ptr<platform::Host> host;
    ui::DemoScene demo;

    static ui::UiContext loaded() {
        ::setenv("SDL_VIDEODRIVER", "dummy", 1);
        auto ctx = ui::UiContext::load(ui::default_assets_dir());
        REQUIRE(ctx.ok());
        return std::move(*ctx);
    }
    DummyWindow() : ctx(loaded()) {
        auto opened = platform::Host::open_window({}, ctx);
        REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().detail));
        host = std::move(*opened);
    }
    void frame() { host->frame([&] { ui::draw_demo_scene(ctx, demo); }); }
};

}  // namespace

TEST_CASE("a close request is ignored while closing is not allowed; SDL_QUIT always quits") {
    DummyWindow w;
    const Uint32 id = host_window_id();
    REQUIRE(id != 0);
    w.frame();

    w.host->set_close_allowed(false);
    push_close(id);
    CHECK(w.host->pump_events());
    CHECK_FALSE(w.host->quit_requested());

    w.host->set_close_allowed(true);
    push_close(id);
    CHECK_FALSE(w.host->pump_events());
    CHECK(w.host->quit_requested());
}

TEST_CASE("SIGTERM's SDL_QUIT quits even while a close request would be ignored") {
    DummyWindow w;
    w.host->set_close_allowed(false);
    SDL_Event quit{};
    quit.type = SDL_QUIT;
    REQUIRE(SDL_PushEvent(&quit) == 1);
    CHECK_FALSE(w.host->pump_events());
    CHECK(w.host->quit_requested());
}

TEST_CASE("the pointer is hidden and shown again over the window") {
    DummyWindow w;
    CHECK(w.host->pointer_shown());
    w.host->set_pointer_shown(false);
    w.frame();  // ImGui's backend does not show it again to set its shape
    CHECK_FALSE(w.host->pointer_shown());
    CHECK(SDL_ShowCursor(SDL_QUERY) == SDL_DISABLE);
    w.host->set_pointer_shown(true);
    w.frame();
    CHECK(SDL_ShowCursor(SDL_QUERY) == SDL_ENABLE);
}
