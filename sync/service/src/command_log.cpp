#include "command_log.hpp"

#include <optional>
#include <stdexcept>

#include "authorization.hpp"
#include "case_rules.hpp"
#include "limits.hpp"
#include "scope.hpp"
#include "text.hpp"
#include "touchpoint/local_reference.hpp"
#include "touchpoint/domain_json.hpp"
#include "touchpoint/log.hpp"
#include "touchpoint/utf8.hpp"

namespace tp::service {
namespace {

// The result recorded for the command id sent by this terminal (or channel). Command ids are
// scoped to their sender: another terminal's id is a new command.
std::optional<nlohmann::json> recorded_result(Sql& db, const std::string& sender_id,
                                              const std::string& command_id) {
    auto stmt = db.prepare("SELECT result FROM commands WHERE terminal_id = ? AND command_id = ?");
    stmt.bind_all(sender_id, command_id);
    if (!stmt.step()) return std::nullopt;
    return nlohmann::json::parse(stmt.text(0));
}

bool seq_recorded(Sql& db, const std::string& terminal_id, std::int64_t seq) {
    auto stmt = db.prepare("SELECT 1 FROM commands WHERE terminal_id = ? AND terminal_seq = ?");
    stmt.bind_all(terminal_id, seq);
    return stmt.step();
}

void record(Sql& db, const std::string& command_id, const std::string& terminal_id,
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

// The command's id when it can be answered and recorded under it: text of 1-64 bytes of
// well-formed UTF-8. "" otherwise (also when `cmd` is not an object).
std::string usable_command_id(const nlohmann::json& cmd) {
    if (!cmd.is_object()) return "";
    auto id = string_member(cmd, "command_id");
    if (!id || id->empty() || id->size() > limits::kId || !is_valid_utf8(*id)) return "";
    return *id;
}

// Fills the request from the command's envelope; returns why it is malformed, or "".
std::string read_envelope(const nlohmann::json& cmd, CommandRequest& req) {
    if (!json_text_is_valid(cmd)) return "Every text in a command must be well-formed UTF-8.";
    auto case_id = string_member(cmd, "case_id");
    auto customer_id = string_member(cmd, "customer_id");
    auto action = string_member(cmd, "action");
    if (!case_id || !customer_id || !action)
        return "case_id, customer_id and action must be text.";
    if (case_id->size() > limits::kId || customer_id->size() > limits::kId ||
        action->size() > limits::kId)
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
    if (!role_name || !actor_id || actor_id->size() > limits::kId) return "The actor is malformed.";
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

// A terminal command's place in its terminal's order: terminal_seq and case_prev_seq.
struct Sequencing {
    std::optional<std::int64_t> seq;  // absent when malformed
    std::int64_t prev = 0;
    std::string malformed;  // why either field is malformed, or ""
};

Sequencing read_sequencing(const nlohmann::json& cmd) {
    Sequencing s;
    auto seq_it = cmd.find("terminal_seq");
    auto prev_it = cmd.find("case_prev_seq");
    if (seq_it != cmd.end() && seq_it->is_number_integer() && seq_it->get<std::int64_t>() >= 1)
        s.seq = seq_it->get<std::int64_t>();
    else
        s.malformed = "terminal_seq must be a whole number of at least 1.";
    if (prev_it != cmd.end() && !prev_it->is_null()) {
        if (prev_it->is_number_integer() && prev_it->get<std::int64_t>() >= 0)
            s.prev = prev_it->get<std::int64_t>();
        else
            s.malformed = "case_prev_seq must be a whole number of at least 0.";
    }
    return s;
}

// A `retry` result: not recorded, the terminal sends the command again later.
CommandResult retry_result(std::string code, std::string reason, Millis now) {
    CommandResult r;
    r.status = "retry";
    r.code = std::move(code);
    r.reason = std::move(reason);
    r.server_time = now;
    return r;
}

// `retry`/`out_of_order`, naming the predecessor the service has not recorded.
nlohmann::json out_of_order(const std::string& command_id, const nlohmann::json& cmd,
                            std::int64_t missing_seq, Millis now) {
    CommandResult r = retry_result(
        "out_of_order", "An earlier command on this case has not reached the service yet.", now);
    r.case_id = string_member(cmd, "case_id").value_or("");
    if (r.case_id.size() > limits::kId || !is_valid_utf8(r.case_id)) r.case_id.clear();
    r.extra["missing_seq"] = missing_seq;
    return result_json(command_id, r);
}

nlohmann::json unavailable(const std::string& command_id, Millis now) {
    return result_json(command_id,
                       retry_result("unavailable",
                                    "The service cannot reach its database; the command will be "
                                    "sent again.",
                                    now));
}

nlohmann::json internal_failure(const std::string& command_id, Millis now) {
    return result_json(command_id,
                       retry_result("internal",
                                    "The service could not decide this command; it will be sent "
                                    "again.",
                                    now));
}

// Injects the fault a test asks for (ServiceConfig::command_fault) into the open transaction.
void inject_test_fault(ServiceContext& ctx, Sql& db, const std::string& command_id) {
    if (!ctx.config.command_fault) return;
    switch (ctx.config.command_fault(command_id)) {
        case CommandFault::None:
            return;
        case CommandFault::Database:
            throw StorageError(StorageError::Kind::Unavailable, "write failed (injected)");
        case CommandFault::Commit:
            db.fail_next_commit();
            return;
        case CommandFault::Internal:
            throw std::logic_error("injected fault");
    }
}

// Decides one well-identified command inside the batch's transaction: the recorded result of an
// earlier send, a `retry` that is not recorded, or the outcome of the rules recorded with its
// effect. Throws StorageError on database failure and anything a broken rule raises.
nlohmann::json decide(ServiceContext& ctx, Sql& db, EntityStore& store,
                      const TerminalIdentity& terminal, const nlohmann::json& cmd,
                      const std::string& command_id, Millis now) {
    if (auto stored = recorded_result(db, terminal.terminal_id, command_id)) return *stored;

    Sequencing order = read_sequencing(cmd);
    if (order.malformed.empty() && order.prev > 0 &&
        !seq_recorded(db, terminal.terminal_id, order.prev))
        return out_of_order(command_id, cmd, order.prev, now);
    if (order.seq && seq_recorded(db, terminal.terminal_id, *order.seq))
        return result_json(command_id,
                           invalid_result("This terminal_seq was already used by another command.",
                                          now));

    CommandRequest req;
    std::string malformed = order.malformed;
    if (malformed.empty()) malformed = read_envelope(cmd, req);
    CommandResult result;
    std::optional<std::string> forbidden;
    if (malformed.empty()) forbidden = command_forbidden(db, store, terminal, req);
    if (!malformed.empty()) {
        result = invalid_result(malformed, now);
    } else if (forbidden) {
        result = forbidden_result(*forbidden, now);
    } else {
        req.command_id = command_id;
        req.channel = terminal_channel(req.role);
        req.terminal = true;
        req.local_reference_prefix = local_reference_prefix(terminal.store_id, terminal.terminal_id);
        req.in_scope = [&](const std::string& customer_id) {
            return customer_in_scope(db, store, terminal, customer_id);
        };
        result = apply_command(db, store, req, now);
    }
    nlohmann::json wire = result_json(command_id, result);
    // A command never grows the scope: only proof does (protocol §13).
    record(db, command_id, terminal.terminal_id, order.seq, result.case_id, wire, now);
    inject_test_fault(ctx, db, command_id);
    return wire;
}

// One command's result, and whether the database failed while deciding it.
struct Decision {
    nlohmann::json result;
    bool database_failed = false;
};

// A StorageError the batch's transaction cannot go on after: a serialization failure, after
// which the whole unit runs again. Any other is the command's own, undone to its savepoint.
bool ends_the_batch(const StorageError& e) {
    return e.kind() == StorageError::Kind::Retry;
}

// Decides one command of a batch inside a savepoint of the batch's transaction: a failure of the
// command rolls back what it wrote and nothing else. Logs failures with the command id only,
// never the command's content. Throws (ending the batch's unit) only when the transaction itself
// cannot go on: a serialization failure, or a savepoint that cannot be rolled back to.
Decision decide_in_batch(ServiceContext& ctx, Sql& db, EntityStore& store,
                         const TerminalIdentity& terminal, const nlohmann::json& cmd) {
    Millis now = ctx.now();
    std::string command_id = usable_command_id(cmd);
    if (command_id.empty()) {
        const char* why = cmd.is_object() ? "The command has no valid command_id."
                                          : "A command must be an object.";
        return {result_json("", invalid_result(why, now))};
    }
    db.exec("SAVEPOINT command");
    // A savepoint that cannot be rolled back to (the engine ended the whole transaction: a full
    // disk, a lost connection) ends the batch: nothing of it is committed.
    const auto undo = [&db, &store] {
        store.forget();
        try {
            db.exec("ROLLBACK TO SAVEPOINT command");
            db.exec("RELEASE SAVEPOINT command");
        } catch (const std::exception& e) {
            throw StorageError(StorageError::Kind::Unavailable,
                               std::string("cannot undo a command: ") + e.what());
        }
    };
    try {
        nlohmann::json wire = decide(ctx, db, store, terminal, cmd, command_id, now);
        db.exec("RELEASE SAVEPOINT command");
        return {std::move(wire)};
    } catch (const StorageError& e) {
        if (ends_the_batch(e)) throw;
        undo();
        if (e.kind() == StorageError::Kind::Conflict) {  // this command's own: the batch goes on
            tp::log::error("service", "command " + printable(command_id) +
                                          ": conflicting write, rolled back and answered retry");
            return {internal_failure(command_id, now)};
        }
        tp::log::error("service", "command " + printable(command_id) +
                                      ": database failure, answered retry (" + e.what() + ")");
        return {unavailable(command_id, now), true};
    } catch (const nlohmann::json::exception& e) {
        undo();
        tp::log::error("service", "command " + printable(command_id) + ": JSON error " +
                                      std::to_string(e.id) + ", rolled back and answered retry");
        return {internal_failure(command_id, now)};
    } catch (const std::exception& e) {
        undo();
        tp::log::error("service", "command " + printable(command_id) + ": " + e.what() +
                                      ", rolled back and answered retry");
        return {internal_failure(command_id, now)};
    }
}

}  // namespace

nlohmann::json apply_batch(ServiceContext& ctx, const TerminalIdentity& terminal,
                           const nlohmann::json& commands) {
    try {
        nlohmann::json results = ctx.storage->run_feed_writer([&](Sql& db) {
            auto decided = nlohmann::json::array();
            EntityStore store(db);
            bool database_failed = false;
            for (const auto& cmd : commands) {
                if (database_failed) {
                    decided.push_back(unavailable(usable_command_id(cmd), ctx.now()));
                    continue;
                }
                Decision decision = decide_in_batch(ctx, db, store, terminal, cmd);
                database_failed = decision.database_failed;
                decided.push_back(std::move(decision.result));
            }
            return decided;
        });
        ctx.notifier.notify();
        return results;
    } catch (const StorageError& e) {
        tp::log::error("service", "a batch of " + std::to_string(commands.size()) +
                                      " commands: database failure, all answered retry (" +
                                      e.what() + ")");
        auto results = nlohmann::json::array();
        for (const auto& cmd : commands) results.push_back(unavailable(usable_command_id(cmd), ctx.now()));
        return results;
    }
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
    if (!command_id || command_id->size() > limits::kId)
        throw ApiError{400, "invalid", "command_id must be text of at most 64 bytes."};

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

    nlohmann::json out = ctx.storage->run_feed_writer([&](Sql& db) -> nlohmann::json {
        EntityStore store(db);
        if (!store.find_case(case_id)) throw ApiError{404, "not_found", "There is no such case."};
        nlohmann::json wire;
        const std::string sender = "channel:" + *channel_name;
        if (!command_id->empty()) {
            if (auto stored = recorded_result(db, sender, *command_id)) wire = *stored;
        }
        if (wire.is_null()) {
            Millis now = ctx.now();
            CommandResult result = apply_command(db, store, req, now);
            wire = result_json(*command_id, result);
            if (!command_id->empty())
                record(db, *command_id, sender, std::nullopt, result.case_id, wire, now);
        }
        return {{"result", wire}, {"case", *store.find_case(case_id)}};
    });
    ctx.notifier.notify();
    return out;
}

}  // namespace tp::service
