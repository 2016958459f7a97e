// Every screen, drawn with demo data in Spanish, French and German, shows no English: no text or
// label is drawn as the same screen draws it in English, and no English wording of the service's
// data appears, except what is data in every language — names, references, product and part
// names, addresses, contact details, people's own words — and the few words a language writes as
// English does (the reviewed list below).

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../service/service_fixture.hpp"
#include "demo_terminal.hpp"
#include "touchpoint/platform/host.hpp"
#include "touchpoint/ui/strings.hpp"
#include "touchpoint/ui/widgets.hpp"

using namespace tp;
using nlohmann::json;

namespace {

// Words a language writes exactly as English does, reviewed: each is the right word there. (The
// languages' own names, "language.name", are shown in every language.)
const std::map<std::string, std::set<std::string>> kSameAsEnglish = {
    {"es", {"Normal", "PIN", "Terminal"}},
    {"fr", {"Terminal", "Notes", "Photos"}},
    {"de", {"Online", "Offline", "Normal", "PIN", "Terminal", "Details", "Status"}},
};

// Where the terminal keeps what is data in every language, by table: the fields whose text is
// shown as it is (contact details, names, references, product and part names, addresses, and
// people's own words: notes, answers typed, interaction summaries written by people).
const std::map<std::string, std::set<std::string>> kDataFields = {
    {"SELECT data FROM customers", {"name", "phone", "email", "loyalty_number"}},
    {"SELECT data FROM staff", {"name"}},
    {"SELECT data FROM cases", {"reference", "local_reference", "subject", "text"}},
    {"SELECT data FROM work_orders", {"address", "name", "sku"}},
    {"SELECT data FROM intray", {"answer"}},
    {"SELECT data FROM interactions", {"summary"}},
    {"SELECT data FROM offers", {}},
    {"SELECT payload FROM outbox", {"text", "name", "sku", "address", "other_text", "comment", "answer"}},
};

struct Data {
    std::set<std::string> languages;       // codes
    std::set<std::string> language_names;  // each language's own name
    std::vector<std::string> allowed;  // longest first
    // English wordings of authored content, with their text in each other language.
    std::vector<std::map<std::string, std::string>> authored;
};

bool is_language_map(const json& j, const Data& data) {
    if (!j.is_object() || !j.contains("en") || j.size() < 2) return false;
    for (const auto& [key, value] : j.items())
        if (!value.is_string() || !data.languages.count(key)) return false;
    return true;
}

void collect(const json& j, const std::set<std::string>& fields, Data& data) {
    if (is_language_map(j, data)) {
        std::map<std::string, std::string> texts;
        for (const auto& [lang, text] : j.items()) texts[lang] = text.get<std::string>();
        data.authored.push_back(std::move(texts));
        return;
    }
    if (j.is_object()) {
        for (const auto& [key, value] : j.items()) {
            if (value.is_string() && fields.count(key) && value.get<std::string>().size() >= 2)
                data.allowed.push_back(value.get<std::string>());
            else
                collect(value, fields, data);
        }
    } else if (j.is_array()) {
        for (const auto& item : j) collect(item, fields, data);
    }
}

// Everything the terminal holds that a screen may show: cached documents and its own commands.
Data read_data(const std::string& db_path, const ui::StringTable& strings) {
    Data data;
    for (const ui::LanguageSpec& l : strings.languages()) {
        data.languages.insert(l.code);
        data.language_names.insert(strings.tr_in(l.code, "language.name"));
    }
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    for (const auto& [sql, fields] : kDataFields) {
        sqlite3_stmt* stmt = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
            collect(json::parse(text ? text : "null", nullptr, false), fields, data);
        }
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    std::sort(data.allowed.begin(), data.allowed.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    data.allowed.erase(std::unique(data.allowed.begin(), data.allowed.end()), data.allowed.end());
    return data;
}

// The drawn texts and labels of the last frame, each cut at " · " (parts joined for one line).
// Keyboard keys of one character are letters to type, not words.
std::set<std::string> drawn_segments(const ui::UiContext& ctx) {
    std::vector<std::string> texts = ctx.widgets().last_texts();
    for (const ui::WidgetRecord& w : ctx.widgets().last_frame()) {
        if (w.kind == ui::WidgetKind::Key && w.label.size() <= 4) continue;
        texts.push_back(w.label);
    }
    std::set<std::string> segments;
    const std::string sep = " \u00B7 ";
    for (const std::string& text : texts) {
        std::size_t from = 0;
        for (std::size_t at; (at = text.find(sep, from)) != std::string::npos; from = at + sep.size())
            segments.insert(text.substr(from, at - from));
        segments.insert(text.substr(from));
    }
    return segments;
}

// A word that is an identifier, a number, a time, a file name, an address or an option of a
// command: "TP-10002", "09:00-12:00", "kitchen.jpg", "http://…", "--db".
bool is_code_like(const std::string& token) {
    if (token.rfind("--", 0) == 0) return true;
    for (std::size_t i = 0; i < token.size(); ++i) {
        const char c = token[i];
        if ((c >= '0' && c <= '9') || c == '/' || c == '@') return true;
        if (c == '.' && i > 0 && i + 1 < token.size() && token[i + 1] != ' ') return true;
    }
    return false;
}

// `text` with every piece of data removed: what is left is wording. A command line shown for
// staff to type ("touchpoint enroll …") is the command's own words in every language.
std::string wording(std::string text, const Data& data) {
    if (text.rfind("touchpoint ", 0) == 0) return {};
    for (const std::string& piece : data.allowed) {
        std::string rest;
        std::size_t from = 0;
        for (std::size_t at; (at = text.find(piece, from)) != std::string::npos; from = at + piece.size())
            rest.append(text, from, at - from).push_back(' ');
        text = rest.append(text, from, std::string::npos);
    }
    std::string kept;
    std::size_t from = 0;
    while (from < text.size()) {
        std::size_t end = text.find(' ', from);
        if (end == std::string::npos) end = text.size();
        const std::string token = text.substr(from, end - from);
        if (!is_code_like(token)) kept += token + " ";
        from = end + 1;
    }
    return kept;
}

bool has_letters(const std::string& text) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c > 0 && u_isalpha(c)) return true;
    }
    return false;
}

