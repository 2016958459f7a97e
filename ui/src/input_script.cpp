#include "touchpoint/ui/input_script.hpp"

#include <imgui.h>

#include <cfloat>

namespace tp::ui {

void InputScript::tap(float x, float y) {
    steps_.push_back({x, y, true});
    steps_.push_back({x, y, false});
}

bool InputScript::tap_id(const WidgetRegistry& registry, std::string_view id) {
    auto w = registry.find_id(id);
    if (!w || !w->enabled) return false;
    tap(w->visible.center_x(), w->visible.center_y());
    return true;
}

bool InputScript::tap_label(const WidgetRegistry& registry, std::string_view label) {
    auto w = registry.find_label(label);
    if (!w || !w->enabled) return false;
    tap(w->visible.center_x(), w->visible.center_y());
    return true;
}

void InputScript::drag(const std::vector<std::pair<float, float>>& points) {
    if (points.empty()) return;
    for (const auto& [x, y] : points) steps_.push_back({x, y, true});
    steps_.push_back({points.back().first, points.back().second, false});
}

void InputScript::idle_frame() { steps_.push_back({-FLT_MAX, -FLT_MAX, false}); }

bool InputScript::apply_next(ImGuiIO& io) {
    if (steps_.empty()) return false;
    const Step s = steps_.front();
    steps_.pop_front();
    io.MousePos = ImVec2(s.x, s.y);
    io.MouseDown[0] = s.down;
    return true;
}

}  // namespace tp::ui
