// Texts with multi-byte characters anywhere (issue 8): every command of a batch gets its own
// applied result, what the service stores and shows is well-formed UTF-8, and a text it shortens
// for a title is cut at a character boundary (protocol §6, "Limits").

#include <algorithm>
#include <string>
#include <vector>

#include "service_fixture.hpp"
#include "touchpoint/utf8.hpp"

using namespace tp::service::testing;

namespace {

constexpr std::size_t kBaseLength = 200;
constexpr std::size_t kTitleExcerpt = 60;  // bytes of the complaint text its title shows
constexpr int kUnitsPerBatch = 24;         // 1 + 4 commands per unit: at most 97 a batch

// 200 bytes of ASCII with no repeating period that could hide a misplaced cut.
std::string base_text() {
    std::string text;
    for (std::size_t i = 0; text.size() < kBaseLength; ++i)
        text += "The parcel arrived late and the box was crushed (" + std::to_string(i) + "). ";
    return text.substr(0, kBaseLength);
}

// One multi-byte character at one byte offset of the base text, sent as a complaint and as a
// note on that complaint.
struct Unit {
    std::string case_id;
    std::string text;
};

std::vector<Unit> all_units() {
    const std::string base = base_text();
    const std::vector<std::pair<std::string, std::string>> characters{
        {"e2", "\xC3\xA9"},          // é, 2 bytes
        {"e3", "\xE2\x82\xAC"},      // €, 3 bytes
        {"e4", "\xF0\x9F\x98\x80"},  // 😀, 4 bytes
    };
    std::vector<Unit> units;
    for (const auto& [tag, character] : characters)
        for (std::size_t at = 0; at <= base.size(); ++at)
            units.push_back({"CMP-U8-" + tag + "-" + std::to_string(at),
                             base.substr(0, at) + character + base.substr(at)});
    return units;
}

class CommandSeq {
  public:
    json valid_neighbour() {
        ++n_;
        return command("u8-f-" + std::to_string(n_), n_, "", "C0004", "feedback", {{"score", 7}});
    }
    json complaint(const Unit& u) {
        ++n_;
        return command("u8-c-" + u.case_id, n_, "", "C0004", "open_complaint",
                       {{"new_case_id", u.case_id}, {"text", u.text}});
    }
    json note(const Unit& u) {
        ++n_;
        return command("u8-n-" + u.case_id, n_, u.case_id, "C0004", "add_note", {{"text", u.text}});
    }

  private:
    std::int64_t n_ = 0;
};

// The title shows the complaint's text, shortened to at most 60 bytes at a character boundary
// and marked with "…" when shortened.
// A complaint's subject: the start of its text, cut at a character boundary, with "…".
void check_subject(const std::string& subject, const std::string& text) {
    const std::string ellipsis = "…";
    std::string shown = subject;
    REQUIRE(shown.size() > ellipsis.size());
    REQUIRE(shown.compare(shown.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0);
    shown.resize(shown.size() - ellipsis.size());
    CHECK(shown.size() <= kTitleExcerpt);
    CHECK(shown.size() + 3 >= kTitleExcerpt);  // only a cut character is left out
    CHECK(text.compare(0, shown.size(), shown) == 0);
}

}  // namespace

TEST_CASE("a multi-byte character at every byte offset of a complaint and a note") {
    TestService svc(5);
    std::string token = svc.enroll()["token"];
    std::vector<Unit> units = all_units();
    CommandSeq seq;

    for (std::size_t first = 0; first < units.size(); first += kUnitsPerBatch) {
        std::size_t last = std::min(units.size(), first + kUnitsPerBatch);
        json batch = json::array({seq.valid_neighbour()});
        for (std::size_t i = first; i < last; ++i) {
            batch.push_back(seq.complaint(units[i]));
            batch.push_back(seq.valid_neighbour());
            batch.push_back(seq.note(units[i]));
            batch.push_back(seq.valid_neighbour());
        }
        Reply r = svc.post("/v1/commands", json{{"commands", batch}}, TestService::bearer(token));
        REQUIRE(r.status == 200);
        const json& results = r.body["results"];
        REQUIRE(results.size() == batch.size());
        for (std::size_t i = 0; i < batch.size(); ++i) {
            CAPTURE(batch[i]["command_id"]);
            CHECK(results[i]["command_id"] == batch[i]["command_id"]);
            CHECK(results[i]["status"] == "applied");
        }
    }

    for (const Unit& u : units) {
        CAPTURE(u.case_id);
        Reply r = svc.get("/v1/cases/" + u.case_id, TestService::channel());
        REQUIRE(r.status == 200);
        const json& c = r.body["case"];
        CHECK(c["title"].empty());
        std::string subject = c["subject"];
        CHECK(tp::is_valid_utf8(subject));
        check_subject(subject, u.text);
        const json& timeline = c["timeline"];
        REQUIRE(timeline.size() == 2);
        CHECK(timeline[0]["kind"] == "open_complaint");
        CHECK(timeline[0]["text"] == u.text);
        CHECK(timeline[1]["kind"] == "add_note");
        CHECK(timeline[1]["text"] == u.text);
    }
}

TEST_CASE("texts at their documented limit apply; one byte more is refused alone") {
    TestService svc(5);
    std::string token = svc.enroll()["token"];
    // 2000 bytes ending in a 3-byte character, and the same with one more byte.
    std::string at_limit = std::string(1997, 'a') + "\xE2\x82\xAC";
    std::string over = "b" + at_limit;
    json results = send_batch(
        svc, token,
        json::array({
            command("lim-1", 1, "ORD-C0001-3", "C0001", "add_note", {{"text", at_limit}}),
            command("lim-2", 2, "ORD-C0001-3", "C0001", "add_note", {{"text", over}}),
            command("lim-3", 3, "", "C0001", "open_complaint",
                    {{"new_case_id", "CMP-LIM-1"}, {"text", at_limit}}),
        }));
    REQUIRE(results.size() == 3);
    CHECK(results[0]["status"] == "applied");
    CHECK(results[1]["status"] == "refused");
    CHECK(results[1]["code"] == "invalid");
    CHECK(results[2]["status"] == "applied");
    json c = svc.get("/v1/cases/CMP-LIM-1", TestService::channel()).body["case"];
    check_subject(c["subject"], at_limit);
}
