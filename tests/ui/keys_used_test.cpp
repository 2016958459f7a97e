// Every key of the English table is used: its name appears quoted in the kiosk's sources, or it
// belongs to a family whose keys the code builds at run time (one reviewed list below).

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "touchpoint/ui/context.hpp"
#include "touchpoint/ui/strings.hpp"

using namespace tp;
using namespace tp::ui;

namespace {

// Key families built at run time, e.g. "case_status." + status. Each entry names where.
constexpr const char* kRuntimeFamilies[] = {
    "action.",           // action_name / action hints: "action." + wire name (+ ".hint")
    "case_kind.",        // case_kind_name: "case_kind." + kind
    "case.title.",       // domain_words case_title: "case.title." + kind
    "case_status.",      // case_status_name: "case_status." + status
    "channel.",          // channel_name: "channel." + channel
    "event.",            // domain_words event_text: "event." + kind
    "identify.method.",  // identify: "identify.method." + method
    "intray.kind.",      // domain_words intray_kind_name: "intray.kind." + kind
    "journey.",          // domain_words journey_text: "journey." + kind
    "home.assisted.",    // customer_home.cpp home_text: "home.assisted." + the self-service key's rest
    "refusal.",          // refusal_text: "refusal." + code; "refusal.alternative." + action
    "step.",             // domain_words step_name: "step." + code
    "tech.status.",      // domain_words work-order status: "tech.status." + status
    "timeline.actor.",   // case_history: "timeline.actor." + role
};

std::string read_sources() {
    std::string all;
    const std::filesystem::path root = TOUCHPOINT_SOURCE_DIR;
    for (const char* dir : {"ui", "platform", "terminal", "sync"}) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir)) {
            const auto ext = entry.path().extension();
            if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp" && ext != ".h")) continue;
            std::ifstream in(entry.path(), std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            all += text.str();
            all += '\n';
        }
    }
    return all;
}

bool in_family(const std::string& key) {
    for (const char* prefix : kRuntimeFamilies)
        if (key.rfind(prefix, 0) == 0) return true;
    return false;
}

}  // namespace

TEST_CASE("every key of the tables is in every language and used by the kiosk") {
    auto loaded = StringTable::load(default_assets_dir() / "strings");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().detail));
    const StringTable& t = *loaded;
    const std::string sources = read_sources();
    REQUIRE(sources.size() > 100'000);
    for (const std::string& key : t.keys(kReferenceLanguage)) {
        CAPTURE(key);
        for (const std::string& lang : t.language_codes()) CHECK_MESSAGE(t.has(lang, key), (lang + " lacks it"));
        if (in_family(key)) continue;
        CHECK_MESSAGE(sources.find('"' + key + '"') != std::string::npos, "no source file names this key");
    }
}

TEST_CASE("every runtime key family has keys") {
    auto loaded = StringTable::load(default_assets_dir() / "strings");
    REQUIRE(loaded.ok());
    for (const char* prefix : kRuntimeFamilies) {
        CAPTURE(prefix);
        bool any = false;
        for (const std::string& key : loaded->keys(kReferenceLanguage)) any = any || key.rfind(prefix, 0) == 0;
        CHECK(any);
    }
}
