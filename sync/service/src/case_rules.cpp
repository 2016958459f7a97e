#include "case_rules.hpp"

#include <algorithm>
#include <array>

#include "rules_internal.hpp"
#include "text.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/domain_json.hpp"

namespace tp::service {
namespace rules {

namespace {

// What the service answers for each refusal the action table foresees (foreseen_refusal).
struct ForeseenAnswer {
    std::string_view code;
    std::string_view reason;
    std::string_view alternative;
    std::string_view alternative_text;
};

constexpr std::array<ForeseenAnswer, 8> kForeseenAnswers{{
    {"not_delivered", "This order has not been delivered, so it cannot be returned yet.", "",
     "Please contact the store"},
    {"outside_return_window",
     "This order was delivered more than 30 days ago, so it can no longer be returned here.", "",
     "Please contact the store"},
    {"return_already_open", "A return of this order has already been started.", "", ""},
    {"order_cancelled", "This order was cancelled, so its delivery cannot be changed.", "", ""},
    {"already_dispatched",
     "This order has already been dispatched, so its delivery can no longer be changed.",
     "start_return", "Refuse it at the door, or start a return"},
    {"already_cancelled", "This order is already cancelled.", "", ""},
    {"already_shipped", "This order has already shipped, so it cannot be cancelled.",
     "start_return", "Start a return once it arrives"},
    {"case_closed", "This case is closed, so notes can no longer be added to it.",
     "open_complaint", "Open a new case"},
}};

void refuse_if_foreseen(ActionType type, const Case& c, Millis now) {
    const auto code = foreseen_refusal(type, c, now);
    if (!code) return;
    for (const ForeseenAnswer& a : kForeseenAnswers)
        if (a.code == *code)
            refuse(std::string(a.code), std::string(a.reason), std::string(a.alternative),
                   std::string(a.alternative_text));
    refuse(std::string(*code), "This cannot be done for this case.");
}

void start_return(RuleContext& ctx) {
    Case& order = need_order(ctx);
    std::string id = ctx.new_case_id();
    std::string reason = opt_string(ctx.req.payload, "reason", limits::kText).value_or("");
    refuse_if_foreseen(ActionType::StartReturn, order, ctx.now);
    Case ret = ctx.new_case(id, CaseKind::Return, order.subject,
                            {"return_requested", "item_received", "refund_issued"},
                            ctx.now + 14 * kDay, "Returns");
    ret.steps[1].planned = ctx.now + 7 * kDay;
    ret.steps[2].planned = ctx.now + 10 * kDay;
    ctx.record(ret, "start_return", {{"case_role", "return"}, {"reference", order.reference}},
               reason);
    ctx.created_case_id = ret.id;
    ctx.created_case_version = ret.version;
    ctx.record(order, "start_return", {{"case_role", "order"}, {"reference", ret.reference}});
}

void change_delivery(RuleContext& ctx) {
    Case& order = need_order(ctx);
    refuse_if_foreseen(ActionType::ChangeDelivery, order, ctx.now);
    auto date = opt_int(ctx.req.payload, "date");
    auto address = opt_string(ctx.req.payload, "address", limits::kAddress);
    if (!date && (!address || address->empty()))
        invalid("Say the new delivery date, the new address, or both.");
    const bool new_address = address && !address->empty();
    nlohmann::json params = {{"change", date && new_address ? "both" : date ? "date" : "address"}};
    if (date) {
        if (*date <= 0) invalid("The new delivery date is not a valid date.");
        for (auto& step : order.steps)
            if (step.code == "delivered") step.planned = *date;
        params["date"] = *date;
    }
    if (new_address) params["address"] = *address;
    ctx.record(order, "change_delivery", std::move(params));
}

void cancel_order(RuleContext& ctx) {
    Case& order = need_order(ctx);
    refuse_if_foreseen(ActionType::CancelOrder, order, ctx.now);
    order.status = "cancelled";
    ctx.record(order, "cancel_order");
}

void request_callback(RuleContext& ctx) {
    ctx.need_customer();
    std::string id = ctx.new_case_id();
    std::string topic = need_string(ctx.req.payload, "topic", limits::kShortText);
    Millis when = opt_int(ctx.req.payload, "when").value_or(0);
    if (when < 0) invalid("The callback time is not a valid time.");
    Millis due = when > 0 ? when : ctx.now + kDay;
    Case cb = ctx.new_case(id, CaseKind::Callback, topic,
                           {"callback_requested", "called_back"}, due, "Call center");
    cb.steps[1].planned = due;
    ctx.record(cb, "request_callback", {{"when_at", due}}, topic);
    ctx.created_case_id = cb.id;
    ctx.created_case_version = cb.version;
}

void add_note(RuleContext& ctx) {
    Case& c = ctx.need_target();
    refuse_if_foreseen(ActionType::AddNote, c, ctx.now);
    ctx.record(c, "add_note", nlohmann::json::object(),
               need_string(ctx.req.payload, "text", limits::kText));
}

void answer_intray(RuleContext& ctx) {
    std::string item_id = need_string(ctx.req.payload, "item_id", limits::kItemId);
    auto item = ctx.store.intray_item(item_id);
    if (!item || !ctx.may_touch(item->customer_id))
        invalid("This item is not known to the service.");
    if (ctx.target && ctx.target->id != item->case_id)
        invalid("This item belongs to another case.");
    if (ctx.customer && item->customer_id != ctx.customer->id)
        invalid("This item belongs to another customer.");
    if (!ctx.target) ctx.target = ctx.store.find_case(item->case_id);
    if (!item->answer.empty())
        refuse("already_answered", "It was already answered " +
                                       channel_phrase(item->answered_channel) + " at " +
                                       describe_time(item->answered_at, ctx.now) + ".");
    std::string answer = need_string(ctx.req.payload, "answer", limits::kText);
    // With options the answer is an option's id; without, the customer's own words.
    if (!item->options.empty() &&
        std::none_of(item->options.begin(), item->options.end(),
                     [&](const InTrayOption& o) { return o.id == answer; }))
        invalid("Choose one of the offered answers.");
    item->answer = answer;
    item->answered_channel = ctx.req.channel;
    item->answered_at = ctx.now;
    ctx.store.save(*item);
    if (ctx.target) {
        nlohmann::json params = {{"item_id", item->id}, {"item_kind", item->kind}};
        if (!item->options.empty()) params["answer"] = answer;
        ctx.record(*ctx.target, "answer_intray", std::move(params),
                   item->options.empty() ? answer : std::string());
    }
}

struct PreferenceField {
    const char* name;
    bool is_bool;
};
constexpr std::array<PreferenceField, 4> kPreferenceFields{{
    {"language", false},
    {"preferred_channel", false},
    {"accessibility", false},
    {"contact_consent", true},
}};

void update_preferences(RuleContext& ctx) {
    Customer customer = ctx.need_customer();
    const auto& p = ctx.req.payload;
    auto base_version = opt_int(p, "base_version");
    std::string source = ctx.req.terminal ? "terminal" : to_string(ctx.req.channel);

    // Validate every field before changing anything.
    auto language = opt_string(p, "language", limits::kLanguage);
    if (language && *language != "en" && *language != "es" && *language != "fr" &&
        *language != "de")
        invalid("The language must be one of en, es, fr, de.");
    auto channel = opt_string(p, "preferred_channel", limits::kKeyword);
    if (channel && channel->empty()) invalid("The preferred channel cannot be empty.");
    auto accessibility = opt_string(p, "accessibility", limits::kShortText);
    auto consent = opt_bool(p, "contact_consent");
    if (!language && !channel && !accessibility && !consent)
        invalid("Say which preference to change.");

    auto stamp = ctx.db.prepare(
        "SELECT version, channel, source, at FROM preference_stamps "
        "WHERE customer_id = ? AND field = ?");
    auto write_stamp = ctx.db.prepare(
        "INSERT INTO preference_stamps(customer_id, field, version, channel, source, at) "
        "VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(customer_id, field) DO UPDATE SET "
        "version = excluded.version, channel = excluded.channel, source = excluded.source, "
        "at = excluded.at");
    std::int64_t new_version = customer.version + 1;
    auto newer = nlohmann::json::array();
    bool changed = false;
    for (const auto& field : kPreferenceFields) {
        if (!p.contains(field.name) || p[field.name].is_null()) continue;
        stamp.bind_all(customer.id, field.name);
        if (stamp.step() && base_version && stamp.int64(0) > *base_version &&
            stamp.text(2) != source) {
            newer.push_back({{"field", field.name}, {"channel", stamp.text(1)},
                             {"at", stamp.int64(3)}});
            stamp.reset();
            continue;
        }
        stamp.reset();
        std::string name = field.name;
        if (name == "language") customer.preferences.language = *language;
        if (name == "preferred_channel") customer.preferences.preferred_channel = *channel;
        if (name == "accessibility") customer.preferences.accessibility = *accessibility;
        if (name == "contact_consent") customer.preferences.contact_consent = *consent;
        write_stamp
            .bind_all(customer.id, field.name, new_version, to_string(ctx.req.channel), source,
                      ctx.now)
            .run();
        write_stamp.reset();
        changed = true;
    }
    if (changed) {
        customer.version = new_version;
        ctx.store.save(customer);
    }
    ctx.extra["preferences"] = customer.preferences;
    ctx.extra["newer_elsewhere"] = newer;
    ctx.customer = customer;
}

void open_complaint(RuleContext& ctx) {
    ctx.need_customer();
    std::string id = ctx.new_case_id();
    std::string text = need_string(ctx.req.payload, "text", limits::kText);
    std::string kind_name =
        opt_string(ctx.req.payload, "kind", limits::kKeyword).value_or("complaint");
    if (kind_name.empty()) kind_name = "complaint";
    if (kind_name != "complaint" && kind_name != "service_request")
        invalid("The kind must be complaint or service_request.");
    CaseKind kind = kind_name == "complaint" ? CaseKind::Complaint : CaseKind::ServiceRequest;
    Case c = ctx.new_case(id, kind, excerpt(text, limits::kTitleExcerpt),
                          {"opened", "in_progress", "resolved"}, ctx.now + 5 * kDay,
                          "Customer care");
    ctx.record(c, "open_complaint", {{"case_kind", kind_name}}, text);
    ctx.created_case_id = c.id;
    ctx.created_case_version = c.version;
}

Interaction new_interaction(RuleContext& ctx, const std::string& kind, nlohmann::json params,
                            const std::string& summary) {
    Interaction i;
    i.id = "INT-" + new_uuid();
    i.customer_id = ctx.need_customer().id;
    i.case_id = ctx.target ? ctx.target->id : std::string();
    i.channel = ctx.req.channel;
    i.kind = kind;
    i.params = std::move(params);
    i.summary = summary;
    i.at = ctx.now;
    return i;
}

void feedback(RuleContext& ctx) {
    ctx.need_customer();
    std::int64_t score = need_int(ctx.req.payload, "score");
    if (score < 0 || score > 10) invalid("Feedback is a score from 0 to 10.");
    std::string comment = opt_string(ctx.req.payload, "comment", limits::kText).value_or("");
    const nlohmann::json params = {{"score", score}};
    ctx.store.save(new_interaction(ctx, "feedback", params, comment));
    if (ctx.target) ctx.record(*ctx.target, "feedback", params, comment);
}

void interaction(RuleContext& ctx) {
    ctx.need_customer();
    std::string kind = need_string(ctx.req.payload, "kind", limits::kKeyword);
    auto case_id = opt_string(ctx.req.payload, "case_id", limits::kId);
    if (case_id && !case_id->empty()) {
        auto c = ctx.target && ctx.target->id == *case_id ? ctx.target
                                                           : ctx.store.find_case(*case_id);
        if (!c || c->customer_id != ctx.customer->id)
            invalid("This case is not known for this customer.");
        ctx.target = c;
    }
    if (kind != "session_started" && kind != "session_ended" && kind != "case_viewed")
        invalid("The interaction kind must be session_started, case_viewed or session_ended.");
    nlohmann::json params = nlohmann::json::object();
    if (kind == "case_viewed" && ctx.target) params["reference"] = ctx.target->reference;
    ctx.store.save(new_interaction(ctx, kind, std::move(params), ""));
}

void apply_action(ActionType type, RuleContext& ctx) {
    switch (type) {
        case ActionType::StartReturn:
            return start_return(ctx);
        case ActionType::ChangeDelivery:
            return change_delivery(ctx);
        case ActionType::CancelOrder:
            return cancel_order(ctx);
        case ActionType::RequestCallback:
            return request_callback(ctx);
        case ActionType::AddNote:
            return add_note(ctx);
        case ActionType::AnswerInTray:
            return answer_intray(ctx);
        case ActionType::UpdatePreferences:
            return update_preferences(ctx);
        case ActionType::OpenComplaint:
            return open_complaint(ctx);
        case ActionType::Feedback:
            return feedback(ctx);
        case ActionType::Interaction:
            return interaction(ctx);
        case ActionType::RefundPayout:
        case ActionType::IdentityChange:
            refuse("not_supported_here",
                   "This needs a live answer from the service desk and cannot be done here.", "",
                   "Please ask at the service desk");
        default:
            return apply_visit_action(type, ctx);
    }
}

std::string actor_text(Role role, const std::string& id) {
    if (role == Role::Customer || role == Role::Automatic || id.empty()) return to_string(role);
    return std::string(to_string(role)) + ":" + id;
}

// Resolves the case, customer and role of the command; refuses what no rule may accept.
void check_envelope(RuleContext& ctx, const ActionSpec* action) {
    const CommandRequest& req = ctx.req;
    if (!req.case_id.empty()) {
        ctx.target = ctx.store.find_case(req.case_id);
        if (!ctx.target) invalid("This case is not known to the service.");
    }
    std::string customer_id = req.customer_id;
    if (customer_id.empty() && ctx.target) customer_id = ctx.target->customer_id;
    if (!customer_id.empty()) {
        ctx.customer = ctx.store.customer(customer_id);
        if (!ctx.customer) invalid("This customer is not known to the service.");
    }
    if (ctx.target && ctx.customer && ctx.target->customer_id != ctx.customer->id)
        invalid("This case belongs to another customer.");
    if (!action) return;  // back office: the channel is trusted
    if (!role_may_issue(req.role, action->type))
        refuse("not_allowed", std::string("This cannot be done by a ") + to_string(req.role) + ".");
    if (req.role == Role::Customer && ctx.customer && !req.actor_id.empty() &&
        req.actor_id != ctx.customer->id)
        refuse("not_allowed", "A customer can only act on their own account.");
    if (req.terminal && (req.role == Role::Rep || req.role == Role::Technician)) {
        auto staff = ctx.store.staff(req.actor_id);
        if (!staff || staff->role != req.role)
            refuse("not_allowed", "This staff member is not known to the service.");
    }
}

}  // namespace
}  // namespace rules

Channel terminal_channel(Role role) {
    switch (role) {
        case Role::Rep:
            return Channel::Terminal;
        case Role::Technician:
            return Channel::Technician;
        default:
            return Channel::Kiosk;
    }
}

nlohmann::json result_json(const std::string& command_id, const CommandResult& r) {
    nlohmann::json j = {{"command_id", command_id},
                        {"status", r.status},
                        {"code", r.code},
                        {"reason", r.reason},
                        {"alternative", r.alternative},
                        {"alternative_text", r.alternative_text},
                        {"case_id", r.case_id},
                        {"case_version", r.case_version},
                        {"server_time", r.server_time}};
    for (const auto& [key, value] : r.extra.items()) j[key] = value;
    return j;
}

CommandResult invalid_result(const std::string& reason, Millis now) {
    CommandResult r;
    r.status = "refused";
    r.code = "invalid";
    r.reason = reason;
    r.server_time = now;
    return r;
}

CommandResult forbidden_result(const std::string& reason, Millis now) {
    CommandResult r = invalid_result(reason, now);
    r.code = "forbidden";
    return r;
}

CommandResult apply_command(Sql& db, EntityStore& store, const CommandRequest& request,
                            Millis now) {
    using namespace rules;
    RuleContext ctx(db, store, request, now, actor_text(request.role, request.actor_id));
    CommandResult result;
    result.server_time = now;

    db.exec("SAVEPOINT apply_command");
    try {
        std::optional<ActionType> type = action_from_wire(request.action);
        BackOfficeHandler back_office =
            !type && request.back_office ? back_office_handler(request.action) : nullptr;
        if (!type && !back_office) {
            check_envelope(ctx, nullptr);
            invalid("This action is not known to the service.");
        }
        if (!request.payload.is_object()) invalid("The payload must be an object.");
        check_envelope(ctx, type ? &spec(*type) : nullptr);
        if (type)
            apply_action(*type, ctx);
        else
            back_office(ctx);
        db.exec("RELEASE apply_command");
        result.status = "applied";
        if (!ctx.created_case_id.empty()) {
            result.case_id = ctx.created_case_id;
            result.case_version = ctx.created_case_version;
        } else if (ctx.target) {
            result.case_id = ctx.target->id;
            result.case_version = ctx.target->version;
        }
        result.extra = std::move(ctx.extra);
    } catch (const Refusal& refusal) {
        db.exec("ROLLBACK TO apply_command");
        db.exec("RELEASE apply_command");
        result.status = "refused";
        result.code = refusal.code;
        result.reason = refusal.reason;
        result.alternative = refusal.alternative;
        result.alternative_text = refusal.alternative_text;
        // The refusal stays on the case's timeline, where every channel sees it.
        std::string case_id = ctx.target ? ctx.target->id : request.case_id;
        auto c = case_id.empty() ? std::nullopt : store.find_case(case_id);
        if (c && ctx.may_touch(c->customer_id)) {
            RuleContext fresh(db, store, request, now, ctx.actor);
            fresh.record(*c, "refused", {{"code", refusal.code}, {"action", request.action}});
            result.case_id = c->id;
            result.case_version = c->version;
        }
    } catch (...) {
        try {
            db.exec("ROLLBACK TO apply_command");
            db.exec("RELEASE apply_command");
        } catch (const StorageError&) {
            // The transaction is lost anyway; the caller rolls it back.
        }
        throw;
    }
    if (ctx.customer) result.customer_id = ctx.customer->id;
    else if (ctx.target && ctx.may_touch(ctx.target->customer_id))
        result.customer_id = ctx.target->customer_id;
    return result;
}

}  // namespace tp::service
