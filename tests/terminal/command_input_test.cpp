// Bad input never enters the outbox (issue 8): every text and id of a command is well-formed
// UTF-8 within its byte limit of docs/sync-protocol.md §6, checked by command_input_problem and
// applied by Terminal::issue before anything is written.

#include <doctest/doctest.h>

#include "touchpoint/english_text.hpp"

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "kiosk_fixture.hpp"
#include "touchpoint/command_limits.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/utf8.hpp"

#ifndef TOUCHPOINT_SOURCE_DIR
#error "TOUCHPOINT_SOURCE_DIR must name the source tree"
#endif

using namespace tp;
using namespace tp::test;
using nlohmann::json;

namespace {

const std::string kE2 = "\xC3\xA9";      // é
const std::string kE3 = "\xE2\x82\xAC";  // €

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

CommandDraft note_draft(json payload) {
    CommandDraft d;
    d.action = ActionType::AddNote;
    d.case_id = "ORD-ANA";
    d.customer_id = "C-ANA";
    d.actor_id = "C-ANA";
    d.payload = std::move(payload);
    return d;
}

}  // namespace

TEST_CASE_FIXTURE(KioskFixture, "issue refuses ill-formed or over-long texts and writes nothing") {
    sign_in_ana();
    const auto rows = outbox_rows();
    const std::string at_limit_2 = repeat(kE2, 1000);           // 2000 bytes
    const std::string at_limit_3 = repeat(kE3, 666) + "ab";     // 2000 bytes
    const std::string topic_at_limit = repeat(kE3, 66) + kE2;  // 200 bytes
    REQUIRE(at_limit_2.size() == limits::kText);
    REQUIRE(at_limit_3.size() == limits::kText);
    REQUIRE(topic_at_limit.size() == limits::kShortText);

    const std::pair<ActionType, json> bad[] = {
        {ActionType::AddNote, {{"text", "\xFF"}}},
        {ActionType::AddNote, {{"text", "broken " + kE3.substr(0, 2)}}},  // cut inside €
        {ActionType::AddNote, {{"text", kE3.substr(0, 2) + " at the start"}}},
        {ActionType::AddNote, {{"text", "over \xED\xA0\x80 a surrogate"}}},
        {ActionType::AddNote, {{"text", at_limit_2 + "a"}}},
        {ActionType::AddNote, {{"text", "a" + at_limit_3}}},
        {ActionType::AddNote, {{"text", repeat(kE3, 667)}}},  // 2001 bytes, 667 characters
        {ActionType::OpenComplaint, {{"text", at_limit_2 + kE2}}},
        {ActionType::RequestCallback, {{"topic", topic_at_limit + "x"}, {"when", 0}}},
        {ActionType::RequestCallback, {{"topic", "ok"}, {"when", 0}, {"extra", {"\xC3"}}}},
        {ActionType::Feedback, {{"score", 9}, {"comment", "caf\xC3"}}},
    };
    for (const auto& [action, payload] : bad) {
        CAPTURE(spec(action).wire_name);
        const std::string case_id = spec(action).needs_case ? "ORD-ANA" : "";
        auto r = terminal->issue(action, case_id, payload);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == Errc::InvalidInput);
        CHECK(has_english_text(r.error().key));
    }
    CHECK(outbox_rows() == rows);

    // Exactly at the limit, with 2-byte and 3-byte characters: queued, byte for byte.
    auto two = terminal->issue(ActionType::AddNote, "ORD-ANA", {{"text", at_limit_2}});
    REQUIRE(two.ok());
    CHECK(two->payload["text"] == at_limit_2);
    CHECK(terminal->issue(ActionType::AddNote, "ORD-ANA", {{"text", at_limit_3}}).ok());
    CHECK(terminal->issue(ActionType::RequestCallback, "", {{"topic", topic_at_limit}, {"when", 0}})
              .ok());
    CHECK(outbox_rows() == rows + 3);
}

TEST_CASE_FIXTURE(KioskFixture, "a case id that is not UTF-8 or too long is refused") {
    sign_in_ana();
    const auto rows = outbox_rows();
    for (const std::string& case_id : {std::string("ORD-\xFF"), std::string(65, 'C')}) {
        auto r = terminal->issue(ActionType::Feedback, case_id, {{"score", 5}});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == Errc::InvalidInput);
    }
    CHECK(outbox_rows() == rows);
}

