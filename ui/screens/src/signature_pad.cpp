#include "signature_pad.hpp"

#include <imgui.h>

#include <cmath>

#include "touchpoint/ui/imgui_color.hpp"
#include "touchpoint/ui/widgets.hpp"

namespace tp::ui {

float stroke_length(const Strokes& strokes) {
    float total = 0.0f;
    for (const auto& s : strokes)
        for (std::size_t i = 2; i + 1 < s.size(); i += 2) total += std::hypot(s[i] - s[i - 2], s[i + 1] - s[i - 1]);
    return total;
}

bool signature_pad(UiContext& ui, std::string_view id, std::string_view hint, float height, Strokes& strokes) {
    const CanvasInput in = canvas(ui, id, hint, ImVec2(ImGui::GetContentRegionAvail().x, height));
    std::size_t numbers = 0;
    for (const auto& s : strokes) numbers += s.size();
    bool added = false;
    // A finger on the pad draws: the scrolling region around it, if any, stays where it is.
    if (in.held) ImGui::SetScrollY(ImGui::GetScrollY());
    if (in.held && numbers + 2 <= kSignatureMaxNumbers) {
        if (ImGui::IsItemActivated() || strokes.empty()) strokes.emplace_back();
        auto& stroke = strokes.back();
        const bool moved = stroke.size() < 2 ||
                           std::hypot(in.pointer.x - stroke[stroke.size() - 2], in.pointer.y - stroke.back()) >= 2.0f;
        if (moved) {
            stroke.push_back(std::round(in.pointer.x));
            stroke.push_back(std::round(in.pointer.y));
            added = true;
        }
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float pad = ui.theme().padding() * 1.5f;
    const float baseline = in.min.y + (in.max.y - in.min.y) * 0.78f;
    dl->AddLine(ImVec2(in.min.x + pad, baseline), ImVec2(in.max.x - pad, baseline), to_u32(ui.palette().border), 1.5f);
    if (strokes.empty() && !hint.empty()) {
        ImFont* font = ui.fonts().body ? ui.fonts().body : ImGui::GetFont();
        dl->AddText(font, font->FontSize, ImVec2(in.min.x + pad, baseline - font->FontSize - ui.theme().padding() * 0.5f),
                    to_u32(ui.palette().text_muted), hint.data(), hint.data() + hint.size());
    }
    dl->PushClipRect(in.min, in.max, true);
    const ImU32 ink = to_u32(ui.palette().text);
    const float width = std::max(2.5f, 3.0f * ui.theme().text_scale);
    for (const auto& stroke : strokes) {
        std::vector<ImVec2> points;
        for (std::size_t i = 0; i + 1 < stroke.size(); i += 2)
            points.emplace_back(in.min.x + stroke[i], in.min.y + stroke[i + 1]);
        if (points.size() == 1) dl->AddCircleFilled(points[0], width * 0.7f, ink);
        else if (!points.empty()) dl->AddPolyline(points.data(), static_cast<int>(points.size()), ink, 0, width);
    }
    dl->PopClipRect();
    return added;
}

}  // namespace tp::ui
