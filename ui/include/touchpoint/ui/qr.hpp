#pragma once
// QR codes for receipts (the case reference and a link to follow it on a phone), encoded with
// libqrencode and drawn with ImGui rectangles: always dark modules on white with the standard
// four-module quiet zone, whatever the theme, so phone cameras read them.

#include <cstdint>
#include <string_view>
#include <vector>

#include "touchpoint/error.hpp"

namespace tp::ui {

class UiContext;

struct QrCode {
    int size = 0;                        // modules per side
    std::vector<std::uint8_t> modules;   // size * size, row-major, 1 = dark
    bool dark(int x, int y) const { return modules[static_cast<std::size_t>(y * size + x)] != 0; }
};

// Encodes `text` (UTF-8, byte mode, error correction level M). Fails with InvalidInput when the
// text is empty or too long for a QR code.
Result<QrCode> encode_qr(std::string_view text);

// Draws `code` at the cursor as a square of `side_px` pixels (quiet zone included) and advances
// the cursor past it. Module size is rounded down to whole pixels so modules stay crisp.
void draw_qr(UiContext& ctx, const QrCode& code, float side_px);

}  // namespace tp::ui
