#include "touchpoint/settings.hpp"

#include <CLI/CLI.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#ifndef TOUCHPOINT_VERSION
#error "TOUCHPOINT_VERSION must be defined by the build"
#endif

namespace tp::settings {

const char* version() { return TOUCHPOINT_VERSION; }

namespace {

enum class Kind { Text, FilledText, Choice, Whole, Number, Flag, Texts };

struct Entry {
    std::string key;
    Kind kind = Kind::Text;
    void* target = nullptr;
    long long min_whole = 0, max_whole = 0;
    double min_number = 0, max_number = 0;
    std::vector<std::string> choices;
    CLI::Option* option = nullptr;
    std::string raw;                   // the flag's value as typed
    std::vector<std::string> raw_list;  // a repeatable flag's values
    bool raw_flag = false;
};

std::string flag_name(const std::string& key) {
    std::string out = "--" + key;
    std::replace(out.begin(), out.end(), '_', '-');
    return out;
}

std::string number_text(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

// What a value of this setting looks like, as error messages say it.
std::string form(const Entry& e) {
    switch (e.kind) {
        case Kind::Text: return "a text";
        case Kind::FilledText: return "a text that is not empty";
        case Kind::Choice: {
            std::string out = "one of ";
            for (std::size_t i = 0; i < e.choices.size(); ++i)
                out += (i ? ", " : "") + e.choices[i];
            return out;
        }
        case Kind::Whole:
            return "a whole number from " + std::to_string(e.min_whole) + " to " +
                   std::to_string(e.max_whole);
        case Kind::Number:
            return "a number from " + number_text(e.min_number) + " to " + number_text(e.max_number);
        case Kind::Flag: return "true or false";
        case Kind::Texts: return "an array of texts";
    }
    return "";
}

bool in_choices(const Entry& e, const std::string& v) {
    return std::find(e.choices.begin(), e.choices.end(), v) != e.choices.end();
}

// Parses a flag's text into the target; false when it is not of the setting's form.
bool take_text(const Entry& e, const std::string& v) {
    switch (e.kind) {
        case Kind::Text:
        case Kind::FilledText:
            if (e.kind == Kind::FilledText && v.empty()) return false;
            *static_cast<std::string*>(e.target) = v;
            return true;
        case Kind::Choice:
            if (!in_choices(e, v)) return false;
            *static_cast<std::string*>(e.target) = v;
            return true;
        case Kind::Whole: {
            long long n = 0;
            const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (ec != std::errc() || end != v.data() + v.size() || n < e.min_whole || n > e.max_whole)
                return false;
            *static_cast<long long*>(e.target) = n;
            return true;
        }
        case Kind::Number: {
            double n = 0;
            const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (ec != std::errc() || end != v.data() + v.size() || !(n >= e.min_number && n <= e.max_number))
                return false;
            *static_cast<double*>(e.target) = n;
            return true;
        }
        case Kind::Flag:
        case Kind::Texts:
            return false;
    }
    return false;
}

// Checks one value of the file and, when `apply`, stores it.
bool take_node(const Entry& e, const toml::node& node, bool apply) {
    switch (e.kind) {
        case Kind::Text:
        case Kind::FilledText:
        case Kind::Choice: {
            const auto* s = node.as_string();
            if (!s || (e.kind == Kind::Choice && !in_choices(e, s->get()))) return false;
            if (e.kind == Kind::FilledText && s->get().empty()) return false;
            if (apply) *static_cast<std::string*>(e.target) = s->get();
            return true;
        }
        case Kind::Whole: {
            const auto* n = node.as_integer();
            if (!n || n->get() < e.min_whole || n->get() > e.max_whole) return false;
            if (apply) *static_cast<long long*>(e.target) = n->get();
            return true;
        }
        case Kind::Number: {
            double v = 0;
            if (const auto* f = node.as_floating_point()) v = f->get();
            else if (const auto* i = node.as_integer()) v = static_cast<double>(i->get());
            else return false;
            if (!(v >= e.min_number && v <= e.max_number)) return false;
            if (apply) *static_cast<double*>(e.target) = v;
            return true;
        }
        case Kind::Flag: {
            const auto* b = node.as_boolean();
            if (!b) return false;
            if (apply) *static_cast<bool*>(e.target) = b->get();
            return true;
        }
        case Kind::Texts: {
            const auto* a = node.as_array();
            if (!a) return false;
            std::vector<std::string> out;
            for (const auto& item : *a) {
                const auto* s = item.as_string();
                if (!s) return false;
                out.push_back(s->get());
            }
            if (apply) *static_cast<std::vector<std::string>*>(e.target) = std::move(out);
            return true;
        }
    }
    return false;
}

}  // namespace

struct Settings::Impl {
    std::string program;
    std::string default_file;
    std::string config_flag;
    bool check_only = false;
    std::string file;
    CLI::App app;
    std::vector<std::unique_ptr<Entry>> entries;
    std::vector<std::function<std::string()>> rules;

