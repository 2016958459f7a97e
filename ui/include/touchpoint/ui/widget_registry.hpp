#pragma once
// Every interactive widget the ui helpers draw records itself here once per frame: its id, its
// visible label, its screen rectangle and whether it is enabled. Scripted UI tests find and tap
// widgets through it, and the design checks (minimum touch-target size) read it. No ImGui here.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tp::ui {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    float center_x() const { return x + w * 0.5f; }
    float center_y() const { return y + h * 0.5f; }
    bool contains(float px, float py) const { return px >= x && px < x + w && py >= y && py < y + h; }
};

enum class WidgetKind { Button, Key, Toggle, TextField, ListRow, Choice };
const char* to_string(WidgetKind kind);

struct WidgetRecord {
    std::string id;     // stable, language-independent, e.g. "identify.continue", "kbd.key.é"
    std::string label;  // the text shown, in the current language
    Rect rect;          // screen pixels
    Rect visible;       // the part not clipped by a scrolled or bounded region (taps aim here)
    bool enabled = true;
    WidgetKind kind = WidgetKind::Button;
    bool scrolls = false;  // drawn in a body region whose content is taller than it (begin_body)
};

// A widget laid out in the frame but entirely outside the visible part of its region.
struct HiddenWidget {
    std::string id;
    bool scrolls = false;  // inside a body region that scrolls: a drag brings it into view
};

class WidgetRegistry {
  public:
    // Starts recording a new frame; the previous frame's records stay readable until end_frame.
    void begin_frame();
    // Publishes the records of the frame being drawn as `last_frame()`.
    void end_frame();
    void add(WidgetRecord record);

    // The widgets of the last completed frame, in drawing order.
    const std::vector<WidgetRecord>& last_frame() const { return last_; }
    // Every text the helpers drew in the frame (titles, body, chips, banners), in drawing order,
    // so tests can assert what a screen shows without reading pixels.
    void add_text(std::string_view text) { current_texts_.emplace_back(text); }
    const std::vector<std::string>& last_texts() const { return last_texts_; }
    // Widgets laid out but not visible at all (not in last_frame()): scrolled out of view, or
    // beyond the screen's edge where nothing can reach them.
    void add_hidden(HiddenWidget hidden) { current_hidden_.push_back(std::move(hidden)); }
    const std::vector<HiddenWidget>& last_hidden() const { return last_hidden_; }
    // Body regions (begin_body) open while drawing, innermost last, each with whether its content
    // is taller than it; widgets record `scrolls` from the innermost.
    void begin_region(bool scrolls) { regions_.push_back(scrolls); }
    void end_region() {
        if (!regions_.empty()) regions_.pop_back();
    }
    bool in_scrolling_region() const { return !regions_.empty() && regions_.back(); }
    // True when a text or a widget label of the last frame contains `needle`.
    bool shows(std::string_view needle) const;
    // First widget of the last frame with this id / with this exact label.
    std::optional<WidgetRecord> find_id(std::string_view id) const;
    std::optional<WidgetRecord> find_label(std::string_view label) const;

  private:
    std::vector<WidgetRecord> current_;
    std::vector<WidgetRecord> last_;
    std::vector<std::string> current_texts_;
    std::vector<std::string> last_texts_;
    std::vector<HiddenWidget> current_hidden_;
    std::vector<HiddenWidget> last_hidden_;
    std::vector<bool> regions_;
};

}  // namespace tp::ui
