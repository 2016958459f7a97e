#pragma once
// Synthetic touch input for scripted UI tests and demos. A script is a queue of per-frame pointer
// states; the host applies one state before each ImGui::NewFrame, overriding real input while the
// script is not empty. A tap is two frames: finger down, then finger up over the same point
// (ImGui buttons fire on release), so the tapped widget reports its click during the frame in
// which the second state is applied.

#include <deque>
#include <string_view>
#include <utility>
#include <vector>

#include "touchpoint/ui/widget_registry.hpp"

struct ImGuiIO;

namespace tp::ui {

class InputScript {
  public:
    void tap(float x, float y);
    // Taps the centre of a widget of the registry's last frame. Returns false (and queues
    // nothing) when no such widget exists or it is disabled.
    bool tap_id(const WidgetRegistry& registry, std::string_view id);
    bool tap_label(const WidgetRegistry& registry, std::string_view label);
    // A finger pressed at the first point, moved through the others one frame each, and lifted at
    // the last (signature strokes, swipes). Needs at least one point.
    void drag(const std::vector<std::pair<float, float>>& points);
    // One frame with the pointer away from every widget (lets hover state settle).
    void idle_frame();

    bool empty() const { return steps_.empty(); }
    std::size_t pending_frames() const { return steps_.size(); }
    void clear() { steps_.clear(); }

    // Pops the next state into `io` (position and left button). Returns false when empty, in
    // which case `io` is untouched.
    bool apply_next(ImGuiIO& io);

  private:
    struct Step {
        float x, y;
        bool down;
    };
    std::deque<Step> steps_;
};

}  // namespace tp::ui