// The words of `text` (letters only), for the reviewed list.
std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::string word;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c > 0 && (u_isalpha(c) || c == '-')) {
            word.append(text, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
        } else if (!word.empty()) {
            out.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) out.push_back(word);
    return out;
}

bool only_same_words(const std::string& text, const std::string& lang, const Data& data) {
    const auto& same = kSameAsEnglish.at(lang);
    for (const std::string& w : words(text))
        if (w != "-" && !same.count(w) && !data.language_names.count(w)) return false;
    return true;
}

}  // namespace

TEST_CASE("every screen in Spanish, French and German shows no English") {
    auto loaded = ui::UiContext::load(ui::default_assets_dir());
    REQUIRE(loaded.ok());
    ui::UiContext& ctx = *loaded;
    auto host = platform::Host::open_offscreen(1280, 800, ctx);
    REQUIRE(host.ok());
    kiosk::NoOnlineActions online;

    for (ui::ScreenId screen : ui::all_screens()) {
        const std::string scene = ui::scene_name(screen);
        CAPTURE(scene);
        service::testing::TempDir dir;
        auto demo = kiosk::DemoTerminal::start(dir.file(""), 20);
        REQUIRE_MESSAGE(demo.ok(), demo.error().detail);
        ui::Nav nav;
        ui::ScreenState state;
        REQUIRE((*demo)->prepare(screen, "en", nav, &state).ok());
        Terminal& core = (*demo)->core();
        state.generation = core.snapshot().session_generation;
        Data data = read_data(dir.file("terminal.db"), ctx.strings());
        if (!core.snapshot().search_query.empty()) data.allowed.push_back(core.snapshot().search_query);  // typed
        const auto draw_in = [&](std::string_view lang) {
            core.choose_language(std::string(lang));
            const auto draw = [&] {
                ui::ScreenEnv env{ctx, core, core.snapshot(), online, nav, state};
                ui::draw_app(env);
            };
            for (int i = 0; i < 3; ++i) (*host)->frame(draw);
            REQUIRE(nav.screen == screen);
            return drawn_segments(ctx);
        };
        const std::set<std::string> english = draw_in("en");
        REQUIRE_FALSE(english.empty());
        for (const ui::LanguageSpec& spec : ctx.strings().languages()) {
            const std::string_view lang = spec.code;
            if (lang == ui::kReferenceLanguage) continue;
            CAPTURE(lang);
            for (const std::string& segment : draw_in(lang)) {
                CAPTURE(segment);
                const std::string words_left = wording(segment, data);
                if (english.count(segment) && has_letters(words_left))
                    CHECK_MESSAGE(only_same_words(words_left, std::string(lang), data), "drawn as in English");
                for (const auto& texts : data.authored) {
                    const std::string& en = texts.at("en");
                    const auto own = texts.find(std::string(lang));
                    if (en.size() < 4 || (own != texts.end() && own->second == en)) continue;
                    CHECK_MESSAGE(segment.find(en) == std::string::npos, "English of the service's data: " << en);
                }
            }
        }
    }
}
