#pragma once
// The kiosk's screens: a router over one function per screen. Screens read the const app
// snapshot and issue intents through the core's entry point (tp::Terminal) or, for requests
// that need the service, through OnlineActions; they never touch SQLite or the network.
// UI-local state (typed text, the focused field, an open form) lives in ScreenState and is
// dropped whenever the session generation changes (privacy reset).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "touchpoint/actions.hpp"
#include "touchpoint/app_state.hpp"
#include "touchpoint/terminal.hpp"
#include "touchpoint/ui/context.hpp"
#include "touchpoint/ui/keyboard.hpp"

namespace tp::ui {

enum class ScreenId {
    Attract,
    Language,
    Identify,
    Verify,
    CustomerHome,
    CaseDetail,
    ActionForm,
    InTrayAnswer,
    Feedback,
    Receipt,
    StaffSignIn,
    CustomerSearch,
    NeedsAttention,
    SyncDiagnostics,
    WorkOrders,
    VisitFlow,
    PhotoPicker,
    ExitKiosk,  // staff: their PIN again to close the kiosk (from sync diagnostics)
    NotSetUp,  // shown, and only shown, while the terminal is not enrolled
    Reset,     // shown, and only shown, once the operator ordered this terminal wiped
};

// Stable names for --scene and tests: "attract", "case-detail", "visit-flow", ...
const char* scene_name(ScreenId id);
std::optional<ScreenId> scene_from_name(std::string_view name);
std::vector<ScreenId> all_screens();

// Requests that need the service; results appear in later snapshots. Never blocks.
class OnlineActions {
public:
    virtual ~OnlineActions() = default;
    virtual void lookup_customers(const std::string& query) = 0;
    virtual void fetch_and_serve(const std::string& customer_id) = 0;
    virtual void identify_and_serve(const std::string& customer_id, const std::string& pin) = 0;
    virtual void register_staff_online(const std::string& staff_id, const std::string& pin) = 0;
    virtual void sync_now() = 0;
    // The "not set up" screen: enroll this terminal with a code typed by staff, with the service
    // it was started for or, when it has none, the address typed with the code (the snapshot's
    // sync status says how it went).
    virtual void enroll(const std::string& /*code*/, const std::string& /*terminal_name*/,
                        const std::string& /*service_url*/) {}
};

// Navigation: the current screen, its argument (a case id, an action wire name, ...), and a
// back stack.
struct Nav {
    ScreenId screen = ScreenId::Attract;
    std::string arg;
    std::vector<std::pair<ScreenId, std::string>> back_stack;

    void go(ScreenId next, std::string next_arg = {});
    void back();
    // Clears the stack and shows `root` (attract after a reset, home after sign-in).
    void reset_to(ScreenId root, std::string root_arg = {});
};

struct PhotoJob;     // a visit photo read on a worker thread (screens/src/visit_photo.hpp)
struct PhotoPicker;  // the camera folder's thumbnails (screens/src/photo_picker.hpp)

struct ScreenState {
    std::uint64_t generation = 0;             // the session generation this state belongs to
    std::map<std::string, std::string> fields;  // text typed per field id
    std::string focused_field;
    std::string revealed;     // the focused field and its text when last scrolled into view
    OnScreenKeyboard keyboard;
    std::string notice;       // plain-language result of the last intent ("saved", or why not)
    bool notice_is_error = false;
    std::vector<std::vector<float>> signature;  // strokes: x0, y0, x1, y1, ... in pad space
    std::string photo_dir;    // the camera folder the picker shows; empty: default_photo_dir()
    std::shared_ptr<PhotoPicker> photo_picker;  // while the picker is open
    std::shared_ptr<PhotoJob> photo_job;  // the photo chosen, being read off the frame
    int selected = -1;        // a choice on the current screen (score, in-tray option, ...)
    bool high_contrast = false;
    float text_scale = 1.0f;
};

struct ScreenEnv {
    UiContext& ui;
    Terminal& core;
    const AppSnapshot& snap;
    OnlineActions& online;
    Nav& nav;
    ScreenState& state;
};

// Work the screens do off the frame (a photo being read, the picker's thumbnails): a count that
// grows as it progresses (a redraw is due when it changed), and whether any is still going.
std::uint64_t background_progress(const ScreenState& state);
bool background_busy(const ScreenState& state);

// Draws one frame of the app: the current screen, the offline banner, the sync corner and the
// idle warning. Call between UiContext::begin_frame and end_frame.
void draw_app(ScreenEnv& env);

}  // namespace tp::ui
