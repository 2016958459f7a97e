// The rep's home: find a customer of this store as you type (the local, accent-insensitive
// index), or — online — beyond the store, with the lookup's state always said plainly. Opening a
// customer serves them: the customer home then shows their context with the rep's name on it.
#include <imgui.h>

#include "error_words.hpp"
#include "screen_kit.hpp"

namespace tp::ui {
namespace {

std::string masked(const std::string& s) {
    if (s.size() <= 4) return s;
    return std::string(s.size() - 4, '*') + s.substr(s.size() - 4);
}

void hit_row(ScreenEnv& env, const std::string& id_prefix, const CustomerHit& hit, bool online) {
    RowOptions row;
    const std::string detail = hit.loyalty_number + " \u00B7 " + masked(hit.phone) + " \u00B7 " + hit.email;
    row.detail = detail;
    if (!list_row(env.ui, id_prefix + hit.id, hit.name, row)) return;
    env.state.focused_field.clear();
    if (online) {
        env.state.fields["search.fetching"] = hit.id;
        env.online.fetch_and_serve(hit.id);
    } else if (accept(env, env.core.serve_customer(hit.id))) {
        env.nav.go(ScreenId::CustomerHome);
    }
}

// The online result the service opens only with the customer's own proof: they enter their PIN
// here, checked by the service.
void customer_pin_section(ScreenEnv& env, const OnlineRequest& lookup) {
    UiContext& ui = env.ui;
    std::string name;
    for (const CustomerHit& hit : lookup.customers)
        if (hit.id == lookup.needs_pin_for) name = hit.name;
    body_text(ui, ui.msg("search.needs_pin", {{"name", name}}));
    // The field and Confirm on the left, the keypad beside them: all of it in reach at once.
    const float left_x = ImGui::GetCursorPosX();
    const float column = std::min(ImGui::GetContentRegionAvail().x * 0.45f, 420.0f * ui.theme().text_scale);
    ImGui::BeginGroup();
    std::string& pin = field_text(env, "search.field.customer_pin");
    FieldOptions masked;
    masked.masked = true;
    masked.width = column;
    text_field(ui, "search.field.customer_pin", ui.tr("verify.pin_label"), pin, masked);
    ImGui::PushTextWrapPos(left_x + column);
    if (!lookup.pin_error.empty()) chip(ui, key_words(ui, lookup.pin_error), ChipTone::Refused);
    else ImGui::Dummy(ImVec2(1.0f, chip_line_height(ui)));
    ImGui::PopTextWrapPos();
    ButtonOptions go;
    go.tone = Tone::Primary;
    go.enabled = pin.size() >= 4 && env.snap.sync.online;
    if (button(ui, "search.open_with_pin", ui.tr("common.confirm"), go)) {
        env.state.fields["search.fetching"] = lookup.needs_pin_for;
        env.online.identify_and_serve(lookup.needs_pin_for, pin);
        pin.clear();
    }
    ImGui::EndGroup();
    ImGui::SameLine(left_x + column + ui.theme().spacing() * 3);
    ImGui::BeginGroup();
    pin_pad(env, "search.pin", pin);
    ImGui::EndGroup();
}

void online_section(ScreenEnv& env, const std::string& query) {
    UiContext& ui = env.ui;
    const OnlineRequest& lookup = env.snap.online_lookup;
    const bool online = env.snap.sync.online;
    ButtonOptions o;
    o.enabled = online && query.size() >= 2 && lookup.phase != OnlineRequest::Phase::InProgress;
    // The typing is done: the keyboard goes, so the results have the screen.
    if (button(ui, "search.online", ui.tr("search.beyond_store"), o)) {
        env.state.focused_field.clear();
        env.online.lookup_customers(query);
    }
    if (!online) muted_text(ui, ui.tr("search.offline_scope"));
    if (lookup.what != query) return;  // results of an older query are not shown
    switch (lookup.phase) {
        case OnlineRequest::Phase::NotAttempted: break;
        case OnlineRequest::Phase::InProgress: chip(ui, ui.tr("search.searching"), ChipTone::Pending); break;
        case OnlineRequest::Phase::Failed: chip(ui, key_words(ui, lookup.error), ChipTone::Refused); break;
        case OnlineRequest::Phase::Succeeded:
            if (lookup.customers.empty()) muted_text(ui, ui.msg("search.no_results", {{"query", query}}));
            for (const CustomerHit& hit : lookup.customers) hit_row(env, "search.online_result.", hit, true);
            break;
    }
}

}  // namespace

void draw_customer_search(ScreenEnv& env) {
    UiContext& ui = env.ui;
    // A customer fetched from the service is being served: show them.
    std::string& fetching = env.state.fields["search.fetching"];
    if (!fetching.empty() && env.snap.identity && env.snap.identity->customer_id == fetching) {
        fetching.clear();
        env.nav.go(ScreenId::CustomerHome);
    }
    begin_screen(ui, "customer-search");
    draw_screen_top(env);
    // The session's query (kept by the core) seeds the field the first time the screen shows.
    if (!env.state.fields.count("search.field")) {
        field_text(env, "search.field") = env.snap.search_query;
        focus_field(env, "search.field");
    }
    // The keyboard stays whole at the foot; everything above it scrolls as one, the field brought
    // into view as it is typed into.
    begin_body(env, "results", keyboard_reserve(env));
    screen_title(env, ui.tr("search.title"), false);
    staff_bar(env, ScreenId::CustomerSearch);
    keyboard_field(env, "search.field", ui.tr("search.query_label"));
    const std::string& query = field_text(env, "search.field");
    if (query != env.snap.search_query) env.core.search(query);
    notice_line(env);

    const OnlineRequest& lookup = env.snap.online_lookup;
    if (!lookup.needs_pin_for.empty() && lookup.what == query) {
        // The PIN comes from the keypad: the letter keyboard would only hide it.
        env.state.focused_field.clear();
        customer_pin_section(env, lookup);
    } else if (!query.empty()) {
        if (env.snap.search_results.empty()) muted_text(ui, ui.msg("search.no_results", {{"query", query}}));
        else muted_text(ui, ui.msg("search.results", {{"count", static_cast<std::int64_t>(env.snap.search_results.size())}}));
        for (const CustomerHit& hit : env.snap.search_results) hit_row(env, "search.result.", hit, false);
        ImGui::Dummy(ImVec2(0, ui.theme().spacing()));
        online_section(env, query);
    }
    end_body();
    if (focused_keyboard(env, 100) == KeyboardResult::Done) env.state.focused_field.clear();
    end_screen();
}

}  // namespace tp::ui