TEST_CASE("command_input_problem checks ids, every nested text and each limited field") {
    CHECK_FALSE(command_input_problem(note_draft({{"text", "fine"}})).has_value());
    CHECK(command_input_problem(note_draft({{"text", 42}})).has_value());
    CHECK(command_input_problem(note_draft({{"t\xFF", "key not UTF-8"}})).has_value());
    CHECK(command_input_problem(note_draft({{"a", {{"b", json::array({"ok", "\xC0\xAF"})}}}}))
              .has_value());  // an overlong '/' two levels down
    CHECK(command_input_problem(note_draft(json::array())).has_value());

    CommandDraft ids = note_draft({{"text", "fine"}});
    ids.case_id = std::string(limits::kId, 'c');
    CHECK_FALSE(command_input_problem(ids).has_value());
    for (std::string CommandDraft::*id : {&CommandDraft::case_id, &CommandDraft::customer_id,
                                          &CommandDraft::actor_id, &CommandDraft::staff_id}) {
        CommandDraft d = note_draft({{"text", "fine"}});
        d.*id = std::string(limits::kId + 1, 'c');
        CHECK(command_input_problem(d).has_value());
        d.*id = "R\xFF";
        CHECK(command_input_problem(d).has_value());
    }

    CommandDraft parts;
    parts.action = ActionType::VisitPartsUsed;
    parts.case_id = "VIS-1";
    parts.payload = {{"parts", json::array({{{"sku", "F-1"}, {"name", "Filter"}, {"quantity", 1}},
                                            {{"sku", std::string(65, 'S')}, {"name", "Seal"}}})}};
    CHECK(command_input_problem(parts).has_value());
    parts.payload["parts"][1]["sku"] = std::string(64, 'S');
    CHECK_FALSE(command_input_problem(parts).has_value());

    // A field another action limits is not this action's: only UTF-8 is checked for it.
    CHECK_FALSE(command_input_problem(note_draft({{"text", "x"}, {"topic", std::string(300, 't')}}))
                    .has_value());
}

TEST_CASE("the limits table is the one docs/sync-protocol.md §6 documents") {
    std::ifstream in(std::string(TOUCHPOINT_SOURCE_DIR) + "/docs/sync-protocol.md");
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    const auto section = doc.find("### Texts and limits");
    REQUIRE(section != std::string::npos);
    const std::string limits_section = doc.substr(section, doc.find("\n### ", section + 1) - section);

    // Rows "| `add_note.text`, `open_complaint.text` | 2000 |": every `action.field` named.
    std::map<std::pair<std::string, std::string>, std::size_t> documented;
    const std::regex row(R"(\n\|([^|\n]*)\| (\d+)[^|\n]*\|)");
    const std::regex entry(R"(`([a-z_]+)\.([a-z_0-9]+)`)");
    for (std::sregex_iterator r(limits_section.begin(), limits_section.end(), row), end; r != end;
         ++r) {
        const std::string names = (*r)[1];
        const std::size_t bytes = std::stoul((*r)[2]);
        for (std::sregex_iterator e(names.begin(), names.end(), entry); e != end; ++e) {
            if ((*e)[1] == "actor") continue;           // actor.id: an envelope id
            if ((*e)[2] == "bytes_base64") continue;    // 512 KiB once decoded
            documented[{(*e)[1], (*e)[2]}] = bytes;
        }
    }
    REQUIRE(documented.size() >= 15);

    std::map<std::pair<std::string, std::string>, std::size_t> coded;
    for (const auto& limit : payload_text_limits()) {
        if (limit.field == "new_case_id" || limit.field == "case_id" || !limit.list.empty())
            continue;  // documented as "payload new_case_id, case_id, a part's sku/name"
        if (limit.field == "bytes_base64") continue;
        coded[{std::string(spec(limit.action).wire_name), std::string(limit.field)}] =
            limit.max_bytes;
    }
    CHECK(coded == documented);
}
