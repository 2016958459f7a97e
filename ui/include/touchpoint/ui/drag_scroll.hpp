#pragma once
// Scrolling a region by dragging it, as a finger does on a touch screen and a mouse does with its
// button held.

namespace tp::ui {

// How far a press may wander and still be a tap (pixels). Further, it is a drag.
inline constexpr float kDragSlop = 12.0f;

// Call right after beginning a scrolling child window (ImGui::BeginChild). A press that began
// inside the region, dragged, scrolls it with the pointer. Once the pointer has moved more than
// kDragSlop from where it was pressed the press is a drag, not a tap: the widget it began on lets
// go, so releasing the button does not press it, wherever the release lands. Does nothing while
// a dialog covers the region.
void drag_scroll();

}  // namespace tp::ui
