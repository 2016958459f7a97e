// The demo data's four languages are complete: every text the business wrote is there in en, es,
// fr and de, each written for its language, and everything else travels as codes and data.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "service_fixture.hpp"

using namespace tp::service::testing;

namespace {

const std::vector<std::string> kLanguages{"en", "es", "fr", "de"};

// Every entity two S1 and S2 terminals see, keyed by type and id.
std::map<std::string, json> everything(TestService& svc) {
    std::map<std::string, json> all;
    for (const char* code : {"KIOSK-S1-10", "KIOSK-S2-03"}) {
        std::string token = svc.enroll(code)["token"];
        std::string cursor;
        for (const auto& c : svc.drain_feed(token, cursor, 500))
            all[c["type"].get<std::string>() + "/" + c["id"].get<std::string>()] = c["data"];
    }
    return all;
}

// A text the same in every language by nature: numerals and signs, no letters.
bool has_no_letters(const std::string& text) {
    return std::none_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || u >= 0x80;
    });
}

// What is wrong with one authored text (`where` names it), or "" when it is complete.
std::string problem_of(const json& text, const std::string& where) {
    if (!text.is_object()) return where + ": not a map of languages";
    for (const std::string& language : kLanguages) {
        if (!text.contains(language) || !text[language].is_string() ||
            text[language].get<std::string>().empty())
            return where + ": no " + language;
    }
    const std::string en = text["en"];
    for (const char* language : {"es", "fr", "de"})
        if (text[language] == en && !has_no_letters(en))
            return where + ": " + language + " is the English text \"" + en + "\"";
    return "";
}

struct Survey {
    int texts = 0;  // authored texts looked at
    std::vector<std::string> problems;
    void check(const json& text, const std::string& where) {
        ++texts;
        const std::string p = problem_of(text, where);
        if (!p.empty()) problems.push_back(p);
    }
};

Survey survey_of(const std::map<std::string, json>& all) {
    Survey s;
    for (const auto& [key, data] : all) {
        const std::string type = key.substr(0, key.find('/'));
        if (type == "case") {
            if (!data["title"].empty()) s.check(data["title"], key + " title");
        } else if (type == "intray") {
            s.check(data["prompt"], key + " prompt");
            for (const json& option : data["options"])
                if (option.value("start", 0LL) == 0)
                    s.check(option["text"], key + " option " + option.value("id", ""));
        } else if (type == "offer") {
            s.check(data["title"], key + " title");
            s.check(data["body"], key + " body");
        } else if (type == "work_order") {
            for (const json& item : data["checklist"])
                s.check(item["label"], key + " checklist " + item.value("id", ""));
        }
    }
    return s;
}

}  // namespace

TEST_CASE("every text the demo data's business wrote is there in en, es, fr and de") {
    TestService svc(200);
    const auto all = everything(svc);
    const Survey s = survey_of(all);
    CHECK(s.texts > 300);
    for (const std::string& problem : s.problems) CAPTURE(problem);
    CHECK(s.problems.empty());
    if (!s.problems.empty()) MESSAGE(s.problems.front());
}

TEST_CASE("the survey finds a text that is missing a language or left in English") {
    CHECK(problem_of(json{{"en", "Free installation"}, {"es", "Instalación gratuita"},
                          {"fr", "Installation gratuite"}, {"de", "Kostenlose Installation"}},
                     "t")
              .empty());
    CHECK(problem_of(json{{"en", "3"}, {"es", "3"}, {"fr", "3"}, {"de", "3"}}, "t").empty());
    CHECK(!problem_of(json{{"en", "Free installation"}, {"es", "Instalación gratuita"},
                           {"fr", "Installation gratuite"}},
                      "t")
               .empty());
    CHECK(!problem_of(json{{"en", "Free installation"}, {"es", "Instalación gratuita"},
                           {"fr", "Installation gratuite"}, {"de", ""}},
                      "t")
               .empty());
    CHECK(!problem_of(json{{"en", "Free installation"}, {"es", "Instalación gratuita"},
                           {"fr", "Free installation"}, {"de", "Kostenlose Installation"}},
                      "t")
               .empty());
    CHECK(!problem_of(json("Free installation"), "t").empty());
}

TEST_CASE("the demo data's steps, events and journeys are codes, with no prose of the service") {
    TestService svc(120);
    const auto all = everything(svc);
    int cases = 0;
    for (const auto& [key, data] : all) {
        CAPTURE(key);
        if (key.rfind("case/", 0) == 0) {
            ++cases;
            CHECK((!data["title"].empty() || !data["subject"].get<std::string>().empty()));
            for (const json& step : data["steps"]) {
                const std::string code = step["code"];
                CHECK(!code.empty());
                CHECK(code.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos);
            }
            for (const json& e : data["timeline"]) {
                CHECK(!e["kind"].get<std::string>().empty());
                CHECK(e["text"] == "");  // nobody's own words in the demo's events
                CHECK(e["params"].is_object());
            }
        } else if (key.rfind("interaction/", 0) == 0) {
            CHECK(!data["kind"].get<std::string>().empty());
            CHECK(data["summary"] == "");
        }
    }
    CHECK(cases > 200);
}
