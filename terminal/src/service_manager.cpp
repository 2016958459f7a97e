#include "touchpoint/service_manager.hpp"

#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <cstdlib>

namespace tp::service_manager {

Notifier::Notifier() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0) {
        interval_ = std::chrono::microseconds(usec);
        return;
    }
    // The unit's main process may be this process's parent: the kiosk runs as cage's application,
    // and systemd names cage in $WATCHDOG_PID (the unit's NotifyAccess=all takes our pings).
    const char* pid = std::getenv("WATCHDOG_PID");
    const char* interval = std::getenv("WATCHDOG_USEC");
    if (!pid || !interval || !std::getenv("NOTIFY_SOCKET")) return;
    if (std::strtoll(pid, nullptr, 10) != static_cast<long long>(getppid())) return;
    const long long parsed = std::strtoll(interval, nullptr, 10);
    if (parsed > 0) interval_ = std::chrono::microseconds(parsed);
}

void Notifier::ready(const std::string& status) {
    if (ready_sent_) return;
    ready_sent_ = true;
    sd_notify(0, ("READY=1\nSTATUS=" + status).c_str());
}

void Notifier::alive() {
    if (interval_.count() == 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (last_alive_ != std::chrono::steady_clock::time_point{} && now - last_alive_ < interval_ / 2) return;
    last_alive_ = now;
    sd_notify(0, "WATCHDOG=1");
}

void Notifier::stopping(const std::string& status) { sd_notify(0, ("STOPPING=1\nSTATUS=" + status).c_str()); }

void Notifier::status(const std::string& status) { sd_notify(0, ("STATUS=" + status).c_str()); }

}  // namespace tp::service_manager
