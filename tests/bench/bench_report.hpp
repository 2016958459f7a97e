#pragma once
// What every benchmark program shares (packaging/bench.sh, docs/performance.md): timing, sample
// percentiles, number formatting and the one line each figure prints:
//   P1 apply 752,085 feed rows: 9.8 s vs raw insert 8.7 s = ratio 1.13 (target <= 2.0): met
// bench.sh keeps the lines that start with "P<n> " and records them in docs/performance.md.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <time.h>

namespace tp::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Seconds one call of `fn` takes.
template <class Fn> double time_once(Fn&& fn) {
    const auto start = Clock::now();
    fn();
    return seconds_since(start);
}

// Measurements in seconds; percentiles by nearest rank.
class Samples {
  public:
    void add(double seconds) { values_.push_back(seconds); }
    std::size_t size() const { return values_.size(); }
    bool empty() const { return values_.empty(); }
    double percentile(double p) const {
        if (values_.empty()) return 0;
        std::vector<double> sorted = values_;
        std::sort(sorted.begin(), sorted.end());
        const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
        const std::size_t i = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
        return sorted[std::min(i, sorted.size() - 1)];
    }
    double median() const { return percentile(50); }
    double p99() const { return percentile(99); }
    double max() const { return values_.empty() ? 0 : *std::max_element(values_.begin(), values_.end()); }

  private:
    std::vector<double> values_;
};

// 752085 -> "752,085".
inline std::string count(long long n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

// A number with `digits` significant decimals at most: 1.1349 -> "1.13", 12.0 -> "12".
inline std::string number(double v, int decimals = 2) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    return s;
}

// Seconds in the unit that reads best: "9.8 s", "430 ms", "0.43 ms", "12 µs".
inline std::string duration(double seconds) {
    if (seconds >= 10) return number(seconds, 1) + " s";
    if (seconds >= 1) return number(seconds, 2) + " s";
    if (seconds >= 0.01) return number(seconds * 1e3, 0) + " ms";
    if (seconds >= 0.0001) return number(seconds * 1e3, 2) + " ms";
    return number(seconds * 1e6, 1) + " µs";
}

inline std::string megabytes(double bytes) { return number(bytes / (1024.0 * 1024.0), 1) + " MB"; }

// CPU seconds the calling thread has used so far.
inline double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// User and system CPU seconds the whole process has used so far.
inline double process_cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

// The process's peak resident set (VmHWM), in bytes; 0 when /proc cannot tell.
inline double peak_rss_bytes() {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    double kb = 0;
    while (std::fgets(line, sizeof line, f))
        if (std::strncmp(line, "VmHWM:", 6) == 0) kb = std::atof(line + 6);
    std::fclose(f);
    return kb * 1024.0;
}

// Prints one figure: "<id> <text>: met" or "<id> <text>: missed". Returns `met`.
inline bool figure(const std::string& id, const std::string& text, bool met) {
    std::cout << id << ' ' << text << ": " << (met ? "met" : "missed") << std::endl;
    return met;
}

// "ratio 1.13 (target <= 2.0)" — the usual tail of a figure that is a ratio to a limit.
inline std::string ratio_text(double ratio, const std::string& target) {
    return "ratio " + number(ratio) + " (target " + target + ")";
}

// The options every benchmark program takes: --quick (reduced sizes, for bench.sh --quick),
// --dir DIR (scratch files; made, and removed at the end unless --keep), --only P<n> (that
// figure's measurement only; repeatable).
struct Options {
    bool quick = false;
    bool keep = false;
    std::filesystem::path dir;
    std::vector<std::string> only;
    bool wants(const std::string& id) const {
        return only.empty() || std::find(only.begin(), only.end(), id) != only.end();
    }
};

inline Options parse_options(int argc, char** argv, const char* name) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--quick") o.quick = true;
        else if (a == "--keep") o.keep = true;
        else if (a == "--dir" && i + 1 < argc) o.dir = argv[++i];
        else if (a == "--only" && i + 1 < argc) o.only.push_back(argv[++i]);
        else {
            std::cerr << "usage: " << name << " [--quick] [--keep] [--dir DIR] [--only P<n>]...\n";
            std::exit(2);
        }
    }
    if (o.dir.empty()) o.dir = std::filesystem::temp_directory_path() / (std::string(name) + "-scratch");
    std::filesystem::remove_all(o.dir);
    std::filesystem::create_directories(o.dir);
    return o;
}

}  // namespace tp::bench