    Impl(std::string name, const std::string& description, std::string fallback)
        : program(std::move(name)), default_file(std::move(fallback)), app(description, program) {}

    int error(const std::string& message) {
        std::cerr << program << ": " << message << "\nTry " << program << " --help.\n";
        return 2;
    }

    Entry& add(const std::string& key, Kind kind, void* target, const std::string& help) {
        auto e = std::make_unique<Entry>();
        e->key = key;
        e->kind = kind;
        e->target = target;
        const std::string flag = flag_name(key);
        if (kind == Kind::Flag) {
            e->option = app.add_flag(flag + ",!" + "--no-" + flag.substr(2), e->raw_flag, help);
        } else if (kind == Kind::Texts) {
            e->option = app.add_option(flag, e->raw_list, help)->allow_extra_args(false);
        } else {
            e->option = app.add_option(flag, e->raw, help);
        }
        entries.push_back(std::move(e));
        return *entries.back();
    }

    // --help shows each value's form and the default the target holds.
    static void describe(Entry& e) {
        switch (e.kind) {
            case Kind::Text:
            case Kind::FilledText: {
                const auto& value = *static_cast<std::string*>(e.target);
                e.option->type_name("TEXT");
                if (!value.empty()) e.option->default_str(value);
                break;
            }
            case Kind::Choice:
                e.option->type_name("{" + CLI::detail::join(e.choices, ",") + "}");
                e.option->default_str(*static_cast<std::string*>(e.target));
                break;
            case Kind::Whole:
                e.option->type_name("N:" + std::to_string(e.min_whole) + ".." + std::to_string(e.max_whole));
                e.option->default_str(std::to_string(*static_cast<long long*>(e.target)));
                break;
            case Kind::Number:
                e.option->type_name("X:" + number_text(e.min_number) + ".." + number_text(e.max_number));
                e.option->default_str(number_text(*static_cast<double*>(e.target)));
                break;
            case Kind::Flag:
            case Kind::Texts:
                break;
        }
    }

    std::optional<int> read_file(const std::string& path) {
        toml::table table;
        try {
            table = toml::parse_file(path);
        } catch (const toml::parse_error& err) {
            return error(path + ":" + std::to_string(err.source().begin.line) +
                         ": not a valid TOML file (" + std::string(err.description()) + ")");
        }
        for (auto&& [name, node] : table) {
            const std::string key(name.str());
            const auto line = std::to_string(node.source().begin.line);
            auto it = std::find_if(entries.begin(), entries.end(),
                                   [&](const auto& e) { return e->key == key; });
            if (it == entries.end()) return error(path + ":" + line + ": unknown key " + key);
            const Entry& e = **it;
            const bool overridden = e.option->count() > 0;
            if (!take_node(e, node, !overridden))
                return error(path + ":" + line + ": " + key + " must be " + form(e));
        }
        return std::nullopt;
    }

