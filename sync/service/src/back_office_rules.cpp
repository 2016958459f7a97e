// Back-office operations the digital channels may use (protocol §6), so the demo and the tests
// can play the warehouse, the carrier, dispatch and the call center.

#include <array>

#include "rules_internal.hpp"

namespace tp::service::rules {
namespace {

void ship_order(RuleContext& ctx) {
    Case& order = need_order(ctx);
    if (order.status != "placed") invalid("Only a placed order can be shipped.");
    order.status = "shipped";
    set_step_reached(order, "Shipped", ctx.now);
    ctx.record(order, "shipped", "Order shipped");
}

void deliver_order(RuleContext& ctx) {
    Case& order = need_order(ctx);
    if (order.status != "placed" && order.status != "shipped")
        invalid("Only a placed or shipped order can be delivered.");
    Millis at = opt_int(ctx.req.payload, "delivered_at").value_or(ctx.now);
    if (at <= 0) invalid("The delivery time is not a valid time.");
    order.status = "delivered";
    order.delivered_at = at;
    set_step_reached(order, "Shipped", at);
    set_step_reached(order, "Delivered", at);
    ctx.record(order, "delivered", "Order delivered");
}

void cancel_visit(RuleContext& ctx) {
    Case& c = ctx.need_target();
    auto wo = ctx.store.work_order(c.id);
    if (!wo) invalid("This case has no visit.");
    wo->status = "cancelled";
    ctx.store.save(*wo);
    c.status = "cancelled";
    ctx.record(c, "visit_cancelled", "Visit cancelled by dispatch");
}

void close_case(RuleContext& ctx) {
    Case& c = ctx.need_target();
    c.status = "closed";
    ctx.record(c, "closed", "Case closed");
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
    ctx.record(c, "step", "Now at: " + c.steps[static_cast<std::size_t>(step)].name);
}

struct BackOfficeAction {
    const char* name;
    BackOfficeHandler handler;
};
constexpr std::array<BackOfficeAction, 5> kBackOffice{{
    {"ship_order", ship_order},
    {"deliver_order", deliver_order},
    {"cancel_visit", cancel_visit},
    {"close_case", close_case},
    {"set_step", set_step},
}};

}  // namespace

BackOfficeHandler back_office_handler(std::string_view name) {
    for (const auto& b : kBackOffice)
        if (name == b.name) return b.handler;
    return nullptr;
}

}  // namespace tp::service::rules
