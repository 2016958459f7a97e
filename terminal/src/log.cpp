#include "touchpoint/log.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace tp::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::Info)};
std::mutex g_write;

// syslog priorities: debug 7, info 6, warning 4, err 3.
int syslog_priority(Level level) {
    switch (level) {
        case Level::Debug:
            return 7;
        case Level::Info:
            return 6;
        case Level::Warn:
            return 4;
        default:
            return 3;
    }
}

bool to_journal() {
    static const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
    return journal;
}

}  // namespace

std::optional<Level> level_from_string(std::string_view name) {
    if (name == "debug") return Level::Debug;
    if (name == "info") return Level::Info;
    if (name == "warn" || name == "warning") return Level::Warn;
    if (name == "error") return Level::Error;
    if (name == "off") return Level::Off;
    return std::nullopt;
}

const char* to_string(Level level) {
    switch (level) {
        case Level::Debug:
            return "debug";
        case Level::Info:
            return "info";
        case Level::Warn:
            return "warn";
        case Level::Error:
            return "error";
        case Level::Off:
            return "off";
    }
    return "info";
}

void set_level(Level level) {
    g_level.store(static_cast<int>(level));
}

Level level() {
    return static_cast<Level>(g_level.load());
}

bool enabled(Level level) {
    return level != Level::Off && static_cast<int>(level) >= g_level.load();
}

void write(Level level, std::string_view component, std::string_view message) {
    if (!enabled(level)) return;
    std::string line;
    if (to_journal()) line += "<" + std::to_string(syslog_priority(level)) + ">";
    line += to_string(level);
    line += ' ';
    line += component;
    line += ": ";
    line += message;
    line += '\n';
    std::lock_guard lock(g_write);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

bool take_log_level_flag(int& argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--log-level") != 0) continue;
        auto parsed = i + 1 < argc ? level_from_string(argv[i + 1]) : std::nullopt;
        if (!parsed) {
            std::fprintf(stderr, "--log-level takes debug, info, warn, error or off\n");
            return false;
        }
        set_level(*parsed);
        for (int j = i; j + 2 <= argc; ++j) argv[j] = argv[j + 2];
        argc -= 2;
        return true;
    }
    return true;
}

}  // namespace tp::log
