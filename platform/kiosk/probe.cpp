#include "probe.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

namespace tp::kiosk {
namespace {

nlohmann::json rect_json(const ui::Rect& r) {
    return {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}};
}

}  // namespace

void Probe::frame_drawn(const ui::WidgetRegistry& widgets, const std::string& screen,
                        const AppSnapshot& snap, const ui::ScreenState& screens, int width, int height) {
    ++frame_;
    nlohmann::json out;
    out["screen"] = screen;
    out["width"] = width;
    out["height"] = height;
    out["widgets"] = nlohmann::json::array();
    for (const auto& w : widgets.last_frame()) {
        nlohmann::json j = rect_json(w.rect);
        j["id"] = w.id;
        j["label"] = w.label;
        j["kind"] = ui::to_string(w.kind);
        j["enabled"] = w.enabled;
        j["visible"] = rect_json(w.visible);
        out["widgets"].push_back(std::move(j));
    }
    out["texts"] = widgets.last_texts();
    out["state"] = {{"phase", static_cast<int>(snap.phase)},
                    {"online", snap.sync.online},
                    {"pending", snap.outbox.pending},
                    {"refused", snap.outbox.refused},
                    {"customer_id", snap.customer ? snap.customer->customer.id : ""},
                    {"staff_id", snap.identity ? snap.identity->staff_id : ""},
                    {"language", snap.language}};
    std::size_t points = 0;  // the signature being drawn: strokes and x, y points on the pad
    for (const auto& stroke : screens.signature) points += stroke.size() / 2;
    out["state"]["signature_strokes"] = screens.signature.size();
    out["state"]["signature_points"] = points;
    std::string text = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text == last_) return;
    last_ = text;
    out["frame"] = frame_;
    const std::string tmp = path_ + ".tmp";
    {
        std::ofstream file(tmp, std::ios::trunc);
        file << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        if (!file) return;
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path_, ec);
}

}  // namespace tp::kiosk
