// PIN verifiers (crypto.hpp, docs/security.md "PINs"): the KDF's cost on this machine, the
// encoded form, and the legacy SHA-256 form of older databases.

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "touchpoint/crypto.hpp"

using namespace tp;

// All 10,000 four-digit PINs of one copied record must cost at least an hour of one core here.
TEST_CASE("checking a verifier costs at least 360 ms on this machine") {
    const PinVerifier v = make_pin_verifier("4821");
    std::vector<double> ms;
    for (int i = 0; i < 3; ++i) {
        const auto start = std::chrono::steady_clock::now();
        CHECK_FALSE(pin_matches(v.salt, v.hash, "4822"));
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                               start)
                         .count());
    }
    const double fastest = *std::min_element(ms.begin(), ms.end());
    std::printf("PIN verifier check (Argon2id, %s): fastest of 3: %.1f ms\n", v.hash.substr(0, 30).c_str(),
                fastest);
    CHECK(fastest >= 360.0);
    std::printf("all 10,000 four-digit PINs of one record, one core: %.1f hours\n",
                fastest * 10'000 / 3'600'000);
}

TEST_CASE("the demo cost is cheaper, and is not current for a real record") {
    const PinVerifier demo = make_pin_verifier("1234", PinCost::Demo);
    CHECK(demo.hash.rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0) == 0);
    CHECK(pin_matches(demo.salt, demo.hash, "1234"));
    CHECK_FALSE(pin_hash_is_current(demo.hash));
}

TEST_CASE("a verifier names its parameters, has its own salt and checks only its PIN") {
    const PinVerifier a = make_pin_verifier("1234");
    const PinVerifier b = make_pin_verifier("1234");
    CHECK(a.salt.size() == 16);
    CHECK(a.salt != b.salt);
    CHECK(a.hash.rfind("$argon2id$v=19$m=65536,t=24,p=1$", 0) == 0);
    CHECK(pin_hash_is_current(a.hash));
    CHECK(pin_matches(a.salt, a.hash, "1234"));
    CHECK_FALSE(pin_matches(a.salt, a.hash, "4321"));
    CHECK_FALSE(pin_matches(b.salt, a.hash, "1234"));  // the record's salt is part of it
}

TEST_CASE("legacy SHA-256 verifiers still verify and wrap into the current form") {
    const std::string legacy = legacy_pin_hash("5a17", "9090");
    CHECK(is_legacy_pin_hash(legacy));
    CHECK(pin_matches("5a17", legacy, "9090"));
    CHECK_FALSE(pin_matches("5a17", legacy, "9091"));
    CHECK_FALSE(pin_hash_is_current(legacy));

    const std::string wrapped = wrap_legacy_pin_hash(legacy);
    CHECK(pin_hash_is_current(wrapped));
    CHECK(pin_matches("5a17", wrapped, "9090"));
    CHECK_FALSE(pin_matches("5a17", wrapped, "9091"));
}

TEST_CASE("empty, malformed and cheap verifiers") {
    CHECK_FALSE(pin_matches("", "", ""));
    CHECK_FALSE(pin_matches("00", "not a verifier", "1234"));
    CHECK_FALSE(pin_matches("00", "$argon2id$v=19$m=65536,t=2,p=1$garbage", "1234"));
    const std::string cheap = pin_hash("00", "1234", PinCost::Minimal);
    CHECK(pin_matches("00", cheap, "1234"));
    CHECK_FALSE(pin_hash_is_current(cheap));  // the service replaces it on its next right PIN
}
