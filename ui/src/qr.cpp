#include "touchpoint/ui/qr.hpp"

#include <imgui.h>
#include <qrencode.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "touchpoint/ui/context.hpp"

namespace tp::ui {
namespace {

constexpr int kQuietZone = 4;

struct QrFree {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

Result<QrCode> encode_qr(std::string_view text) {
    if (text.empty()) return Error{Errc::InvalidInput, "error.qr_failed", "empty text"};
    const std::string copy(text);
    std::unique_ptr<QRcode, QrFree> raw(
        QRcode_encodeData(static_cast<int>(copy.size()), reinterpret_cast<const unsigned char*>(copy.data()), 0,
                          QR_ECLEVEL_M));
    if (!raw) return Error{Errc::InvalidInput, "error.qr_failed", "QRcode_encodeData failed"};
    QrCode code;
    code.size = raw->width;
    code.modules.resize(static_cast<std::size_t>(code.size) * static_cast<std::size_t>(code.size));
    for (std::size_t i = 0; i < code.modules.size(); ++i) code.modules[i] = raw->data[i] & 1u;
    return code;
}

void draw_qr(UiContext&, const QrCode& code, float side_px) {
    const int total = code.size + 2 * kQuietZone;
    const float module = std::max(1.0f, std::floor(side_px / static_cast<float>(total)));
    const float side = module * static_cast<float>(total);
    ImVec2 origin = ImGui::GetCursorScreenPos();
    origin = ImVec2(std::floor(origin.x), std::floor(origin.y));
    ImGui::Dummy(ImVec2(side, side));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(origin, ImVec2(origin.x + side, origin.y + side), IM_COL32(255, 255, 255, 255));
    const ImU32 ink = IM_COL32(0, 0, 0, 255);
    for (int y = 0; y < code.size; ++y) {
        for (int x = 0; x < code.size; ++x) {
            if (!code.dark(x, y)) continue;
            const float px = origin.x + module * static_cast<float>(x + kQuietZone);
            const float py = origin.y + module * static_cast<float>(y + kQuietZone);
            dl->AddRectFilled(ImVec2(px, py), ImVec2(px + module, py + module), ink);
        }
    }
}

}  // namespace tp::ui
