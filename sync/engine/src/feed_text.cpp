#include "touchpoint/sync/feed_text.hpp"

#include <cstring>

namespace tp::sync {
namespace {

// A cursor over valid JSON text: it only finds where values begin and end.
class Scanner {
  public:
    explicit Scanner(std::string_view text) : s_(text) {}

    bool at_end() { return skip_space(), i_ >= s_.size(); }

    bool take(char c) {
        skip_space();
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }

    // The raw text of a string literal, quotes excluded (escapes left as they are).
    std::optional<std::string_view> string_literal() {
        skip_space();
        if (i_ >= s_.size() || s_[i_] != '"') return std::nullopt;
        const std::size_t start = ++i_;
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (c == '\\') {
                i_ += 2;
            } else if (c == '"') {
                return s_.substr(start, i_++ - start);
            } else {
                ++i_;
            }
        }
        return std::nullopt;
    }

    // Skips one value of any kind; its text.
    std::optional<std::string_view> value() {
        skip_space();
        const std::size_t start = i_;
        if (i_ >= s_.size()) return std::nullopt;
        const char c = s_[i_];
        if (c == '"') {
            if (!string_literal()) return std::nullopt;
        } else if (c == '{' || c == '[') {
            int depth = 0;
            while (i_ < s_.size()) {
                const char d = s_[i_];
                if (d == '"') {
                    if (!string_literal()) return std::nullopt;
                    continue;
                }
                ++i_;
                if (d == '{' || d == '[') {
                    ++depth;
                } else if (d == '}' || d == ']') {
                    if (--depth == 0) break;
                }
            }
            if (depth != 0) return std::nullopt;
        } else {
            while (i_ < s_.size() && !std::strchr(",]} \t\r\n", s_[i_])) ++i_;
            if (i_ == start) return std::nullopt;
        }
        return s_.substr(start, i_ - start);
    }

  private:
    void skip_space() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r' || s_[i_] == '\n'))
            ++i_;
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

// Calls `member(key, scanner)` for each member of the object at the scanner; `member` consumes
// the member's value. False when the text is not an object or a key has an escape.
template <class Member>
bool each_member(Scanner& sc, Member&& member) {
    if (!sc.take('{')) return false;
    if (sc.take('}')) return true;
    do {
        // A key written with escapes may name "data" in other letters: not read here.
        auto key = sc.string_literal();
        if (!key || key->find('\\') != std::string_view::npos || !sc.take(':') ||
            !member(*key, sc))
            return false;
    } while (sc.take(','));
    return sc.take('}');
}

}  // namespace

std::optional<std::vector<std::string_view>> change_data_texts(std::string_view body) {
    Scanner sc(body);
    std::optional<std::vector<std::string_view>> found;
    const bool ok = each_member(sc, [&](std::string_view key, Scanner& s) {
        if (key != "changes") return s.value().has_value();
        std::vector<std::string_view> texts;
        if (!s.take('[')) return false;
        if (!s.take(']')) {
            do {
                std::string_view data;
                if (!each_member(s, [&](std::string_view k, Scanner& m) {
                        auto v = m.value();
                        if (!v) return false;
                        if (k == "data") data = *v;
                        return true;
                    }))
                    return false;
                texts.push_back(data);
            } while (s.take(','));
            if (!s.take(']')) return false;
        }
        found = std::move(texts);
        return true;
    });
    if (!ok || !sc.at_end()) return std::nullopt;
    return found;
}

}  // namespace tp::sync
