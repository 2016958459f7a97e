// Setting a kiosk up on its own screen (docs/kiosk.md, "Not set up"): a kiosk started with no
// service at all takes the service's address and the store's code typed on its keyboard; what
// goes wrong — an address that is not one, a code another terminal used — is said in words in
// the kiosk's language, with what was typed kept to correct. The token it is given is kept in
// files only its user can read, and never appears in the log, at debug level either.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "flow_rig.hpp"
#include "holding_server.hpp"
#include "touchpoint/log.hpp"
#include "touchpoint/sync/cli.hpp"
#include "touchpoint/platform/image.hpp"
#include "touchpoint/ui/screens/screens.hpp"
#include "touchpoint/ui/utf8.hpp"

using namespace tp;
using namespace tp::test;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Everything the process writes to stderr — where the log goes — while it is capturing.
class StderrCapture {
  public:
    explicit StderrCapture(std::string path) : path_(std::move(path)) {
        std::fflush(stderr);
        saved_ = ::dup(STDERR_FILENO);
        const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        REQUIRE(fd >= 0);
        ::dup2(fd, STDERR_FILENO);
        ::close(fd);
    }
    ~StderrCapture() { stop(); }
    StderrCapture(const StderrCapture&) = delete;
    StderrCapture& operator=(const StderrCapture&) = delete;
    // Ends the capture and returns what was written.
    std::string stop() {
        if (saved_ >= 0) {
            std::fflush(stderr);
            ::dup2(saved_, STDERR_FILENO);
            ::close(saved_);
            saved_ = -1;
        }
        return read_file(path_);
    }

  private:
    std::string path_;
    int saved_ = -1;
};

// The permission bits of `path`, or -1 when it does not exist.
int mode_of(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 07777) : -1;
}

std::string screen(FlowRig& rig) { return ui::scene_name(rig.app->drawn_screen()); }

const std::string& field(FlowRig& rig, const std::string& id) {
    static const std::string none;
    auto it = rig.app->state().fields.find(id);
    return it == rig.app->state().fields.end() ? none : it->second;
}

void clear_field(FlowRig& rig, const std::string& id) {
    rig.tap(id);
    for (std::size_t n = ui::decode_utf8(field(rig, id)).size(); n > 0; --n) rig.tap("kbd.backspace");
}

std::string service_url(FlowRig& rig) { return "http://127.0.0.1:" + std::to_string(rig.service.port()); }

// Where the rendered screens go: $TOUCHPOINT_FLOW_SHOTS, else out/flows under the working directory.
std::string shots_dir() {
    const char* dir = std::getenv("TOUCHPOINT_FLOW_SHOTS");
    return dir && *dir ? dir : "out/flows";
}

}  // namespace

