// Each change's entity text is found in a feed page's body exactly as sent, and the client's
// pages carry it; where the body's shape is not the plain one, nothing is found (the parsed
// entity is written out instead).

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "touchpoint/sync/client.hpp"
#include "touchpoint/sync/feed_text.hpp"

namespace tp::sync {
namespace {

struct CannedTransport final : Transport {
    std::string body;
    Result<HttpResponse> send(const HttpRequest&) override { return HttpResponse{200, body}; }
};

}  // namespace

TEST_CASE("the data of every change is found as written, nested values and strings included") {
    const std::string body =
        R"({"changes": [ {"type":"case","id":"K1","data":{"a":[1,{"b":"]}\"{"}],"c":"x\\"}},)"
        R"( {"data" : null, "id":"K2","type":"case"},)"
        R"({"id":"K3","type":"case"},)"
        R"({"data":{"n":1.50e2,"s":"\u00e9"},"data":{"last":true},"type":"x","id":"K4"}],)"
        R"("cursor":"e-9","more":false})";
    REQUIRE(nlohmann::json::accept(body));
    auto texts = change_data_texts(body);
    REQUIRE(texts);
    REQUIRE(texts->size() == 4);
    CHECK((*texts)[0] == R"({"a":[1,{"b":"]}\"{"}],"c":"x\\"})");
    CHECK((*texts)[1] == "null");
    CHECK((*texts)[2].empty());
    CHECK((*texts)[3] == R"({"last":true})");  // the last of duplicate keys, as parsed
}

TEST_CASE("a body whose keys are written with escapes, or of another shape, gives nothing") {
    CHECK_FALSE(change_data_texts(R"({"changes":[{"d\u0061ta":{"a":1},"data":{"b":2}}]})"));
    CHECK_FALSE(change_data_texts(R"({"changes":{"data":1}})"));
    CHECK_FALSE(change_data_texts(R"([1,2])"));
    CHECK_FALSE(change_data_texts(R"({"cursor":"e-1","more":false})"));
    CHECK_FALSE(change_data_texts(R"({"changes":[{"data":{"a":1}]})"));
}

TEST_CASE("a pulled page carries each entity's text as sent, and none for one leaving scope") {
    CannedTransport transport;
    transport.body =
        R"({"changes":[{"data":{"id":"C1","name":"Ana  B"},"id":"C1","seq":1,"type":"customer"},)"
        R"({"data":null,"id":"C2","seq":2,"type":"customer"}],"cursor":"e-2","more":false})";
    ServiceClient client(transport);
    auto page = client.pull("", 100, 0);
    REQUIRE(page);
    REQUIRE(page->changes.size() == 2);
    CHECK(page->changes[0].text == R"({"id":"C1","name":"Ana  B"})");
    CHECK(page->changes[0].data == nlohmann::json::parse(page->changes[0].text));
    CHECK(page->changes[1].data.is_null());
    CHECK(page->changes[1].text.empty());
}

}  // namespace tp::sync