    std::optional<int> apply_flags() {
        for (const auto& entry : entries) {
            const Entry& e = *entry;
            if (e.option->count() == 0) continue;
            if (e.kind == Kind::Flag) {
                *static_cast<bool*>(e.target) = e.raw_flag;
            } else if (e.kind == Kind::Texts) {
                *static_cast<std::vector<std::string>*>(e.target) = e.raw_list;
            } else if (!take_text(e, e.raw)) {
                return error(flag_name(e.key) + " must be " + form(e) + ", not \"" + e.raw + "\"");
            }
        }
        return std::nullopt;
    }
};

Settings::Settings(std::string program, std::string description, std::string default_file)
    : impl_(std::make_unique<Impl>(std::move(program), description, std::move(default_file))) {
    impl_->app.set_version_flag("--version", impl_->program + " " + version(),
                                "print the version and exit");
    std::string help = "the configuration file (TOML; every flag below is also a key, with _ for -)";
    if (!impl_->default_file.empty()) help += "; default " + impl_->default_file + " when it exists";
    impl_->app.add_option("--config", impl_->config_flag, help)->check([](const std::string& v) {
        return v.empty() ? std::string("--config needs a file name") : std::string();
    });
    impl_->app.add_flag("--check-config", impl_->check_only,
                        "check the configuration file and flags, print the file read, and exit");
}

Settings::~Settings() = default;

Settings& Settings::text(const std::string& key, std::string& target, const std::string& help) {
    impl_->add(key, Kind::Text, &target, help);
    return *this;
}

Settings& Settings::filled_text(const std::string& key, std::string& target, const std::string& help) {
    impl_->add(key, Kind::FilledText, &target, help);
    return *this;
}

Settings& Settings::check(std::function<std::string()> rule) {
    impl_->rules.push_back(std::move(rule));
    return *this;
}

Settings& Settings::choice(const std::string& key, std::string& target,
                           std::vector<std::string> choices, const std::string& help) {
    impl_->add(key, Kind::Choice, &target, help).choices = std::move(choices);
    return *this;
}

Settings& Settings::whole(const std::string& key, long long& target, long long min, long long max,
                          const std::string& help) {
    auto& e = impl_->add(key, Kind::Whole, &target, help);
    e.min_whole = min;
    e.max_whole = max;
    return *this;
}

Settings& Settings::number(const std::string& key, double& target, double min, double max,
                           const std::string& help) {
    auto& e = impl_->add(key, Kind::Number, &target, help);
    e.min_number = min;
    e.max_number = max;
    return *this;
}

Settings& Settings::flag(const std::string& key, bool& target, const std::string& help) {
    impl_->add(key, Kind::Flag, &target, help);
    return *this;
}

Settings& Settings::texts(const std::string& key, std::vector<std::string>& target,
                          const std::string& help) {
    impl_->add(key, Kind::Texts, &target, help);
    return *this;
}

CLI::App& Settings::app() { return impl_->app; }

const std::string& Settings::file() const { return impl_->file; }

std::optional<int> Settings::parse(int argc, char** argv) {
    for (auto& e : impl_->entries) Impl::describe(*e);
    try {
        impl_->app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = impl_->app.exit(e);
        return code == 0 ? 0 : 2;
    }
    if (auto rc = load_file(impl_->config_flag)) return rc;
    if (auto rc = impl_->apply_flags()) return rc;
    for (const auto& rule : impl_->rules)
        if (const auto problem = rule(); !problem.empty()) return impl_->error(problem);
    if (!impl_->check_only) return std::nullopt;
    std::cout << impl_->program << ": configuration OK ("
              << (impl_->file.empty() ? "no file, defaults and flags" : impl_->file) << ")\n";
    return 0;
}

std::optional<int> Settings::load_file(const std::string& explicit_file) {
    std::error_code ec;
    if (!explicit_file.empty()) {
        if (!std::filesystem::is_regular_file(explicit_file, ec))
            return impl_->error("there is no configuration file " + explicit_file);
        impl_->file = explicit_file;
    } else if (!impl_->default_file.empty()) {
        const auto status = std::filesystem::status(impl_->default_file, ec);
        if (ec && ec != std::errc::no_such_file_or_directory)
            return impl_->error("cannot read the configuration file " + impl_->default_file + " (" +
                                ec.message() + ")");
        if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
            return impl_->error(impl_->default_file + " is not a file");
        if (std::filesystem::is_regular_file(status)) impl_->file = impl_->default_file;
    }
    if (impl_->file.empty()) return std::nullopt;
    return impl_->read_file(impl_->file);
}

}  // namespace tp::settings
