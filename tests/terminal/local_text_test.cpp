// Authored texts (LocalText) and the codes of the domain's JSON: the fallback order of pick_text,
// plain strings of older feeds and caches read as English, in-tray options by id, step codes and
// event params kept as they travel.

#include <doctest/doctest.h>

#include "touchpoint/domain_json.hpp"

using tp::LocalText;
using tp::pick_text;
using nlohmann::json;

TEST_CASE("pick_text: the language, then the fallback language, then English, then any") {
    const LocalText all{{"en", "Free installation"}, {"de", "Kostenlose Installation"},
                        {"fr", "Installation gratuite"}};
    CHECK(pick_text(all, "de", "fr") == "Kostenlose Installation");
    CHECK(pick_text(all, "es", "fr") == "Installation gratuite");
    CHECK(pick_text(all, "es", "it") == "Free installation");
    CHECK(pick_text(LocalText{{"de", "Nur Deutsch"}}, "es", "fr") == "Nur Deutsch");
    CHECK(pick_text(LocalText{{"es", ""}, {"en", "English"}}, "es", "es") == "English");
    CHECK(pick_text(LocalText{}, "es", "en").empty());
    CHECK(pick_text(LocalText{{"es", ""}}, "es", "en").empty());
}

TEST_CASE("a LocalText is an object of languages; a plain string is English") {
    const LocalText text{{"en", "Order"}, {"es", "Pedido"}};
    CHECK(json(text) == json{{"en", "Order"}, {"es", "Pedido"}});
    CHECK(json(text).get<LocalText>() == text);
    CHECK(json("Old title").get<LocalText>() == LocalText{{"en", "Old title"}});
    CHECK(json("").get<LocalText>().empty());
    CHECK(json(nullptr).get<LocalText>().empty());
    CHECK_THROWS_AS(json(3).get<LocalText>(), json::exception);
    CHECK_THROWS_AS((json{{"en", 3}}.get<LocalText>()), json::exception);
}

TEST_CASE("an old cached case with a string title still reads, its title as English") {
    const json old = {{"id", "ORD-1"}, {"kind", "order"}, {"title", "Order: Kettle"},
                      {"steps", json::array({{{"code", "placed"}, {"planned", 1}, {"actual", 1}}})}};
    const auto c = old.get<tp::Case>();
    CHECK(c.title == LocalText{{"en", "Order: Kettle"}});
    CHECK(c.subject.empty());
    REQUIRE(c.steps.size() == 1);
    CHECK(c.steps[0].code == "placed");
}

TEST_CASE("a step of an older cache, with a name, reads as the step's code") {
    const auto step = json{{"name", "Return requested"}, {"planned", 5}}.get<tp::ProcessStep>();
    CHECK(step.code == "return_requested");
    CHECK(step.planned == 5);
    CHECK(json{{"name", "On site"}}.get<tp::ProcessStep>().code == "on_site");
    CHECK(json(step) == json{{"code", "return_requested"}, {"planned", 5}, {"actual", 0}});
}

TEST_CASE("in-tray options travel by id, with a text or a slot's times; a string is an option") {
    const json j = {{"id", "IT-1"},
                    {"prompt", {{"en", "Pick a slot"}, {"de", "Wählen Sie ein Zeitfenster"}}},
                    {"options", json::array({{{"id", "slot-1"}, {"start", 100}, {"end", 200}},
                                             {{"id", "yes"}, {"text", {{"en", "Yes"}}}},
                                             "Morning"})}};
    const auto item = j.get<tp::InTrayItem>();
    REQUIRE(item.options.size() == 3);
    CHECK(item.options[0].id == "slot-1");
    CHECK(item.options[0].start == 100);
    CHECK(item.options[0].end == 200);
    CHECK(item.options[0].text.empty());
    CHECK(item.options[1].text == LocalText{{"en", "Yes"}});
    CHECK(item.options[2].id == "Morning");
    CHECK(item.options[2].text == LocalText{{"en", "Morning"}});
    CHECK(json(item).get<tp::InTrayItem>().options[0].start == 100);
    CHECK(json(item)["options"][1].contains("start") == false);
    CHECK(item.prompt.at("de") == "Wählen Sie ein Zeitfenster");
}

TEST_CASE("an event's params travel as an object and default to an empty one") {
    tp::TimelineEvent e;
    e.kind = "scheduled";
    e.params = {{"technician", "T1"}};
    const auto back = json(e).get<tp::TimelineEvent>();
    CHECK(back.params == json{{"technician", "T1"}});
    CHECK(json{{"kind", "shipped"}}.get<tp::TimelineEvent>().params == json::object());
}
