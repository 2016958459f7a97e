#pragma once
// The running kiosk without its window: the runtime (store, Terminal, sync worker, online
// requests), the screens' navigation and UI-local state. One frame is draw_frame(): drain
// finished online requests, advance the session clock, draw the app from a fresh snapshot.
// The kiosk's window loop and the scripted UI tests drive the same object.

#include <memory>

#include "touchpoint/sync/runtime.hpp"
#include "touchpoint/ui/screens/app_shell.hpp"

namespace tp::kiosk {

struct KioskLook {
    bool high_contrast = false;
    float text_scale = 1.0f;
    std::string language = "en";
};

class KioskApp {
  public:
    // Opens the terminal database (enrolled or not) and starts syncing. `ctx` and `clock` must
    // outlive the app.
    static Result<std::unique_ptr<KioskApp>> open(sync::RuntimeConfig config, const Clock& clock,
                                                  ui::UiContext& ctx, const KioskLook& look = {});
    ~KioskApp();

    // Draws one frame; call inside platform::Host::frame.
    void draw_frame();
    // True when the screen would change without input: new data or sync state, a finished
    // online request, the session's phase or countdown, the minute shown in times, progress of the
    // screens' own work off the frame (the photo picker's thumbnails, a photo being read).
    bool wants_frame();

    // For demos and captures: identifies the customer with this loyalty number and PIN, as the
    // identify and verify screens do (against this terminal's cache, filled by an earlier sync),
    // and shows their home. Fails, with the plain reason, when either is refused.
    Status identify_customer(const std::string& loyalty_number, const std::string& pin);

    Terminal& core() { return runtime_->terminal(); }
    sync::Runtime& runtime() { return *runtime_; }
    const ui::Nav& nav() const { return nav_; }
    // The screen the last frame drew (nav() may already name the next one).
    ui::ScreenId drawn_screen() const { return drawn_.screen; }
    const ui::ScreenState& state() const { return state_; }

  private:
    class Online;
    KioskApp() = default;

    ui::UiContext* ctx_ = nullptr;
    std::unique_ptr<sync::Runtime> runtime_;
    std::unique_ptr<Online> online_;
    ui::Nav nav_;
    ui::ScreenState state_;
    // A PIN check was running at the last wants_frame(): one frame follows its end.
    bool pin_check_shown_ = false;
    // What the last drawn frame showed, as wants_frame() compares it.
    struct Drawn {
        std::uint64_t data = 0, status = 0, generation = 0;
        SessionPhase phase = SessionPhase::Idle;
        ui::ScreenId screen = ui::ScreenId::Attract;  // at the frame's start: a change redraws
        Millis countdown_s = -1, minute = -1;
        std::uint64_t background = 0;  // the screens' work off the frame (ui::background_progress)
        bool operator==(const Drawn&) const = default;
    };
    Drawn drawn_;
    Drawn now_drawn();
    const Clock* clock_ = nullptr;
};

}  // namespace tp::kiosk
