#include "command_log.hpp"

#include <optional>

#include "case_rules.hpp"
#include "scope.hpp"
#include "touchpoint/domain_json.hpp"

namespace tp::service {
namespace {

constexpr std::size_t kIdMax = 64;

std::optional<nlohmann::json> recorded_result(Db& db, const std::string& command_id) {
    auto stmt = db.prepare("SELECT result FROM commands WHERE command_id = ?");
    stmt.bind(1, command_id);
    if (!stmt.step()) return std::nullopt;
    return nlohmann::json::parse(stmt.text(0));
}

bool seq_recorded(Db& db, const std::string& terminal_id, std::int64_t seq) {
    auto stmt = db.prepare("SELECT 1 FROM commands WHERE terminal_id = ? AND terminal_seq = ?");
    stmt.bind_all(terminal_id, seq);
    return stmt.step();
}

void record(Db& db, const std::string& command_id, const std::string& terminal_id,
            std::optional<std::int64_t> seq, const std::string& case_id,
            const nlohmann::json& result, Millis now) {
    auto stmt = db.prepare(
        "INSERT INTO commands(command_id, terminal_id, terminal_seq, case_id, result, "
        "recorded_at) VALUES(?, ?, ?, ?, ?, ?)");
    stmt.bind_all(command_id, terminal_id);
    if (seq)
        stmt.bind(3, *seq);
    else
        stmt.bind_null(3);
    stmt.bind(4, case_id).bind(5, result.dump()).bind(6, now).run();
}

// Reads an optional string member; nullopt when present with another type.
std::optional<std::string> string_member(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::string();
    if (!it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

// Fills the request from the command's envelope; returns why it is malformed, or "".
std::string read_envelope(const nlohmann::json& cmd, CommandRequest& req) {
    auto case_id = string_member(cmd, "case_id");
    auto customer_id = string_member(cmd, "customer_id");
    auto action = string_member(cmd, "action");
    if (!case_id || !customer_id || !action)
        return "case_id, customer_id and action must be text.";
    if (case_id->size() > kIdMax || customer_id->size() > kIdMax || action->size() > kIdMax)
        return "An id or action name is too long.";
    req.case_id = *case_id;
    req.customer_id = *customer_id;
    req.action = *action;
    if (auto it = cmd.find("payload"); it != cmd.end() && !it->is_null()) {
        if (!it->is_object()) return "The payload must be an object.";
        req.payload = *it;
    }
    auto actor = cmd.find("actor");
    if (actor == cmd.end() || !actor->is_object()) return "The actor is required.";
    auto role_name = string_member(*actor, "role");
    auto actor_id = string_member(*actor, "id");
    if (!role_name || !actor_id || actor_id->size() > kIdMax) return "The actor is malformed.";
    auto role = role_from_string(*role_name);
    if (!role) return "The actor's role must be customer, rep, technician or automatic.";
    req.role = *role;
    req.actor_id = *actor_id;
    if (auto it = cmd.find("device_time"); it != cmd.end() && !it->is_null()) {
        if (!it->is_number_integer()) return "device_time must be a whole number.";
        req.device_time = it->get<Millis>();
    }
    return "";
}

nlohmann::json apply_one(ServiceContext& ctx, const TerminalIdentity& terminal,
                         const nlohmann::json& cmd) {
    Millis now = ctx.now();
    if (!cmd.is_object()) return result_json("", invalid_result("A command must be an object.", now));
    auto command_id = string_member(cmd, "command_id");
    if (!command_id || command_id->empty() || command_id->size() > kIdMax)
        return result_json("", invalid_result("The command has no valid command_id.", now));

    std::lock_guard lock(ctx.db_mutex);
    ServiceTxn txn(ctx.db);
    if (auto stored = recorded_result(ctx.db, *command_id)) return *stored;

    std::optional<std::int64_t> seq;
    std::int64_t prev = 0;
    std::string malformed;
    auto seq_it = cmd.find("terminal_seq");
    auto prev_it = cmd.find("case_prev_seq");
    if (seq_it != cmd.end() && seq_it->is_number_integer() && seq_it->get<std::int64_t>() >= 1)
        seq = seq_it->get<std::int64_t>();
    else
        malformed = "terminal_seq must be a whole number of at least 1.";
    if (prev_it != cmd.end() && !prev_it->is_null()) {
        if (prev_it->is_number_integer() && prev_it->get<std::int64_t>() >= 0)
            prev = prev_it->get<std::int64_t>();
        else
            malformed = "case_prev_seq must be a whole number of at least 0.";
    }

    if (malformed.empty() && prev > 0 && !seq_recorded(ctx.db, terminal.terminal_id, prev)) {
        CommandResult retry;
        retry.status = "retry";
        retry.code = "out_of_order";
        retry.reason = "An earlier command on this case has not reached the service yet.";
        retry.case_id = string_member(cmd, "case_id").value_or("");
        retry.server_time = now;
        return result_json(*command_id, retry);  // not recorded; the transaction rolls back
    }
    if (seq && seq_recorded(ctx.db, terminal.terminal_id, *seq))
        return result_json(*command_id,
                           invalid_result("This terminal_seq was already used by another command.",
                                          now));

    CommandRequest req;
    if (malformed.empty()) malformed = read_envelope(cmd, req);
    EntityStore store(ctx.db);
    CommandResult result;
    if (malformed.empty()) {
        req.command_id = *command_id;
        req.channel = terminal_channel(req.role);
        req.terminal = true;
        result = apply_command(ctx.db, store, req, now);
    } else {
        result = invalid_result(malformed, now);
    }
    nlohmann::json wire = result_json(*command_id, result);
    if (!result.customer_id.empty())
        serve_customer(ctx.db, store, terminal, result.customer_id, now);
    record(ctx.db, *command_id, terminal.terminal_id, seq, result.case_id, wire, now);
    txn.commit();
    ctx.notifier.notify();
    return wire;
}

}  // namespace

nlohmann::json apply_batch(ServiceContext& ctx, const TerminalIdentity& terminal,
                           const nlohmann::json& commands) {
    auto results = nlohmann::json::array();
    for (const auto& cmd : commands) results.push_back(apply_one(ctx, terminal, cmd));
    return results;
}

nlohmann::json apply_channel_command(ServiceContext& ctx, const std::string& case_id,
                                     const nlohmann::json& body) {
    auto channel_name = string_member(body, "channel");
    std::optional<Channel> channel =
        channel_name ? channel_from_string(*channel_name) : std::nullopt;
    if (!channel || (*channel != Channel::Web && *channel != Channel::App &&
                     *channel != Channel::CallCenter))
        throw ApiError{400, "invalid", "channel must be web, app or call_center."};
    auto command_id = string_member(body, "command_id");
    if (!command_id || command_id->size() > kIdMax)
        throw ApiError{400, "invalid", "command_id must be text of at most 64 characters."};

    CommandRequest req;
    nlohmann::json envelope = body;
    envelope["case_id"] = case_id;
    if (!envelope.contains("actor"))
        envelope["actor"] = {{"role", *channel == Channel::CallCenter ? "rep" : "customer"},
                             {"id", ""}};
    std::string malformed = read_envelope(envelope, req);
    if (!malformed.empty()) throw ApiError{400, "invalid", malformed};
    req.command_id = *command_id;
    req.channel = *channel;
    req.terminal = false;
    req.back_office = true;

    std::lock_guard lock(ctx.db_mutex);
    ServiceTxn txn(ctx.db);
    EntityStore store(ctx.db);
    if (!store.find_case(case_id)) throw ApiError{404, "not_found", "There is no such case."};
    nlohmann::json wire;
    if (!command_id->empty()) {
        if (auto stored = recorded_result(ctx.db, *command_id)) wire = *stored;
    }
    if (wire.is_null()) {
        Millis now = ctx.now();
        CommandResult result = apply_command(ctx.db, store, req, now);
        wire = result_json(*command_id, result);
        if (!command_id->empty())
            record(ctx.db, *command_id, "channel:" + *channel_name, std::nullopt, result.case_id,
                   wire, now);
    }
    nlohmann::json out = {{"result", wire}, {"case", *store.find_case(case_id)}};
    txn.commit();
    ctx.notifier.notify();
    return out;
}

}  // namespace tp::service
