// docs/sync-protocol.md and the service agree on the endpoints: every route the service registers
// is in the document's endpoint table, and the table lists nothing else.

#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "touchpoint/service/service.hpp"

#ifndef TOUCHPOINT_SOURCE_DIR
#error "TOUCHPOINT_SOURCE_DIR must name the source tree"
#endif

namespace {

// Endpoints written as `METHOD /path` in the first cell of a table row.
std::set<std::string> documented_endpoints(const std::string& text) {
    std::set<std::string> out;
    std::istringstream lines(text);
    std::string line;
    const std::regex cell(R"(^\|\s*`(GET|POST|PUT|PATCH|DELETE) (/[^`\s]*)`\s*\|)");
    std::smatch m;
    while (std::getline(lines, line))
        if (std::regex_search(line, m, cell)) out.insert(m[1].str() + " " + m[2].str());
    return out;
}

}  // namespace

TEST_CASE("the protocol document lists exactly the service's routes") {
    std::ifstream file(std::string(TOUCHPOINT_SOURCE_DIR) + "/docs/sync-protocol.md");
    REQUIRE(file.good());
    std::stringstream text;
    text << file.rdbuf();
    std::set<std::string> documented = documented_endpoints(text.str());

    auto routes = tp::service::Service::routes();
    std::set<std::string> served(routes.begin(), routes.end());
    CHECK(served.size() == routes.size());
    CHECK(documented == served);
    CHECK(served.count("GET /v1/health") == 1);
}
