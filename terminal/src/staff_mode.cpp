#include "touchpoint/staff_mode.hpp"

namespace tp {

bool in_staff_mode(const AppSnapshot& snap) {
    return !snap.sync.enrolled || (snap.identity && !snap.identity->staff_id.empty());
}

bool pointer_shown(const AppSnapshot& snap) { return in_staff_mode(snap); }

bool window_close_allowed(const AppSnapshot& snap, bool fullscreen) {
    return !fullscreen || in_staff_mode(snap);
}

}  // namespace tp
