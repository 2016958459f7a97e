#include "touchpoint/ui/drag_scroll.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // the active item's window, letting go of it

namespace tp::ui {

void drag_scroll() {
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.MouseDown[0] || io.MouseDownDuration[0] <= 0.0f) return;
    ImGuiWindow* region = ImGui::GetCurrentWindow();
    // Pressed here, and nothing in front of it (a dialog's dimmed layer is hovered instead).
    if (!region->InnerRect.Contains(io.MouseClickedPos[0])) return;
    if (!ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem)) return;
    if (io.MouseDelta.y != 0.0f) ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    if (g.ActiveId != 0 && g.ActiveIdWindow && ImGui::IsWindowChildOf(g.ActiveIdWindow, region, false) &&
        ImGui::IsMouseDragging(ImGuiMouseButton_Left, kDragSlop))
        ImGui::ClearActiveID();
}

}  // namespace tp::ui
