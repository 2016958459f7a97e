#include "touchpoint/ui/widget_registry.hpp"

namespace tp::ui {

const char* to_string(WidgetKind kind) {
    switch (kind) {
        case WidgetKind::Button: return "button";
        case WidgetKind::Key: return "key";
        case WidgetKind::Toggle: return "toggle";
        case WidgetKind::TextField: return "text_field";
        case WidgetKind::ListRow: return "list_row";
        case WidgetKind::Choice: return "choice";
    }
    return "button";
}

void WidgetRegistry::begin_frame() {
    current_.clear();
    current_texts_.clear();
    current_hidden_.clear();
    regions_.clear();
}

void WidgetRegistry::end_frame() {
    last_.swap(current_);
    last_texts_.swap(current_texts_);
    last_hidden_.swap(current_hidden_);
}

bool WidgetRegistry::shows(std::string_view needle) const {
    for (const auto& t : last_texts_)
        if (t.find(needle) != std::string::npos) return true;
    for (const auto& w : last_)
        if (w.label.find(needle) != std::string::npos) return true;
    return false;
}

void WidgetRegistry::add(WidgetRecord record) { current_.push_back(std::move(record)); }

std::optional<WidgetRecord> WidgetRegistry::find_id(std::string_view id) const {
    for (const auto& w : last_)
        if (w.id == id) return w;
    return std::nullopt;
}

std::optional<WidgetRecord> WidgetRegistry::find_label(std::string_view label) const {
    for (const auto& w : last_)
        if (w.label == label) return w;
    return std::nullopt;
}

}  // namespace tp::ui
