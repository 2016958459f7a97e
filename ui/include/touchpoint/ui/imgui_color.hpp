#pragma once
// Conversions from theme colours to ImGui's colour types.

#include <imgui.h>

#include "touchpoint/ui/color.hpp"

namespace tp::ui {

inline ImU32 to_u32(Color c) { return IM_COL32(c.r, c.g, c.b, c.a); }
inline ImVec4 to_vec4(Color c) { return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f); }

}  // namespace tp::ui
