#include "window_rig.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "touchpoint/platform/image.hpp"

extern char** environ;

namespace tp::test {
namespace {

using namespace std::chrono;
using nlohmann::json;

// Starts `args` with `env` added to this process's environment, stdout and stderr to `log`.
// A `pass_fd` >= 0 becomes the child's descriptor 3.
pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env,
            const std::string& log, int pass_fd = -1) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<std::string> env_text;
    for (char** e = environ; *e; ++e) env_text.emplace_back(*e);
    for (const auto& e : env) env_text.push_back(e);
    std::vector<char*> envp;
    for (auto& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                     0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (pass_fd >= 0) posix_spawn_file_actions_adddup2(&actions, pass_fd, 3);
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

int wait_exit(pid_t pid) {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void stop(pid_t& pid) {
    if (pid <= 0) return;
    kill(pid, SIGTERM);
    for (int i = 0; i < 50; ++i) {
        if (waitpid(pid, nullptr, WNOHANG) == pid) {
            pid = -1;
            return;
        }
        std::this_thread::sleep_for(milliseconds(100));
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    pid = -1;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// XWD (X Window Dump) of a 24/32-bit TrueColor ZPixmap screen, as xwd writes it, to RGBA.
std::optional<platform::Image> read_xwd(const std::string& path) {
    const std::string bytes = read_file(path);
    auto u32 = [&](std::size_t at) {
        const auto* p = reinterpret_cast<const unsigned char*>(bytes.data()) + at;
        return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) |
               (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
    };
    if (bytes.size() < 100) return std::nullopt;
    const std::uint32_t header = u32(0), width = u32(16), height = u32(20);
    const std::uint32_t byte_order = u32(28), bpp = u32(44), line = u32(48);
    const std::uint32_t ncolors = u32(76);
    const std::size_t data = header + std::size_t(ncolors) * 12;
    if (bpp != 32 || bytes.size() < data + std::size_t(line) * height) return std::nullopt;
    platform::Image image;
    image.width = static_cast<int>(width);
    image.height = static_cast<int>(height);
    image.rgba.resize(std::size_t(width) * height * 4);
    for (std::uint32_t y = 0; y < height; ++y) {
        for (std::uint32_t x = 0; x < width; ++x) {
            const auto* p =
                reinterpret_cast<const unsigned char*>(bytes.data()) + data + y * line + x * 4;
            // LSBFirst (0): B G R X in memory; MSBFirst: X R G B.
            const unsigned char r = byte_order == 0 ? p[2] : p[1];
            const unsigned char g = byte_order == 0 ? p[1] : p[2];
            const unsigned char b = byte_order == 0 ? p[0] : p[3];
            auto* o = &image.rgba[(std::size_t(y) * width + x) * 4];
            o[0] = r;
            o[1] = g;
            o[2] = b;
            o[3] = 255;
        }
    }
    return image;
}

}  // namespace

std::string shots_dir() {
    if (const char* dir = std::getenv("TOUCHPOINT_WINDOW_SHOTS")) return dir;
    return (std::filesystem::current_path() / "out" / "window").string();
}

WindowRig::WindowRig(WindowOptions options)
    : options_(std::move(options)),
      service_(40, [this](auto& config) {
          config.clock = [this] {
              return std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count() +
                     service_ahead_.load();
          };
      }) {
    db_ = dir_.file("kiosk.db");
    probe_path_ = dir_.file("probe.json");
    start_display();
    const std::string url = "http://127.0.0.1:" + std::to_string(service_.port());
    REQUIRE(run({TOUCHPOINT_BINARY, "enroll", "--service", url, "--code",
                 options_.enrollment_code, "--name", "Window test", "--db", db_}) == 0);
    REQUIRE(run({TOUCHPOINT_BINARY, "sync", "--db", db_}) == 0);
    start_kiosk();
}

WindowRig::~WindowRig() {
    stop(kiosk_);
    stop(xvfb_);
}

int WindowRig::run(const std::vector<std::string>& args) {
    const pid_t pid = spawn(args, {"DISPLAY=" + display_}, dir_.file("commands.log"));
    REQUIRE(pid > 0);
    return wait_exit(pid);
}

int WindowRig::xdotool(const std::vector<std::string>& args) {
    std::vector<std::string> all{"xdotool"};
    all.insert(all.end(), args.begin(), args.end());
    return run(all);
}

// Xvfb chooses a free display itself and writes its number to -displayfd only once it
// accepts connections, so nothing here races another server or a starting one. -noreset: by
// default the server resets when its last client leaves, and a kiosk connecting during the reset
// that follows an `xdotool search` finds no display.
void WindowRig::start_display() {
    int ready[2];
    REQUIRE(pipe2(ready, O_CLOEXEC) == 0);
    const std::string screen =
        std::to_string(options_.width) + "x" + std::to_string(options_.height) + "x24";
    xvfb_ = spawn({"Xvfb", "-displayfd", "3", "-noreset", "-screen", "0", screen, "-nolisten", "tcp"}, {},
                  dir_.file("xvfb.log"), ready[1]);
    close(ready[1]);
    REQUIRE(xvfb_ > 0);
    std::string number;
    pollfd wait{ready[0], POLLIN, 0};
    const auto deadline = steady_clock::now() + seconds(60);
    char c = 0;
    while (steady_clock::now() < deadline && poll(&wait, 1, 1000) >= 0) {
        if (!(wait.revents & (POLLIN | POLLHUP))) continue;
        if (read(ready[0], &c, 1) != 1 || c == '\n') break;
        number.push_back(c);
    }
    close(ready[0]);
    INFO(read_file(dir_.file("xvfb.log")));
    REQUIRE_FALSE(number.empty());
    display_ = ":" + number;
}

void WindowRig::start_kiosk() {
    std::vector<std::string> args{TOUCHPOINT_BINARY, "--db", db_, "--probe", probe_path_,
                                  "--language", options_.language,
                                  "--width", std::to_string(options_.width),
                                  "--height", std::to_string(options_.height)};
    if (options_.scale != 1.0f) {
        args.push_back("--text-scale");
        args.push_back(std::to_string(options_.scale));
    }
    args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
    kiosk_ = spawn(args, {"DISPLAY=" + display_, "SDL_VIDEODRIVER=x11"}, dir_.file("kiosk.log"));
    REQUIRE(kiosk_ > 0);
    const std::string found = dir_.file("window-id");
    for (int i = 0; i < 200 && window_id_.empty(); ++i) {
        std::this_thread::sleep_for(milliseconds(100));
        const pid_t pid = spawn({"xdotool", "search", "--onlyvisible", "--name", "Touchpoint"},
                                {"DISPLAY=" + display_}, found);
        wait_exit(pid);
        std::istringstream ids(read_file(found));
        std::string id;
        if (ids >> id) window_id_ = id;
        std::filesystem::remove(found);
    }
    INFO(read_file(dir_.file("kiosk.log")));
    REQUIRE_FALSE(window_id_.empty());
    REQUIRE(wait_for([](const json& p) { return p.contains("screen"); }));
    // The pointer enters the window, as a hand reaching the screen does.
    REQUIRE(xdotool({"mousemove", "--window", window_id_, "2", "2"}) == 0);
    std::this_thread::sleep_for(milliseconds(200));
}

json WindowRig::probe() {
    json p = json::parse(read_file(probe_path_), nullptr, false);
    return p.is_discarded() ? json::object() : p;
}

bool WindowRig::wait_for(const std::function<bool(const json&)>& done, milliseconds limit) {
    const auto deadline = steady_clock::now() + limit;
    while (steady_clock::now() < deadline) {
        if (done(probe())) return true;
        if (waitpid(kiosk_, nullptr, WNOHANG) == kiosk_) {
            kiosk_ = -1;
            return false;
        }
        std::this_thread::sleep_for(milliseconds(50));
    }
    return done(probe());
}

bool WindowRig::wait_for_screen(const std::string& screen, milliseconds limit) {
    return wait_for([&](const json& p) { return p.value("screen", "") == screen; }, limit);
}

json WindowRig::widget(const std::string& id) {
    json found;
    wait_for([&](const json& p) {
        for (const auto& w : p.value("widgets", json::array()))
            if (w["id"] == id && w["enabled"] == true && w["visible"]["h"].get<double>() > 0) {
                found = w;
                return true;
            }
        return false;
    });
    if (found.is_null()) {
        std::string ids;
        for (const auto& w : probe().value("widgets", json::array()))
            ids += w["id"].get<std::string>() + " ";
        FAIL("no enabled widget " << id << " on screen " << probe().value("screen", "?")
                                  << "; widgets: " << ids);
    }
    return found;
}

bool WindowRig::shows(const std::string& text) {
    const json p = probe();
    for (const auto& t : p.value("texts", json::array()))
        if (t.get<std::string>().find(text) != std::string::npos) return true;
    for (const auto& w : p.value("widgets", json::array()))
        if (w["label"].get<std::string>().find(text) != std::string::npos) return true;
    return false;
}

void WindowRig::click(const std::string& id) {
    const json w = widget(id);
    const json& v = w["visible"];
    click_at(static_cast<int>(v["x"].get<double>() + v["w"].get<double>() / 2),
             static_cast<int>(v["y"].get<double>() + v["h"].get<double>() / 2));
}

void WindowRig::click_at(int x, int y) {
    // As a hand does: the pointer arrives, then presses (the kiosk draws the hover between).
    REQUIRE(xdotool({"mousemove", "--window", window_id_, std::to_string(x), std::to_string(y)}) ==
            0);
    std::this_thread::sleep_for(milliseconds(100));
    // Held for a moment as a finger is, so the press and the release never fall in one frame
    // of a busy kiosk (where the press would not be seen at all).
    REQUIRE(xdotool({"mousedown", "1"}) == 0);
    std::this_thread::sleep_for(milliseconds(80));
    REQUIRE(xdotool({"mouseup", "1"}) == 0);
    std::this_thread::sleep_for(milliseconds(150));  // the frames after the click are drawn
}

void WindowRig::drag(int x0, int y0, int x1, int y1, int steps) {
    REQUIRE(xdotool({"mousemove", "--window", window_id_, std::to_string(x0),
                     std::to_string(y0), "mousedown", "1"}) == 0);
    for (int i = 1; i <= steps; ++i) {
        std::this_thread::sleep_for(milliseconds(40));
        const int x = x0 + (x1 - x0) * i / steps;
        const int y = y0 + (y1 - y0) * i / steps;
        REQUIRE(xdotool({"mousemove", "--window", window_id_, std::to_string(x),
                         std::to_string(y)}) == 0);
    }
    std::this_thread::sleep_for(milliseconds(40));
    REQUIRE(xdotool({"mouseup", "1"}) == 0);
    std::this_thread::sleep_for(milliseconds(150));
}

void WindowRig::type(const std::string& text) {
    REQUIRE(xdotool({"type", "--window", window_id_, "--delay", "80", text}) == 0);
    std::this_thread::sleep_for(milliseconds(150));
}

void WindowRig::key(const std::string& name) {
    REQUIRE(xdotool({"key", "--window", window_id_, name}) == 0);
    std::this_thread::sleep_for(milliseconds(150));
}

std::string WindowRig::screenshot(const std::string& name) {
    const std::string xwd = dir_.file("shot.xwd");
    REQUIRE(run({"xwd", "-root", "-silent", "-display", display_, "-out", xwd}) == 0);
    auto image = read_xwd(xwd);
    REQUIRE(image.has_value());
    const std::string path = shots_dir() + "/" + name + ".png";
    REQUIRE(platform::write_png(*image, path).ok());
    return path;
}

std::string WindowRig::kiosk_log() const {
    return read_file(dir_.file("kiosk.log"));
}

double WindowRig::kiosk_cpu_seconds() const {
    // Fields 14 and 15: utime and stime in clock ticks (after the parenthesised command name).
    const std::string all = read_file("/proc/" + std::to_string(kiosk_) + "/stat");
    const auto close = all.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream rest(all.substr(close + 2));
    std::vector<std::string> fields;
    for (std::string field; rest >> field;) fields.push_back(field);
    if (fields.size() < 13) return 0;
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    return (std::stod(fields[11]) + std::stod(fields[12])) / ticks;
}

}  // namespace tp::test
