// The terminal's one classification of answers (answers.hpp), attacked with what middleboxes
// and broken services send, and checked against the error table of docs/sync-protocol.md §2:
// every code the document lists is known to the terminal and classified as the document says.

#include <doctest/doctest.h>

#include "touchpoint/english_text.hpp"

#include <fstream>
#include <regex>
#include <sstream>

#include "touchpoint/sync/answers.hpp"

using namespace tp;
using namespace tp::sync;
using nlohmann::json;

namespace {

const std::string kId = "req-1";

Errc class_of(int status, const std::string& body, bool echo = false) {
    auto r = read_answer({status, body}, kId, echo);
    REQUIRE_FALSE(r.ok());
    return r.error().code;
}

std::string protocol_error(const std::string& code, const std::string& request_id = kId) {
    json e{{"code", code}, {"message", "m"}};
    if (!request_id.empty()) e["request_id"] = request_id;
    return json{{"error", e}}.dump();
}

}  // namespace

TEST_CASE("whatever is not the service's own answer is transient") {
    for (int status : {400, 403, 404, 409, 410, 413, 423, 500, 502, 503, 504}) {
        CAPTURE(status);
        CHECK(class_of(status, "<html><body>Not Found</body></html>") == Errc::Network);
        CHECK(class_of(status, "") == Errc::Network);
        CHECK(class_of(status, "{}") == Errc::Network);
        CHECK(class_of(status, "[1,2]") == Errc::Network);
        CHECK(class_of(status, protocol_error("invalid", "")) == Errc::Network);
        CHECK(class_of(status, protocol_error("invalid", "another-request")) == Errc::Network);
        CHECK(class_of(status, protocol_error("no_such_code")) == Errc::Network);
        CHECK(class_of(status, R"({"error": "invalid"})") == Errc::Network);
        CHECK(class_of(status, R"({"error": {"code": 7, "request_id": "req-1"}})") == Errc::Network);
        CHECK(class_of(status, protocol_error("invalid").substr(0, 20)) == Errc::Network);
    }
    CHECK(class_of(200, "") == Errc::Network);
    CHECK(class_of(200, "<html></html>") == Errc::Network);
    CHECK(class_of(200, "\"text\"") == Errc::Network);
    CHECK(class_of(204, "") == Errc::Network);
    CHECK(class_of(200, R"({"results": []})", true) == Errc::Network);  // no echo
    CHECK(class_of(200, R"({"results": [], "request_id": "other"})", true) == Errc::Network);
    CHECK(read_answer({200, R"({"results": [], "request_id": "req-1"})"}, kId, true).ok());
    CHECK(read_answer({200, R"({"changes": []})"}, kId).ok());
}

TEST_CASE("protocol errors echoing the request are classified by their code") {
    CHECK(class_of(401, protocol_error("token_expired")) == Errc::TokenExpired);
    CHECK(class_of(401, protocol_error("unauthorized")) == Errc::Unauthorized);
    CHECK(class_of(410, protocol_error("cursor_expired")) == Errc::CursorExpired);
    CHECK(class_of(423, protocol_error("locked")) == Errc::Locked);
    CHECK(class_of(404, protocol_error("not_found")) == Errc::NotFound);
    for (const char* code : {"bad_json", "invalid", "too_many", "too_large", "forbidden"})
        CHECK(class_of(400, protocol_error(code)) == Errc::Rejected);
    for (const char* code : {"invalid_code", "code_used", "wrong_pin"})
        CHECK(class_of(403, protocol_error(code)) == Errc::Service);
    CHECK(class_of(500, protocol_error("internal")) == Errc::Unavailable);
    CHECK(class_of(503, protocol_error("unavailable")) == Errc::Unavailable);
    // A user never sees the code or the HTTP status: the error is worded by a string-table key.
    auto r = read_answer({400, protocol_error("bad_json")}, kId);
    CHECK(r.error().key == "error.rejected");
    CHECK(has_english_text(r.error().key));
}

TEST_CASE("every error code of the protocol document is known to the terminal") {
    std::ifstream in(TOUCHPOINT_SOURCE_DIR "/docs/sync-protocol.md");
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    const std::regex row(R"(\|\s*(\d{3})\s*\|\s*`([a-z_]+)`\s*\|)");
    int codes = 0;
    const std::string doc = text.str();
    for (std::sregex_iterator it(doc.begin(), doc.end(), row), end; it != end; ++it) {
        const int status = std::stoi((*it)[1].str());
        const std::string code = (*it)[2].str();
        CAPTURE(code);
        auto r = read_answer({status, protocol_error(code)}, kId);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().detail.find("unknown error code") == std::string::npos);
        ++codes;
    }
    CHECK(codes >= 15);
}
