#pragma once
// The signature pad: a framed canvas, registered as one interactive widget like every other
// touch target, where a finger draws strokes kept in pad coordinates (pixels from its top-left
// corner): each stroke is x0, y0, x1, y1, ... as the visit_signature payload carries them.

#include <string_view>
#include <vector>

#include "touchpoint/ui/context.hpp"

namespace tp::ui {

using Strokes = std::vector<std::vector<float>>;

// The most coordinates one signature keeps (the service accepts up to 40,000).
inline constexpr std::size_t kSignatureMaxNumbers = 20000;

// The least ink a signature takes: the strokes' total length in pad pixels. A tick or a dot
// (a two-point stroke of a few pixels) is not a signature; a short written name is 400 px or more.
inline constexpr float kSignatureMinLength = 240.0f;

// The total length of the strokes, in pad pixels.
float stroke_length(const Strokes& strokes);

// Draws the pad at the cursor, the available width wide and `height` px high (at least 48),
// with the strokes so far and `hint` on the signing line while it is empty, and adds this
// frame's touch: a new stroke when the finger lands on it, a point each time it moves 2 px.
// Returns true in a frame that added a point.
bool signature_pad(UiContext& ui, std::string_view id, std::string_view hint, float height, Strokes& strokes);

}  // namespace tp::ui
