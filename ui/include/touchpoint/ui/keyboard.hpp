#pragma once
// The kiosk's own on-screen keyboard (kiosk compositors offer none). It types into a UTF-8
// std::string owned by the screen. Each key is a touch button registered as
//   id "kbd.key.<lower-case char>" / "kbd.shift" / "kbd.backspace" / "kbd.space" / "kbd.enter" /
//   "kbd.page.letters" / "kbd.page.symbols" / "kbd.page.accents",
//   label: the character shown ("é", "J" while shifted), or the special key's caption.
// Shift is one-shot: tap once for the next letter, twice to lock, a third time to release.

#include <cstddef>
#include <string>
#include <string_view>

#include "touchpoint/ui/context.hpp"
#include "touchpoint/ui/keyboard_layout.hpp"

namespace tp::ui {

enum class ShiftState { Off, Once, Locked };
enum class KeyboardResult { None, Edited, Done };

struct KeyboardOptions {
    std::string_view layout;          // language of the layout; empty: the UI's language
    std::size_t max_codepoints = 0;   // 0: no limit; keys that would exceed it do nothing
    bool physical_keys = true;        // also accept typed characters and Backspace from ImGui io
};

class OnScreenKeyboard {
  public:
    // Draws the keyboard at the cursor, using the full available width, and applies this frame's
    // taps to `text`. Returns Done in the frame the done key was tapped, Edited when `text`
    // changed, None otherwise.
    KeyboardResult draw(UiContext& ctx, std::string& text, const KeyboardOptions& options = {});

    // Height the keyboard takes with the current theme (for laying out the screen above it);
    // layout rows of every page have the same count. Keys are key_height() high (>= 48 px),
    // shorter on a short window so the keyboard takes at most 45% of its height.
    static float height(const UiContext& ctx, std::string_view layout_language);
    static float key_height(const UiContext& ctx, std::string_view layout_language);

    KeyboardPage page() const { return page_; }
    ShiftState shift() const { return shift_; }
    // Back to the letters page with shift off (call when a new field gets focus).
    void reset();

  private:
    KeyboardPage page_ = KeyboardPage::Letters;
    ShiftState shift_ = ShiftState::Off;
};

}  // namespace tp::ui
