#pragma once
// The display host: an SDL window (or an in-memory surface) with an SDL_Renderer, the ImGui
// context drawn into it, the event pump, and the frame loop. This header does not include SDL;
// only platform/ sources do.
//
// One Host owns one ImGui context and makes it current in each call. Opening a host installs the
// UiContext's fonts into the host's atlas, so a UiContext serves one host at a time (the most
// recently opened) and must outlive it. Everything here runs on
// the UI thread and never waits for I/O: pump_events polls, frame draws and presents.

#include <functional>
#include <memory>
#include <string>

#include "touchpoint/error.hpp"
#include "touchpoint/platform/image.hpp"
#include "touchpoint/ui/context.hpp"
#include "touchpoint/ui/input_script.hpp"

namespace tp::platform {

struct WindowConfig {
    std::string title = "Touchpoint";
    int width = 1280;
    int height = 800;
    bool fullscreen = false;  // kiosk mode: desktop-sized borderless window
    bool vsync = true;
};

// Draws the content of one frame (between ImGui::NewFrame and ImGui::Render).
using DrawFn = std::function<void()>;

class Host {
  public:
    // Opens a window with the best SDL_Renderer available (software as the fallback). Needs a
    // video driver; with SDL_VIDEODRIVER=dummy or offscreen it runs without a display.
    static Result<std::unique_ptr<Host>> open_window(const WindowConfig& config, ui::UiContext& ctx);
    // No window and no video driver: a software renderer drawing into a width x height surface.
    // Input comes only from script(); each frame advances time by 1/60 s.
    static Result<std::unique_ptr<Host>> open_offscreen(int width, int height, ui::UiContext& ctx);

    ~Host();
    Host(const Host&) = delete;
    Host& operator=(const Host&) = delete;

    // Takes every pending SDL event without waiting and feeds it to ImGui. Returns false once
    // the window was closed (while closing is allowed) or SDL_QUIT arrived. A no-op for
    // offscreen hosts.
    bool pump_events();
    // Waits up to `timeout_ms` for input, then takes it like pump_events(). True when events
    // were processed. Offscreen hosts return false at once.
    bool wait_events(int timeout_ms);
    bool quit_requested() const;
    // Ends the frame loop (run() returns before the next frame): the app decided to quit.
    void request_quit();
    // Whether a request to close the window (the window manager's or compositor's close,
    // Alt+F4) quits; while false it is ignored. SDL_QUIT — SIGTERM or SIGINT — always quits:
    // closing the last window does not raise it (SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE is off).
    // Default true.
    void set_close_allowed(bool allowed);
    bool close_allowed() const;
    // Shows or hides the mouse pointer over the window (SDL_ShowCursor); while hidden, ImGui does
    // not show it again to change its shape. Offscreen hosts only remember it. Default shown.
    void set_pointer_shown(bool shown);
    bool pointer_shown() const;

    // Synthetic input applied one step per frame, overriding real input while not empty.
    ui::InputScript& script();

    // Draws and presents one frame: rebuilds the fonts if the UiContext asks for it, applies one
    // scripted input step, then NewFrame, ctx.begin_frame(), draw(), ctx.end_frame(), Render.
    void frame(const DrawFn& draw);
    // Like frame(), and returns the frame's pixels (read back before presenting).
    Result<Image> frame_and_capture(const DrawFn& draw);
    // Draws frames until the script is empty plus one more frame (so the effects of the last tap
    // are drawn and registered); at most `max_frames`. Returns the number of frames drawn.
    int run_script(const DrawFn& draw, int max_frames = 10000);

    int width() const;
    int height() const;
    bool offscreen() const;

  private:
    struct Impl;
    explicit Host(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The interactive loop until quit. Draws on demand: a few frames after any input, and otherwise
// only when `wants_frame` says the screen would change (checked at least every 250 ms); an idle
// kiosk sleeps in the event wait. Paces to about 60 frames per second when drawing.
// `after_frame`, when set, is called after each frame is complete — the UI context has published
// that frame's widget records and texts — and before the next one starts. `each_turn`, when
// set, is called at every turn of the loop (at least every 250 ms while the loop is not stuck
// in a frame): the watchdog's keep-alive.
void run(Host& host, const DrawFn& draw, const std::function<bool()>& wants_frame = {},
         const std::function<void()>& after_frame = {}, const std::function<void()>& each_turn = {});

}  // namespace tp::platform
