#pragma once
// One function per screen of brief §6, each in its own file under ui/screens/src/.

#include "touchpoint/ui/screens/app_shell.hpp"

namespace tp::ui {

// Shared chrome (chrome.cpp): the top of every screen (the status strip), and what is drawn over
// every screen (sync corner; the idle warning with "I need more time").
void draw_screen_top(ScreenEnv& env);
void draw_chrome(ScreenEnv& env);

void draw_attract(ScreenEnv& env);
void draw_language(ScreenEnv& env);
void draw_identify(ScreenEnv& env);
void draw_verify(ScreenEnv& env);
void draw_customer_home(ScreenEnv& env);
void draw_case_detail(ScreenEnv& env);
void draw_action_form(ScreenEnv& env);     // nav.arg: "<action wire name>|<case id>"
void draw_intray_answer(ScreenEnv& env);   // nav.arg: in-tray item id
void draw_feedback(ScreenEnv& env);
void draw_receipt(ScreenEnv& env);         // nav.arg: case id
void draw_staff_sign_in(ScreenEnv& env);
void draw_customer_search(ScreenEnv& env);
void draw_needs_attention(ScreenEnv& env);
void draw_sync_diagnostics(ScreenEnv& env);
void draw_work_orders(ScreenEnv& env);
void draw_visit_flow(ScreenEnv& env);      // nav.arg: work order case id
void draw_photo_picker(ScreenEnv& env);    // nav.arg: work order case id
void draw_exit_kiosk(ScreenEnv& env);
// Instead of every screen while the terminal is not enrolled (draw_app switches to it and back).
void draw_not_set_up(ScreenEnv& env);
void draw_reset(ScreenEnv& env);

// The command that enrolls this terminal, as the not-set-up screen shows it:
// "touchpoint enroll --service <its service URL, or URL> --code CODE --db <its database>".
std::string enroll_command(const SyncStatus& sync);

}  // namespace tp::ui
