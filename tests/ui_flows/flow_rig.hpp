#pragma once
// The real kiosk, driven headlessly: the reference service over loopback, a terminal database
// enrolled with it, the KioskApp (runtime, sync worker, screens) drawn by an offscreen host, and
// synthetic taps on widgets found by their ids. The clock is the system clock plus an offset a
// test can jump (idle timeouts), so the sync worker keeps running in real time; the service runs
// on the same clock, so the demo data is relative to today, as the kiosk sees it.

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "../service/service_fixture.hpp"
#include "kiosk_app.hpp"
#include "touchpoint/platform/host.hpp"
#include "touchpoint/store.hpp"
#include "touchpoint/sync/engine.hpp"
#include "touchpoint/ui/context.hpp"

namespace tp::test {

class JumpClock final : public Clock {
  public:
    Millis now() const override { return system_.now() + offset_.load(); }
    void jump(Millis ms) { offset_ += ms; }

  private:
    SystemClock system_;
    std::atomic<Millis> offset_{0};
};

struct FlowOptions {
    std::string enrollment_code = "KIOSK-S1-09";
    bool enroll = true;  // false: the kiosk starts on a database that was never enrolled
    // false (with enroll false): the kiosk is started with no service address at all
    bool configure_service = true;
    float text_scale = 1.0f;
    Millis idle_timeout = 60'000;
    std::string language = "en";  // the kiosk's configured language (--lang)
    int width = 1280, height = 800;  // the offscreen window's size in pixels
};

class FlowRig {
  public:
    explicit FlowRig(FlowOptions options = {});
    ~FlowRig();

    // Draws one frame of the app.
    void frame();
    // Draws frames (about 100 per second) until `done` holds; false after `limit`.
    bool wait_until(const std::function<bool()>& done,
                    std::chrono::milliseconds limit = std::chrono::seconds(15));
    // Waits (drawing) until an enabled widget with this id is on screen, taps it and draws until
    // the tap took effect. Fails the test when the widget never appears.
    void tap(std::string_view id);
    bool has_widget(std::string_view id) const;
    // Types `text` on the on-screen keyboard: shift for capitals, the symbols and accents pages
    // for what the letters page lacks.
    void type(std::string_view text);
    // True when the last frame showed this text (or a widget labelled with it).
    bool shows(std::string_view text) const;
    // A text of the current language up to its first argument ("{"): a prefix to look for.
    std::string text(std::string_view key) const;

    const AppSnapshot& snap() { return app->core().snapshot(); }
    Terminal& core() { return app->core(); }

    JumpClock clock;  // the kiosk's and the service's: both run on it
    service::testing::TestService service;
    service::testing::TempDir dir;
    std::unique_ptr<ui::UiContext> ctx;
    std::unique_ptr<platform::Host> host;
    std::unique_ptr<kiosk::KioskApp> app;
};

}  // namespace tp::test
