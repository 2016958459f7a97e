#pragma once
// The kiosk's probe file (--probe FILE): what the last drawn frame showed, for tests that drive
// the real window from outside (xdotool) and must know where each widget is. Written atomically
// (a temporary file renamed over FILE) only when the content changed.
//
//   {"frame": N, "screen": "customer-search", "width": W, "height": H,
//    "widgets": [{"id", "label", "kind", "enabled", "x", "y", "w", "h",
//                 "visible": {"x", "y", "w", "h"}}, ...],
//    "texts": ["...", ...], "state": {"phase", "online", "pending", "refused", "customer_id",
//    "staff_id", "language", "signature_strokes", "signature_points"}}

#include <string>

#include "touchpoint/app_state.hpp"
#include "touchpoint/ui/screens/app_shell.hpp"
#include "touchpoint/ui/widget_registry.hpp"

namespace tp::kiosk {

class Probe {
  public:
    explicit Probe(std::string path) : path_(std::move(path)) {}
    // Writes the frame's record when it differs from the last one written. Call after the frame
    // is complete: `widgets` must already hold that frame's records (WidgetRegistry::last_frame),
    // or the record would pair one frame's screen with the frame before's widgets.
    void frame_drawn(const ui::WidgetRegistry& widgets, const std::string& screen,
                     const AppSnapshot& snap, const ui::ScreenState& screens, int width, int height);

  private:
    std::string path_;
    std::string last_;
    long frame_ = 0;
};

}  // namespace tp::kiosk
