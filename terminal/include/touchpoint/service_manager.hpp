#pragma once
// Notifications to systemd, the service manager (sd_notify): readiness, the watchdog's
// keep-alive and stopping. Outside a unit with Type=notify (no $NOTIFY_SOCKET) every call does
// nothing, so programs call them unconditionally.

#include <chrono>
#include <string>

namespace tp::service_manager {

class Notifier {
public:
    // Reads the unit's watchdog interval ($WATCHDOG_USEC) once: for this process, or for its
    // parent when that is the unit's main process ($WATCHDOG_PID; the kiosk under cage).
    Notifier();

    // READY=1 with a status line; only the first call sends.
    void ready(const std::string& status);
    // WATCHDOG=1, at most once per half the watchdog interval however often it is called; call
    // it from the loop whose progress proves the program alive (a hung loop is then restarted).
    void alive();
    // STOPPING=1 with a status line.
    void stopping(const std::string& status);
    // STATUS=... alone.
    void status(const std::string& status);

    // The unit's watchdog interval; zero when there is none.
    std::chrono::microseconds watchdog_interval() const { return interval_; }

private:
    std::chrono::microseconds interval_{0};
    std::chrono::steady_clock::time_point last_alive_{};
    bool ready_sent_ = false;
};

}  // namespace tp::service_manager
