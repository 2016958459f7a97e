#pragma once
// The kiosk in a real X window: Xvfb on a free display, the real reference service on loopback
// (in this process), and the real `touchpoint` executable enrolled against it and started in the
// window with --probe. Input is real X events sent with xdotool; where each widget is comes from
// the kiosk's probe file; screenshots are the X server's own picture of the screen (xwd),
// written as PNG under the test's output directory.

#include <sys/types.h>

#include <atomic>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "service_fixture.hpp"

namespace tp::test {

struct WindowOptions {
    std::string enrollment_code = "KIOSK-S1-05";
    std::string language = "en";
    float scale = 1.0f;
    int width = 1280;
    int height = 800;
    std::vector<std::string> extra_args;  // passed to touchpoint
};

class WindowRig {
  public:
    explicit WindowRig(WindowOptions options = {});
    ~WindowRig();
    WindowRig(const WindowRig&) = delete;
    WindowRig& operator=(const WindowRig&) = delete;

    // The last probe record (probe.hpp's JSON); waits for the first one.
    nlohmann::json probe();
    // Waits until `done(probe())` holds; false after `limit`.
    bool wait_for(const std::function<bool(const nlohmann::json&)>& done,
                  std::chrono::milliseconds limit = std::chrono::seconds(20));
    bool wait_for_screen(const std::string& screen,
                         std::chrono::milliseconds limit = std::chrono::seconds(20));
    // The widget with this id on the current screen, waiting for it to appear enabled.
    nlohmann::json widget(const std::string& id);
    bool shows(const std::string& text);

    // Real input: the pointer moves to the visible centre of the widget and clicks.
    void click(const std::string& id);
    void click_at(int x, int y);
    // Presses at (x0, y0), moves in `steps` to (x1, y1), releases.
    void drag(int x0, int y0, int x1, int y1, int steps = 12);
    // Types on the physical keyboard; `key` sends one named key (BackSpace, Return).
    void type(const std::string& text);
    void key(const std::string& name);

    // The X server's picture of the screen, as shots_dir()/<name>.png; returns its path.
    std::string screenshot(const std::string& name);

    // Seconds of CPU the kiosk process has used (user + system).
    double kiosk_cpu_seconds() const;
    // What the kiosk process wrote to stderr so far.
    std::string kiosk_log() const;
    pid_t kiosk_pid() const { return kiosk_; }
    service::testing::TestService& service() { return service_; }
    // The service runs on the wall clock, as the kiosk does (its demo data is relative to today);
    // this moves the service's clock ahead of the kiosk's by `ms`.
    void advance_service_clock(Millis ms) { service_ahead_ += ms; }
    const std::string& db_path() const { return db_; }

  private:
    int run(const std::vector<std::string>& args);
    int xdotool(const std::vector<std::string>& args);
    void start_display();
    void start_kiosk();

    WindowOptions options_;
    service::testing::TempDir dir_;
    std::atomic<Millis> service_ahead_{0};
    service::testing::TestService service_;
    std::string display_;
    std::string window_id_;
    std::string db_;
    std::string probe_path_;
    pid_t xvfb_ = -1;
    pid_t kiosk_ = -1;
};

// Where screenshots go: $TOUCHPOINT_WINDOW_SHOTS, else out/window under the build directory.
std::string shots_dir();

}  // namespace tp::test
