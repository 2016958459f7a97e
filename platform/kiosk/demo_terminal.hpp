#pragma once
// A terminal filled with the reference service's demo data, for headless screenshots and demos:
// an in-process touchpoint-service on a free loopback port over a temporary database, a
// terminal store enrolled with it and synced, and the session the requested screen needs.

#include <filesystem>
#include <memory>
#include <string>

#include "touchpoint/clock.hpp"
#include "touchpoint/error.hpp"
#include "touchpoint/store.hpp"
#include "touchpoint/sync_status.hpp"
#include "touchpoint/terminal.hpp"
#include "touchpoint/ui/screens/app_shell.hpp"

namespace tp::kiosk {

// Online requests that go nowhere: screenshots and design checks keep everything in-process.
class NoOnlineActions final : public ui::OnlineActions {
public:
    void lookup_customers(const std::string&) override {}
    void fetch_and_serve(const std::string&) override {}
    void identify_and_serve(const std::string&, const std::string&) override {}
    void register_staff_online(const std::string&, const std::string&) override {}
    void sync_now() override {}
};

class DemoTerminal {
public:
    // Starts the service with `demo_size` customers, enrolls and syncs. `dir` must exist.
    static Result<std::unique_ptr<DemoTerminal>> start(const std::filesystem::path& dir, int demo_size);
    ~DemoTerminal();

    Terminal& core() { return *terminal_; }
    // Puts the session, the local data and `nav` in the state that shows `screen` with
    // something worth seeing (a signed-in customer, a refused request, a technician, ...).
    // `state`, when given, gets what a user would have typed or drawn there (a signature).
    Status prepare(ui::ScreenId screen, const std::string& language, ui::Nav& nav,
                   ui::ScreenState* state = nullptr);

private:
    DemoTerminal() = default;
    Status sync_once();
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::unique_ptr<Terminal> terminal_;
};

}  // namespace tp::kiosk
