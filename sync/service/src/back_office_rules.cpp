// Back-office operations the digital channels may use (protocol §6), so the demo and the tests
// can play the warehouse, the carrier, dispatch and the call center.

#include <array>

#include "rules_internal.hpp"
#include "touchpoint/domain_json.hpp"

namespace tp::service::rules {
namespace {

void ship_order(RuleContext& ctx) {
    Case& order = need_order(ctx);
    if (order.status != "placed") invalid("Only a placed order can be shipped.");
    order.status = "shipped";
    set_step_reached(order, "shipped", ctx.now);
    ctx.record(order, "shipped");
}

void deliver_order(RuleContext& ctx) {
    Case& order = need_order(ctx);
    if (order.status != "placed" && order.status != "shipped")
        invalid("Only a placed or shipped order can be delivered.");
    Millis at = opt_int(ctx.req.payload, "delivered_at").value_or(ctx.now);
    if (at <= 0) invalid("The delivery time is not a valid time.");
    order.status = "delivered";
    order.delivered_at = at;
    set_step_reached(order, "shipped", at);
    set_step_reached(order, "delivered", at);
    ctx.record(order, "delivered");
}

void cancel_visit(RuleContext& ctx) {
    Case& c = ctx.need_target();
    auto wo = ctx.store.work_order(c.id);
    if (!wo) invalid("This case has no visit.");
    wo->status = "cancelled";
    ctx.store.save(*wo);
    c.status = "cancelled";
    ctx.record(c, "visit_cancelled");
}

void close_case(RuleContext& ctx) {
    Case& c = ctx.need_target();
    c.status = "closed";
    ctx.record(c, "closed");
}

void set_step(RuleContext& ctx) {
    Case& c = ctx.need_target();
    std::int64_t step = need_int(ctx.req.payload, "step");
    if (step < 0 || step >= static_cast<std::int64_t>(c.steps.size()))
        invalid("This case has no such step.");
    for (std::int64_t i = 0; i <= step; ++i)
        if (c.steps[static_cast<std::size_t>(i)].actual == 0)
            c.steps[static_cast<std::size_t>(i)].actual = ctx.now;
    c.current_step = static_cast<int>(step);
    ctx.record(c, "step", {{"step", c.steps[static_cast<std::size_t>(step)].code}});
}

// An option of a posted in-tray item: {id, text?, start?, end?} or a plain string (its id and its
// English text).
InTrayOption posted_option(const nlohmann::json& o) {
    if (o.is_string()) {
        std::string id = need_string(nlohmann::json{{"option", o}}, "option", limits::kItemId);
        return InTrayOption{id, LocalText{{"en", id}}, 0, 0};
    }
    if (!o.is_object()) invalid("Each option is text or an object with an id.");
    InTrayOption option;
    option.id = need_string(o, "id", limits::kItemId);
    option.text = opt_local_text(o, "text", limits::kShortText).value_or(LocalText{});
    option.start = opt_int(o, "start").value_or(0);
    option.end = opt_int(o, "end").value_or(0);
    if (option.start < 0 || option.end < option.start)
        invalid("An option's slot must end after it starts.");
    if (option.start == 0 && option.text.empty()) invalid("An option needs a text or a slot.");
    return option;
}

// The business asks the customer something on one of their cases (the in-tray).
void post_intray(RuleContext& ctx) {
    Case& c = ctx.need_target();
    const auto& p = ctx.req.payload;
    InTrayItem item;
    item.id = need_string(p, "item_id", limits::kItemId);
    if (auto existing = ctx.store.intray_item(item.id); existing)
        invalid("This in-tray item id is already used.");
    item.case_id = c.id;
    item.customer_id = c.customer_id;
    item.kind = need_string(p, "kind", limits::kKeyword);
    item.prompt = opt_local_text(p, "prompt", limits::kShortText).value_or(LocalText{});
    if (item.prompt.empty()) invalid("The field \"prompt\" is required.");
    const auto options = p.value("options", nlohmann::json::array());
    if (!options.is_array() || options.size() > limits::kInTrayOptions)
        invalid("The options are a list of at most 20.");
    for (const auto& o : options) item.options.push_back(posted_option(o));
    item.due = opt_int(p, "due").value_or(0);
    ctx.store.save(item);
    ctx.record(c, "intray_posted", {{"item_id", item.id}, {"item_kind", item.kind}});
    ctx.extra["intray"] = item;
}

struct BackOfficeAction {
    const char* name;
    BackOfficeHandler handler;
};
constexpr std::array<BackOfficeAction, 6> kBackOffice{{
    {"ship_order", ship_order},
    {"deliver_order", deliver_order},
    {"cancel_visit", cancel_visit},
    {"close_case", close_case},
    {"set_step", set_step},
    {"post_intray", post_intray},
}};

}  // namespace

BackOfficeHandler back_office_handler(std::string_view name) {
    for (const auto& b : kBackOffice)
        if (name == b.name) return b.handler;
    return nullptr;
}

}  // namespace tp::service::rules
