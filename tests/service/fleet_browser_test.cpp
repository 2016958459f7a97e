// The fleet page as an operator's browser shows it: headless Chromium loads GET /fleet from the
// real service (HTTP Basic, the operator key as the password) and renders one live terminal and
// one flagged silent — the service's clock is the test's, so "silent" needs no waiting. The
// screenshot is written to the build tree (fleet-page.png). Without /usr/bin/chromium the test
// says so and is skipped (ctest: SKIP_REGULAR_EXPRESSION).

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "service_fixture.hpp"

#ifndef TOUCHPOINT_BINARY_DIR
#error "TOUCHPOINT_BINARY_DIR must name the build tree"
#endif

using namespace tp::service::testing;

namespace {

constexpr const char* kChromium = "/usr/bin/chromium";
constexpr const char* kOperatorKey = "fleet-operator-key";

// Runs Chromium headless with `args` and a fresh profile; its exit code and stdout.
std::pair<int, std::string> chromium(const std::string& args) {
    TempDir profile;
    const std::string command =
        std::string("timeout 120 ") + kChromium +
        " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
        " --disable-background-networking --disable-component-update --disable-sync"
        " --user-data-dir='" + profile.file("profile") + "' " + args + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    const int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

json beat(std::int64_t depth) {
    return {{"version", "0.1.0"},      {"queue_depth", depth},     {"oldest_pending_age_ms", 90000},
            {"stuck_lanes", 0},        {"last_sync_at", 1'718'107'140'000}, {"refused", 1},
            {"clock_offset_ms", 420},  {"free_disk_bytes", 7'300'000'000}};
}

}  // namespace

TEST_CASE("the fleet page in a browser shows a live terminal and flags a silent one") {
    if (!std::filesystem::exists(kChromium)) {
        std::printf("SKIPPED: chromium is not installed at %s; the fleet page was not rendered\n",
                    kChromium);
        std::fflush(stdout);
        return;
    }
    TestService svc(5, [](tp::service::ServiceConfig& c) {
        c.operator_key = kOperatorKey;
        c.silent_after = std::chrono::minutes(5);
    });
    auto enroll = [&](const char* code, const char* name) {
        Reply r = svc.post("/v1/enroll", json{{"code", code}, {"terminal_name", name}});
        REQUIRE(r.status == 200);
        return r.body;
    };
    const json quiet = enroll("KIOSK-S1-01", "Kiosk by the door");
    const json live = enroll("KIOSK-S2-01", "Tablet <T1> & \"Müller\"");
    REQUIRE(svc.post("/v1/heartbeat", beat(4), TestService::bearer(quiet["token"])).status == 200);
    svc.clock().advance(12 * 60'000);
    REQUIRE(svc.post("/v1/heartbeat", beat(0), TestService::bearer(live["token"])).status == 200);

    const std::string url = "'http://operator:" + std::string(kOperatorKey) + "@127.0.0.1:" +
                            std::to_string(svc.port()) + "/fleet'";
    auto [code, dom] = chromium("--dump-dom " + url);
    REQUIRE(code == 0);
    CAPTURE(dom.substr(0, 2000));
    REQUIRE(dom.find("Touchpoint fleet") != std::string::npos);
    const std::string quiet_id = quiet["terminal_id"], live_id = live["terminal_id"];
    CHECK(dom.find("<tr class=\"silent\" data-terminal=\"" + quiet_id + "\">") != std::string::npos);
    CHECK(dom.find("<tr class=\"live\" data-terminal=\"" + live_id + "\">") != std::string::npos);
    CHECK(dom.find("SILENT for 12 min") != std::string::npos);
    CHECK(dom.find("2 terminals, 1 silent") != std::string::npos);
    // The name arrived as text, not markup: the DOM serializes it escaped again.
    CHECK(dom.find("Tablet &lt;T1&gt; &amp; \"Müller\"") != std::string::npos);
    CHECK(dom.find("<T1>") == std::string::npos);

    // Without the key the browser gets no page.
    auto [denied_code, denied] = chromium("--dump-dom 'http://127.0.0.1:" +
                                          std::to_string(svc.port()) + "/fleet'");
    CHECK(denied.find("Touchpoint fleet") == std::string::npos);
    CHECK(denied.find("data-terminal") == std::string::npos);

    const std::string png = std::string(TOUCHPOINT_BINARY_DIR) + "/fleet-page.png";
    std::filesystem::remove(png);
    auto [shot_code, shot_out] =
        chromium("--screenshot='" + png + "' --window-size=1500,520 --hide-scrollbars " + url);
    CHECK(shot_code == 0);
    std::ifstream file(png, std::ios::binary);
    REQUIRE(file.good());
    char signature[8] = {};
    file.read(signature, 8);
    CHECK(std::string(signature, 8) == "\x89PNG\r\n\x1a\n");
    CHECK(std::filesystem::file_size(png) > 10'000);
    MESSAGE("the fleet page as rendered: " << png);
}
