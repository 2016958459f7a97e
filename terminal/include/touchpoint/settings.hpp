#pragma once
// A program's settings: each one a key of its TOML configuration file and a command-line flag of
// the same name (key `idle_timeout` is flag `--idle-timeout`). Flags win over the file, the file
// over the defaults the targets hold. The whole file is checked even where a flag overrides it:
// a value of the wrong type or out of range, a choice not offered, an unknown key or a file that
// is not TOML stops the program with a message naming the key, where it came from and the form
// expected; nothing is guessed.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tp::settings {

// The version every Touchpoint program reports (the project's version).
const char* version();

class Settings {
public:
    // `default_file`: the configuration file read when --config is not given, if it exists
    // (empty: none). A --config FILE that does not exist is an error.
    Settings(std::string program, std::string description, std::string default_file);
    ~Settings();
    Settings(const Settings&) = delete;
    Settings& operator=(const Settings&) = delete;

    // Each registration: `target` holds the default and receives the value; `help` ends with
    // the form expected, which error messages repeat.
    Settings& text(const std::string& key, std::string& target, const std::string& help);
    // A text that must not be empty (a file, an address).
    Settings& filled_text(const std::string& key, std::string& target, const std::string& help);
    Settings& choice(const std::string& key, std::string& target, std::vector<std::string> choices,
                     const std::string& help);
    Settings& whole(const std::string& key, long long& target, long long min, long long max,
                    const std::string& help);
    Settings& number(const std::string& key, double& target, double min, double max,
                     const std::string& help);
    Settings& flag(const std::string& key, bool& target, const std::string& help);
    // A repeatable flag; in the file, an array of strings.
    Settings& texts(const std::string& key, std::vector<std::string>& target, const std::string& help);

    // A rule across settings, run after every value is in (and before --check-config answers):
    // an empty text when it holds, else what is wrong, naming the keys.
    Settings& check(std::function<std::string()> rule);

    // The command line itself, for flags that are not configuration (e.g. an output file).
    CLI::App& app();

    // Parses argv, then the configuration file. nullopt: go on; otherwise the exit status to
    // leave with (0 after --help or --version, 2 after a bad flag, file or value; the message
    // is printed).
    std::optional<int> parse(int argc, char** argv);
    // Reads only the configuration file: `explicit_file`, else the default one when it exists.
    // For programs whose flags are parsed elsewhere; same results as parse().
    std::optional<int> load_file(const std::string& explicit_file);
    // The configuration file that was read, empty when none.
    const std::string& file() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tp::settings
