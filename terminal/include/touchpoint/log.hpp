#pragma once
// Process-wide logging to stderr, one line per event: "<level> <component>: <message>". When
// stderr is a journald stream (JOURNAL_STREAM is set), each line starts with the syslog priority
// prefix ("<3>") so journald records the level. Thread-safe. Messages never carry customer data,
// tokens or PINs: log ids and outcomes, not contents.

#include <optional>
#include <string>
#include <string_view>

namespace tp::log {

enum class Level { Debug, Info, Warn, Error, Off };

// "debug", "info", "warn", "error", "off"; nullopt for anything else.
std::optional<Level> level_from_string(std::string_view name);
const char* to_string(Level level);

// Messages below `level` are dropped. The default is Info.
void set_level(Level level);
Level level();
bool enabled(Level level);

void write(Level level, std::string_view component, std::string_view message);

inline void debug(std::string_view component, std::string_view message) {
    if (enabled(Level::Debug)) write(Level::Debug, component, message);
}
inline void info(std::string_view component, std::string_view message) {
    if (enabled(Level::Info)) write(Level::Info, component, message);
}
inline void warn(std::string_view component, std::string_view message) {
    if (enabled(Level::Warn)) write(Level::Warn, component, message);
}
inline void error(std::string_view component, std::string_view message) {
    if (enabled(Level::Error)) write(Level::Error, component, message);
}

// Reads "--log-level LEVEL" from argv (removing both words); returns false with a message on
// stderr when LEVEL is not a level. Leaves the level alone when the flag is absent.
bool take_log_level_flag(int& argc, char** argv);

}  // namespace tp::log