TEST_CASE("a kiosk started with no service is set up on its screen; its token is 0600 and never logged") {
    const log::Level level = log::level();
    log::set_level(log::Level::Debug);
    FlowOptions options;
    options.enroll = false;
    options.configure_service = false;
    FlowRig rig(options);
    StderrCapture capture(rig.dir.file("kiosk.log"));
    REQUIRE(rig.wait_until([&] { return screen(rig) == "not-set-up"; }));
    CHECK(rig.snap().sync.service_url.empty());
    CHECK(rig.shows(rig.text("not_set_up.on_screen_address")));
    CHECK(rig.has_widget("not_set_up.address"));
    CHECK_FALSE(rig.has_widget("not_set_up.enroll"));  // disabled until both are typed

    // Not an address: said in words; what was typed stays.
    rig.tap("not_set_up.address");
    rig.type("cases example");
    CHECK_FALSE(rig.has_widget("not_set_up.enroll"));  // no code yet
    rig.tap("kbd.enter");  // on to the code
    CHECK(rig.app->state().focused_field == "not_set_up.code");
    rig.type("KIOSK-S1-09");
    rig.tap("not_set_up.enroll");
    REQUIRE(rig.wait_until([&] { return rig.snap().sync.enroll_failure == "not_set_up.bad_address"; }));
    rig.frame();
    CHECK(rig.shows(rig.text("not_set_up.bad_address")));
    CHECK(field(rig, "not_set_up.code") == "KIOSK-S1-09");
    CHECK(field(rig, "not_set_up.address") == "cases example");
    CHECK_FALSE(rig.snap().sync.enrolled);

    // The service's address, corrected on the keyboard: enrolled, synced, the start screen.
    clear_field(rig, "not_set_up.address");
    rig.type(service_url(rig));
    rig.tap("kbd.enter");
    rig.tap("not_set_up.enroll");
    REQUIRE_MESSAGE(rig.wait_until([&] { return rig.snap().sync.enrolled && rig.snap().sync.last_sync > 0; }),
                    "never synced: " << rig.snap().sync.last_error << " / " << rig.snap().sync.enroll_failure);
    REQUIRE(rig.wait_until([&] { return rig.has_widget("attract.start"); }));
    CHECK(screen(rig) == "attract");
    CHECK(rig.snap().sync.service_url == service_url(rig));
    CHECK(rig.core().identify("LOY01242486").ok());
    const std::string logged = capture.stop();
    log::set_level(level);

    // As `touchpoint enroll` leaves it: the service's address kept for the next start.
    const std::string db = rig.dir.file("kiosk.db");
    auto store = Store::open(db);
    REQUIRE(store.ok());
    CHECK((*store)->meta("service_url") == service_url(rig));
    const auto token = (*store)->token();
    REQUIRE(token.has_value());
    REQUIRE(token->size() >= 16);

    // Only the kiosk's user reads the files that hold the token and the data.
    CHECK(mode_of(db + ".token") == 0600);
    CHECK(mode_of(db) == 0600);
    for (const char* suffix : {"-wal", "-shm", ".verified"}) {
        CAPTURE(suffix);
        const int mode = mode_of(db + suffix);
        CHECK((mode == -1 || mode == 0600));
    }
    CHECK(read_file(db + ".token").find(*token) != std::string::npos);

    // The log said what happened, at debug level, and never the token or the code.
    CHECK(logged.find("enrolled as terminal " + rig.snap().sync.terminal_id) != std::string::npos);
    CHECK(logged.find(*token) == std::string::npos);
    CHECK(logged.find("KIOSK-S1-09") == std::string::npos);
}

TEST_CASE("frames go on while the service holds the enrollment, and closing the kiosk does not wait for it") {
    HoldingServer held;
    FlowOptions options;
    options.enroll = false;
    options.configure_service = false;
    FlowRig rig(options);
    rig.tap("not_set_up.address");
    rig.type(held.url());
    rig.tap("kbd.enter");
    rig.type("KIOSK-S1-09");
    rig.tap("not_set_up.enroll");
    REQUIRE(rig.wait_until([&] { return held.in_flight() == 1; }));
    // 30 frames while the enrollment is held: none waited for it.
    for (int i = 0; i < 30; ++i) rig.frame();
    CHECK(held.in_flight() == 1);
    CHECK(rig.snap().sync.enrolling);
    CHECK(rig.shows(rig.text("not_set_up.enrolling")));
    CHECK_FALSE(rig.has_widget("not_set_up.enroll"));  // one enrollment at a time
    // The held exchange is cancelled: the kiosk closes long before the service would answer.
    const auto closing = std::chrono::steady_clock::now();
    rig.app.reset();
    CHECK(std::chrono::steady_clock::now() - closing < std::chrono::seconds(10));
}

TEST_CASE("touchpoint enroll takes the same path: the code read in capitals, the token 0600 and not logged") {
    service::testing::TestService service(40);
    service::testing::TempDir dir;
    const std::string db = dir.file("cli.db");
    const log::Level level = log::level();
    log::set_level(log::Level::Debug);
    StderrCapture capture(dir.file("cli.log"));
    const std::string url = "http://127.0.0.1:" + std::to_string(service.port());
    const int rc = sync::run_cli({"enroll", "--service", url, "--code", " kiosk-s1-10 ", "--db", db});
    const std::string logged = capture.stop();
    log::set_level(level);
    REQUIRE(rc == sync::kExitOk);
    auto store = Store::open(db);
    REQUIRE(store.ok());
    CHECK((*store)->meta("service_url") == url);
    const auto token = (*store)->token();
    REQUIRE(token.has_value());
    CHECK(mode_of(db + ".token") == 0600);
    CHECK(mode_of(db) == 0600);
    CHECK(logged.find("enrolled as terminal") != std::string::npos);
    CHECK(logged.find(*token) == std::string::npos);
    CHECK(logged.find("S1-10") == std::string::npos);
    CHECK(logged.find("s1-10") == std::string::npos);
}

TEST_CASE("a code another terminal used is refused in words, in every language, and stays to correct") {
    for (const std::string lang : {"en", "de", "fr", "es"}) {
        CAPTURE(lang);
        FlowOptions options;
        options.enroll = false;
        options.language = lang;
        FlowRig rig(options);
        {  // another terminal took the store's code first
            auto other = Store::open(rig.dir.file("other.db"));
            REQUIRE(other.ok());
            auto transport = sync::make_curl_transport(service_url(rig));
            StatusBoard board;
            sync::SyncEngine engine(**other, *transport, rig.clock, board);
            REQUIRE(engine.enroll("KIOSK-S1-09", "the other kiosk").ok());
        }
        rig.tap("not_set_up.code");
        rig.type("KIOSK-S1-09");
        rig.tap("not_set_up.enroll");
        REQUIRE(rig.wait_until([&] { return rig.snap().sync.enroll_failure == "not_set_up.code_used"; }));
        rig.frame();
        const std::string sentence = rig.text("not_set_up.code_used");
        CHECK(sentence != "not_set_up.code_used");
        CHECK(rig.shows(sentence));
        CHECK_FALSE(rig.shows("code_used"));
        CHECK_FALSE(rig.snap().sync.enrolled);
        CHECK(screen(rig) == "not-set-up");
        // The code is still there, and editable.
        rig.tap("not_set_up.code");
        rig.type("0");
        CHECK(field(rig, "not_set_up.code") == "KIOSK-S1-090");
    }
}

TEST_CASE("the enrollment screen, rendered: a wrong code refused, in English and German, at text scale 1 and 1.5") {
    for (const std::string lang : {"en", "de"}) {
        for (float scale : {1.0f, 1.5f}) {
            CAPTURE(lang);
            CAPTURE(scale);
            FlowOptions options;
            options.enroll = false;
            options.configure_service = false;
            options.language = lang;
            options.text_scale = scale;
            FlowRig rig(options);
            rig.tap("not_set_up.address");
            rig.type(service_url(rig));
            rig.tap("kbd.enter");  // on to the code
            rig.type("WRONG-CODE-1");
            rig.tap("not_set_up.enroll");
            REQUIRE(rig.wait_until([&] { return rig.snap().sync.enroll_failure == "not_set_up.code_refused"; }));
            rig.frame();
            CHECK(rig.shows(rig.text("not_set_up.code_refused")));
            CHECK(rig.has_widget("not_set_up.enroll"));
            const std::string name = "enroll-" + lang + (scale > 1.0f ? "-scale-1.5" : "");
            auto image = rig.host->frame_and_capture([&] { rig.app->draw_frame(); });
            REQUIRE(image.ok());
            REQUIRE(platform::write_png(*image, std::filesystem::path(shots_dir()) / (name + ".png")).ok());
            // The code field tapped again to correct it: the keyboard is up, the field and the
            // button in view above it.
            rig.tap("not_set_up.code");
            CHECK(rig.has_widget("not_set_up.enroll"));
            auto typing = rig.host->frame_and_capture([&] { rig.app->draw_frame(); });
            REQUIRE(typing.ok());
            REQUIRE(platform::write_png(*typing, std::filesystem::path(shots_dir()) / (name + "-typing.png")).ok());
        }
    }
}
