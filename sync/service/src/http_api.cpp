#include "http_api.hpp"

#include <httplib.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <regex>
#include <vector>

#include "auth.hpp"
#include "authorization.hpp"
#include "change_feed.hpp"
#include "command_log.hpp"
#include "connection_guard.hpp"
#include "context.hpp"
#include "feed_waits.hpp"
#include "fleet.hpp"
#include "fleet_page.hpp"
#include "customer_identification.hpp"
#include "grants.hpp"
#include "limits.hpp"
#include "request_head.hpp"
#include "scope.hpp"
#include "staff_pins.hpp"
#include "text.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/domain_json.hpp"
#include "touchpoint/log.hpp"

#ifndef TOUCHPOINT_VERSION
#define TOUCHPOINT_VERSION "0.0.0"
#endif

namespace tp::service {
namespace {

using nlohmann::json;

constexpr int kMaxBatch = 100;
constexpr int kDefaultLimit = 200;
constexpr int kMaxLimit = 1000;
constexpr int kMaxWaitSeconds = 25;
constexpr std::size_t kLookupLimit = 20;
constexpr int kLookupScan = 500;
constexpr int kMaxJsonDepth = 32;  // deeper JSON is refused before parsing: copies recurse
// The request's X-Request-Id when it is well-formed (1-64 of [A-Za-z0-9-_]); "" otherwise. A
// malformed id is ignored, not refused: it only means the answer cannot echo it.
std::string request_id(const httplib::Request& req) {
    std::string id = req.get_header_value("X-Request-Id");
    if (!is_request_id(id)) return "";
    return id;
}

// True when arrays and objects in `text` nest deeper than `max_depth`. Brackets inside strings
// do not count. Runs in linear time with constant stack.
bool nests_deeper_than(std::string_view text, int max_depth) {
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        if (c == '[' || c == '{') {
            if (++depth > max_depth) return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

// Answers {"error":{"code","message"[,"request_id"]}}: the request's id when it sent one.
void send_error(const httplib::Request& req, httplib::Response& res, int status,
                const std::string& code, const std::string& message) {
    json error = {{"code", code}, {"message", message}};
    if (std::string id = request_id(req); !id.empty()) error["request_id"] = id;
    send_json(res, status, {{"error", error}});
}

json parse_body(const httplib::Request& req) {
    if (nests_deeper_than(req.body, kMaxJsonDepth))
        throw ApiError{400, "invalid", "The request body is nested too deeply."};
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded())
        throw ApiError{400, "bad_json", "The request body is not valid JSON."};
    if (!body.is_object()) throw ApiError{400, "invalid", "The request body must be an object."};
    return body;
}

std::string body_string(const json& body, const char* key, std::size_t max_len, bool required) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) {
        if (required) throw ApiError{400, "invalid", std::string(key) + " is required."};
        return "";
    }
    if (!it->is_string()) throw ApiError{400, "invalid", std::string(key) + " must be text."};
    const auto& s = it->get_ref<const std::string&>();
    if (s.size() > max_len) throw ApiError{400, "invalid", std::string(key) + " is too long."};
    if (required && s.empty()) throw ApiError{400, "invalid", std::string(key) + " is required."};
    return s;
}

// An integer query parameter within [lo, hi]; `fallback` when absent.
int int_param(const httplib::Request& req, const char* name, int fallback, int lo, int hi) {
    if (!req.has_param(name)) return fallback;
    std::string text = req.get_param_value(name);
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < lo || value > hi)
        throw ApiError{400, "invalid",
                       std::string(name) + " must be a whole number from " + std::to_string(lo) +
                           " to " + std::to_string(hi) + "."};
    return value;
}

std::string bearer_token(const httplib::Request& req) {
    std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kPrefix = "Bearer ";
    if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0)
        throw ApiError{401, "unauthorized", "This call needs the terminal's token."};
    return header.substr(kPrefix.size());
}

// The demo's channel key opens the channel API of a demo service only (--demo).
bool channel_key_ok(const httplib::Request& req, const ServiceContext& ctx) {
    std::string key = req.get_header_value("X-Channel-Key");
    if (!ctx.config.demo && ctx.config.channel_key == kDemoChannelKey) return false;
    return !ctx.config.channel_key.empty() &&
           equal_constant_time(sha256_hex(key), sha256_hex(ctx.config.channel_key));
}

// No operator key configured: nothing is the operator's.
bool operator_key_ok(const httplib::Request& req, const ServiceContext& ctx) {
    const std::string& key = ctx.config.operator_key;
    return !key.empty() && equal_constant_time(sha256_hex(req.get_header_value("X-Operator-Key")),
                                               sha256_hex(key));
}

// A long poll's place among the service's max_long_polls: while it is held, the handler thread
// that serves the poll does not count among the handler threads (ConnectionGuard::begin_long_wait),
// so short requests keep theirs. Held until the answer is composed; at most one per thread.
class LongPollSlot {
  public:
    explicit LongPollSlot(ServiceContext& ctx) : ctx_(ctx) {
        held_ = !ctx_.guard || ctx_.guard->begin_long_wait();
        if (held_) held_here_ = true;
    }
    ~LongPollSlot() {
        if (!held_) return;
        held_here_ = false;
        if (ctx_.guard) ctx_.guard->end_long_wait();
    }
    LongPollSlot(const LongPollSlot&) = delete;
    LongPollSlot& operator=(const LongPollSlot&) = delete;
    bool held() const { return held_; }
    // Whether the request this thread serves holds one.
    static bool held_here() { return held_here_; }

  private:
    ServiceContext& ctx_;
    bool held_ = false;
    static thread_local bool held_here_;
};

thread_local bool LongPollSlot::held_here_ = false;

// A feed request that may wait (wait=N, N > 0): its reads give way to short requests'.
bool long_poll(const httplib::Request& req) {
    if (req.path != "/v1/changes" || !req.has_param("wait")) return false;
    const std::string wait = req.get_param_value("wait");
    return !wait.empty() && wait[0] >= '1' && wait[0] <= '9';
}

// The caller of a request from its credentials, checked in their own transaction (the first use
// of a renewed token is recorded). A grant that is unknown, expired or another terminal's is no
// proof: the caller is taken as not holding it.
Principal principal_of(const httplib::Request& req, ServiceContext& ctx) {
    Principal who;
    if (req.has_header("X-Operator-Key")) {
        if (!operator_key_ok(req, ctx))
            throw ApiError{401, "unauthorized", "The operator key is not accepted."};
        who.kind = Principal::Kind::Operator;
        return who;
    }
    if (req.has_header("X-Channel-Key")) {
        if (!channel_key_ok(req, ctx))
            throw ApiError{401, "unauthorized", "The channel key is not accepted."};
        who.kind = Principal::Kind::Channel;
        return who;
    }
    if (!req.has_header("Authorization")) return who;
    // A token used before is checked in a unit that only reads; its first use is recorded one at a
    // time with enrollments (run_feed_writer), which write the same rows.
    auto check = [&](Sql& db, bool first_use) -> std::optional<Principal> {
        Principal terminal;
        terminal.kind = Principal::Kind::Terminal;
        if (first_use) {
            terminal.terminal = authenticate(db, bearer_token(req), ctx.now());
        } else if (auto known = authenticate_used(db, bearer_token(req), ctx.now())) {
            terminal.terminal = *known;
        } else {
            return std::nullopt;
        }
        terminal.terminal.wipe_ordered = wipe_pending(db, terminal.terminal.terminal_id);
        if (std::string grant = req.get_header_value("X-Staff-Grant"); !grant.empty()) {
            EntityStore store(db);
            if (auto id = grant_subject(db, terminal.terminal, GrantKind::Staff, grant, ctx.now()))
                terminal.staff = store.staff(*id);
        }
        if (std::string grant = req.get_header_value("X-Customer-Grant"); !grant.empty())
            terminal.customer_id =
                grant_subject(db, terminal.terminal, GrantKind::Customer, grant, ctx.now());
        return terminal;
    };
    auto checked = [&](Sql& db) { return check(db, false); };
    if (auto known = long_poll(req) ? ctx.storage->read_giving_way(checked) : ctx.storage->read(checked))
        return *known;
    return *ctx.storage->run_feed_writer([&](Sql& db) { return check(db, true); });
}

json issued_json(const IssuedToken& t) {
    return {{"terminal_id", t.terminal_id},
            {"token", t.token},
            {"store_id", t.store_id},
            {"token_expires_at", t.expires_at}};
}

using Handler = void (*)(const httplib::Request&, httplib::Response&, ServiceContext&,
                         const Principal&);

void health(const httplib::Request&, httplib::Response& res, ServiceContext& ctx,
            const Principal&) {
    send_json(res, 200, {{"status", "ok"}, {"version", TOUCHPOINT_VERSION}, {"epoch", ctx.epoch}});
}

// Liveness: the process serves. Nothing else is asked, so a load balancer or supervisor never
// restarts an instance for its database's sake.
void health_live(const httplib::Request&, httplib::Response& res, ServiceContext&,
                 const Principal&) {
    send_json(res, 200, {{"status", "live"}});
}

// Readiness: this instance can serve requests now. 503 `unavailable` while it drains (it was told
// to stop) or when a trivial unit of work on the database fails, so a load balancer sends the
// requests to another instance.
void health_ready(const httplib::Request&, httplib::Response& res, ServiceContext& ctx,
                  const Principal&) {
    if (ctx.draining.load())
        throw ApiError{503, "unavailable", "The service is stopping; retry on another instance."};
    ctx.storage->read([](Sql& db) { db.prepare("SELECT 1").step(); });
    if (ctx.draining.load())
        throw ApiError{503, "unavailable", "The service is stopping; retry on another instance."};
    send_json(res, 200, {{"status", "ready"}});
}

void enroll_terminal(const httplib::Request& req, httplib::Response& res, ServiceContext& ctx,
                     const Principal&) {
    json body = parse_body(req);
    std::string code = body_string(body, "code", limits::kEnrollCode, true);
    std::string name = body_string(body, "terminal_name", limits::kShortText, false);
    // One enrollment at a time: concurrent ones would fail each other's serialization.
    IssuedToken t = ctx.storage->run_feed_writer(
        [&](Sql& db) { return enroll(db, code, name, ctx.now(), ctx.config.token_ttl); });
    send_json(res, 200, issued_json(t));
}

// Open: the token to renew may have expired, so renew() checks it itself.
void renew_token(const httplib::Request& req, httplib::Response& res, ServiceContext& ctx,
                 const Principal&) {
    std::string token = bearer_token(req);
    IssuedToken t = ctx.storage->run([&](Sql& db) {
        return renew(db, token, ctx.now(), ctx.config.token_ttl, ctx.config.token_grace);
    });
    send_json(res, 200, issued_json(t));
}

json grant_json(const IssuedGrant& g) {
    return {{"grant", g.grant}, {"grant_expires_at", g.expires_at}};
}

void verify_staff_pin(const httplib::Request& req, httplib::Response& res, ServiceContext& ctx,
                      const Principal& who) {
    json body = parse_body(req);
    std::string staff_id = body_string(body, "staff_id", limits::kId, true);
    std::string pin = body_string(body, "pin", limits::kPin, true);
    StaffVerification v = verify_staff(ctx, who.terminal, staff_id, pin);
    IssuedGrant grant;
    if (v.outcome == StaffVerification::Outcome::Verified) {
        grant = ctx.storage->run([&](Sql& db) {
            return issue_grant(db, who.terminal, GrantKind::Staff, v.staff.id, ctx.now(),
                               ctx.config.staff_grant_ttl);
        });
    }
    ctx.notifier.notify();
    switch (v.outcome) {
        case StaffVerification::Outcome::Locked:
            throw ApiError{423, "locked",
                           "Too many wrong PINs: this staff member is locked for a while."};
        case StaffVerification::Outcome::WrongPin:
            throw ApiError{403, "wrong_pin", "The staff id or PIN is wrong."};
        case StaffVerification::Outcome::Verified:
            break;
    }
    json staff = {{"id", v.staff.id},
                  {"name", v.staff.name},
                  {"role", v.staff.role},
                  {"store_id", v.staff.store_id}};
    json out = {{"staff", staff}, {"work_orders_added", v.work_orders_added}};
    out.update(grant_json(grant));
    send_json(res, 200, out);
}

void identify_customer(const httplib::Request& req, httplib::Response& res, ServiceContext& ctx,
                       const Principal& who) {
    if (!who.staff || who.staff->role != Role::Rep)
        throw ApiError{403, "forbidden",
                       "Identifying a customer online needs a rep signed in on this terminal."};
    std::string id = req.matches[1];
    json body = parse_body(req);
    std::string pin = body_string(body, "pin", limits::kPin, true);
    switch (identify_customer(ctx, who.terminal, id, pin)) {
        case CustomerIdentification::CustomerLocked:
            throw ApiError{423, "locked", "Too many wrong PINs: this customer is locked for a while."};
        case CustomerIdentification::TerminalLocked:
            throw ApiError{423, "locked",
                           "Too many wrong customer PINs on this terminal: try again later."};
        case CustomerIdentification::WrongPin:
            throw ApiError{403, "wrong_pin", "The customer or PIN is wrong."};
        case CustomerIdentification::Verified:
            break;
    }
    const IssuedGrant grant = ctx.storage->run([&](Sql& db) {
        return issue_grant(db, who.terminal, GrantKind::Customer, id, ctx.now(),
                           ctx.config.customer_grant_ttl);
    });
    send_json(res, 200, grant_json(grant));
}

// `wipe`: the operator ordered this terminal wiped (docs/operations.md); only then is it sent.
void send_feed_page(httplib::Response& res, const FeedPage& page, bool wipe) {
    res.status = 200;
    std::string body = R"({"changes":)" + page.changes + R"(,"cursor":)" +
                       json(page.cursor).dump() + R"(,"more":)" + (page.more ? "true" : "false") +
                       (wipe ? R"(,"wipe":true)" : "") + "}";
    res.set_content(std::move(body), "application/json");
}

void changes(const httplib::Request& req, httplib::Response& res, ServiceContext& ctx,
             const Principal& who) {
    const TerminalIdentity& terminal = who.terminal;
    int limit = int_param(req, "limit", kDefaultLimit, 1, kMaxLimit);
    int wait = int_param(req, "wait", 0, 0, 3600);
    wait = std::min(wait, kMaxWaitSeconds);
    std::optional<std::string> cursor;
    if (req.has_param("cursor")) cursor = req.get_param_value("cursor");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait);
    std::int64_t after = 0;
    bool first = true;
    // Taken when the first page is empty and the poll is to wait, unless the request holds one.
    std::optional<LongPollSlot> slot;
    while (true) {
        std::uint64_t seen = ctx.notifier.generation();
        FeedPage page;
        std::optional<std::uint64_t> unread;
        // Room to wait: without it the poll reads, and is answered busy only if it must wait.
        auto room_to_wait = [&] {
            if (slot || LongPollSlot::held_here()) return true;
            if (slot.emplace(ctx).held()) return true;
            slot.reset();
            return false;
        };
        if (first && wait > 0 && cursor && ctx.feed_waits)
            if (auto seq = ctx.feed_waits->cursor_seq(*cursor))
                if (auto since = ctx.feed_waits->wait_without_read(*seq);
                    since && *since == seen && room_to_wait()) {
                    unread = since;
                    after = *seq;
                    page = ctx.feed_waits->empty_page(after);
                }
        if (unread) {
            // Nothing past the cursor was seen: wait first.
        } else if (first || !ctx.feed_waits) {
            storage::Storage& db_pool =
                first || !ctx.waiter_storage ? *ctx.storage : *ctx.waiter_storage;
            auto work = [&](Sql& db) {
                if (first) after = decode_cursor(db, ctx.epoch, cursor);
                return read_page(db, terminal, ctx.epoch, after, limit);
            };
            page = wait > 0 ? db_pool.read_giving_way(work) : db_pool.read(work);
            if (ctx.feed_waits && !page.more)
                if (auto seq = ctx.feed_waits->cursor_seq(page.cursor))
                    ctx.feed_waits->observed(seen, *seq);
        } else {
            page = ctx.feed_waits->read(terminal, after, limit, seen);
        }
        first = false;
        bool timed_out = std::chrono::steady_clock::now() >= deadline;
        if (page.count > 0 || (timed_out && !unread)) {
            send_feed_page(res, page, terminal.wipe_ordered);
            return;
        }
        if (!slot && !LongPollSlot::held_here() && !slot.emplace(ctx).held())
            throw ApiError{429, "busy", "The service is busy; retry shortly."};
        if (!ctx.notifier.wait_for_change(seen, deadline)) {
            send_feed_page(res, page, terminal.wipe_ordered);
            return;
        }
    }
}

void commands(const httplib::Request& req, httplib::Response& res, ServiceContext& ctx,
              const Principal& who) {
    json body = parse_body(req);
    auto it = body.find("commands");
    if (it == body.end() || !it->is_array())
        throw ApiError{400, "invalid", "commands must be a list."};
    if (it->size() > kMaxBatch)
        throw ApiError{400, "too_many", "Send at most 100 commands at a time."};
    json answer = {{"results", apply_batch(ctx, who.terminal, *it)}};
    if (std::string id = request_id(req); !id.empty()) answer["request_id"] = id;
    send_json(res, 200, answer);
}

void lookup_customers(const httplib::Request& req, httplib::Response& res, ServiceContext& ctx,
                      const Principal& who) {
    std::string q = req.has_param("q") ? req.get_param_value("q") : std::string();
    if (q.size() < 2 || q.size() > 100)
        throw ApiError{400, "invalid", "Search with 2 to 100 characters."};
    const json out = ctx.storage->read([&](Sql& db) {
        json found = json::array();
        EntityStore store(db);
        // Masked answers need the whole identifier: look wider, then keep what may be shown.
        for (auto& c : store.search_customers(q, kLookupScan)) {
            const CustomerView view = lookup_view(who, c);
            if (view == CustomerView::Masked && !identifies_exactly(q, c)) continue;
            found.push_back(shown(c, view));
            if (found.size() == kLookupLimit) break;
        }
        return found;
    });
    send_json(res, 200, {{"customers", out}});
}

void customer_context(const httplib::Request& req, httplib::Response& res, ServiceContext& ctx,
                      const Principal& who) {
    std::string id = req.matches[1];
    const json out = ctx.storage->run_feed_writer([&](Sql& db) -> json {
        EntityStore store(db);
        auto customer = store.customer(id);
        if (!customer) throw ApiError{404, "not_found", "There is no such customer."};
        if (!may_read_context(db, who, *customer))
            throw ApiError{403, "forbidden",
                           "This customer has not identified at this terminal."};
        if (who.kind == Principal::Kind::Terminal)
            serve_customer(db, store, who.terminal, id, ctx.now());
        return {{"customer", shown(*customer, CustomerView::Full)},
                {"cases", store.cases_of(id)},
                {"intray", store.intray_of(id)},
                {"interactions", store.interactions_of(id)},
                {"offers", store.offers_of(id)},
                {"work_orders", store.work_orders_of(id)}};
    });
    ctx.notifier.notify();
    send_json(res, 200, out);
}

void get_case(const httplib::Request& req, httplib::Response& res, ServiceContext& ctx,
              const Principal& who) {
    std::string id = req.matches[1];
    const json out = ctx.storage->read([&](Sql& db) -> json {
        EntityStore store(db);
        auto c = store.find_case(id);
        if (!c) c = store.case_by_reference(id);  // a receipt's reference or local reference
        if (!c || !may_read_case(db, store, who, *c))
            throw ApiError{404, "not_found", "There is no such case."};
        auto wo = store.work_order(c->id);
        return {{"case", *c}, {"work_order", wo ? json(*wo) : json(nullptr)}};
    });
    send_json(res, 200, out);
}

void case_command(const httplib::Request& req, httplib::Response& res, ServiceContext& ctx,
                  const Principal&) {
    json body = parse_body(req);
    send_json(res, 200, apply_channel_command(ctx, req.matches[1], body));
}

// The back office disables a terminal (docs/security.md, "Revocation"): from the next request on,
// its token and its renewals fail with 401 terminal_revoked.
void revoke_terminal_route(const httplib::Request& req, httplib::Response& res,
                           ServiceContext& ctx, const Principal&) {
    std::string id = req.matches[1];
    const std::optional<Millis> revoked_at =
        ctx.storage->run([&](Sql& db) { return revoke_terminal(db, id, ctx.now()); });
    if (!revoked_at) throw ApiError{404, "not_found", "There is no such terminal."};
    tp::log::info("service", "terminal " + printable(id) + " revoked by the back office");
    send_json(res, 200, {{"terminal_id", id}, {"revoked_at", *revoked_at}});
}

// An integer field within [lo, hi]; `fallback` when absent or null and not required.
std::int64_t body_int(const json& body, const char* key, std::int64_t lo, std::int64_t hi,
                      bool required, std::int64_t fallback = 0) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) {
        if (required) throw ApiError{400, "invalid", std::string(key) + " is required."};
        return fallback;
    }
    const bool in_range = (it->is_number_integer() && !it->is_number_unsigned())
                              ? it->get<std::int64_t>() >= lo && it->get<std::int64_t>() <= hi
                              : it->is_number_unsigned() && it->get<std::uint64_t>() <=
                                                                static_cast<std::uint64_t>(hi);
    if (!in_range)
        throw ApiError{400, "invalid",
                       std::string(key) + " must be a whole number from " + std::to_string(lo) +
                           " to " + std::to_string(hi) + "."};
    return it->get<std::int64_t>();
}

// A terminal reports its health (docs/sync-protocol.md, POST /v1/heartbeat): only its own row
// is written, whatever the body says.
void heartbeat(const httplib::Request& req, httplib::Response& res, ServiceContext& ctx,
               const Principal& who) {
    if (req.body.size() > limits::kHeartbeatBody)
        throw ApiError{413, "too_large", "A heartbeat is at most 4 KiB."};
    json body = parse_body(req);
    const std::string& own = who.terminal.terminal_id;
    if (std::string named = body_string(body, "terminal_id", limits::kId, false);
        !named.empty() && named != own)
        throw ApiError{403, "forbidden", "A terminal reports only its own health."};
    constexpr std::int64_t kMax = 9'007'199'254'740'991;  // 2^53 - 1: exact in any JSON reader
    const Millis now = ctx.now();
    TerminalHealth h;
    h.received_at = now;
    h.version = body_string(body, "version", limits::kVersion, true);
    if (!std::all_of(h.version.begin(), h.version.end(),
                     [](char c) { return static_cast<unsigned char>(c) > 0x20 && c != 0x7f; }))
        throw ApiError{400, "invalid", "version must be printable, without spaces."};
    h.queue_depth = body_int(body, "queue_depth", 0, kMax, true);
    h.oldest_pending_age_ms = body_int(body, "oldest_pending_age_ms", 0, kMax, true);
    h.stuck_lanes = body_int(body, "stuck_lanes", 0, kMax, true);
    h.last_sync_at = body_int(body, "last_sync_at", 0, kMax, true);
    h.refused = body_int(body, "refused", 0, kMax, true);
    h.free_disk_bytes = body_int(body, "free_disk_bytes", 0, kMax, true);
    const std::int64_t sent_at = body_int(body, "sent_at", 0, kMax, false, now);
    // The terminal's own measure when it has one (from an earlier answer's server_time); else
    // this request's: its clock when sending against ours on arrival. Any offset is taken: a
    // terminal whose clock is years off is the one the operator must see.
    h.clock_offset_ms = body_int(body, "clock_offset_ms", -kMax, kMax, false, sent_at - now);
    ctx.storage->run([&](Sql& db) { record_heartbeat(db, own, h); });
    send_json(res, 200, {{"terminal_id", own},
                         {"received_at", now},
                         {"server_time", ctx.now()},
                         {"wipe", who.terminal.wipe_ordered}});
}

// The terminal reports its wipe done (docs/operations.md): recorded, then its token revoked.
void wipe_done(const httplib::Request& req, httplib::Response& res, ServiceContext& ctx,
               const Principal& who) {
    if (!req.body.empty()) parse_body(req);
    const std::string& id = who.terminal.terminal_id;
    const std::optional<Millis> wiped_at =
        ctx.storage->run([&](Sql& db) { return record_wiped(db, id, ctx.now()); });
    if (!wiped_at) throw ApiError{403, "forbidden", "No wipe was ordered for this terminal."};
    tp::log::info("service", "terminal " + printable(id) + " reports its wipe done: revoked");
    send_json(res, 200, {{"terminal_id", id}, {"wiped_at", *wiped_at}});
}

json health_json(const TerminalHealth& h) {
    return {{"received_at", h.received_at},
            {"version", h.version},
            {"queue_depth", h.queue_depth},
            {"oldest_pending_age_ms", h.oldest_pending_age_ms},
            {"stuck_lanes", h.stuck_lanes},
            {"last_sync_at", h.last_sync_at},
            {"refused", h.refused},
            {"clock_offset_ms", h.clock_offset_ms},
            {"free_disk_bytes", h.free_disk_bytes}};
}

// The operator's list of every terminal with its health (docs/operations.md).
void list_terminals_route(const httplib::Request&, httplib::Response& res, ServiceContext& ctx,
                          const Principal&) {
    const std::vector<TerminalRecord> all = ctx.storage->read([](Sql& db) { return fleet(db); });
    const Millis now = ctx.now();
    json out = json::array();
    for (const auto& t : all)
        out.push_back({{"terminal_id", t.id},
                       {"name", t.name},
                       {"store_id", t.store_id},
                       {"enrolled_at", t.enrolled_at},
                       {"revoked_at", t.revoked_at ? json(t.revoked_at) : json(nullptr)},
                       {"wipe_ordered_at",
                        t.wipe_ordered_at ? json(t.wipe_ordered_at) : json(nullptr)},
                       {"wiped_at", t.wiped_at ? json(t.wiped_at) : json(nullptr)},
                       {"silent", is_silent(t, now, ctx.config.silent_after)},
                       {"health", t.health ? health_json(*t.health) : json(nullptr)}});
    send_json(res, 200,
              {{"server_time", now},
               {"silent_after_ms", static_cast<std::int64_t>(ctx.config.silent_after.count())},
               {"terminals", out}});
}

void wipe_terminal_route(const httplib::Request& req, httplib::Response& res,
                         ServiceContext& ctx, const Principal&) {
    std::string id = req.matches[1];
    const std::optional<Millis> ordered =
        ctx.storage->run([&](Sql& db) { return order_wipe(db, id, ctx.now()); });
    if (!ordered) throw ApiError{404, "not_found", "There is no such terminal."};
    tp::log::info("service", "terminal " + printable(id) + ": wipe ordered by the back office");
    send_json(res, 200, {{"terminal_id", id}, {"wipe_ordered_at", *ordered}});
}

// The password of an HTTP Basic `Authorization` header (any user name); "" when there is none.
std::string basic_password(const httplib::Request& req) {
    const std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kPrefix = "Basic ";
    if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0)
        return "";
    const auto decoded = base64_decode(std::string_view(header).substr(kPrefix.size()));
    if (!decoded) return "";
    const auto colon = decoded->find(':');
    return colon == std::string::npos ? "" : decoded->substr(colon + 1);
}

// The fleet page for a browser (docs/operations.md): HTTP Basic with the operator key as the
// password, or X-Operator-Key. No key configured: refused like a wrong one.
void fleet_page_route(const httplib::Request& req, httplib::Response& res, ServiceContext& ctx,
                      const Principal&) {
    const std::string& key = ctx.config.operator_key;
    const std::string given =
        req.has_header("X-Operator-Key") ? req.get_header_value("X-Operator-Key") : basic_password(req);
    if (key.empty() || !equal_constant_time(sha256_hex(given), sha256_hex(key))) {
        res.set_header("WWW-Authenticate", R"(Basic realm="Touchpoint fleet", charset="UTF-8")");
        throw ApiError{401, "unauthorized",
                       "Sign in with the operator key as the password (any user name)."};
    }
    const std::vector<TerminalRecord> all = ctx.storage->read([](Sql& db) { return fleet(db); });
    res.status = 200;
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "no-store");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_content(fleet_page(all, ctx.now(), ctx.config.silent_after), "text/html; charset=utf-8");
}

struct Route {
    const char* method;
    const char* documented;  // as in docs/sync-protocol.md
    const char* pattern;     // as httplib matches it
    Access access;           // who may call it (authorization.hpp, protocol §13)
    Handler handler;
};

constexpr Route kRoutes[] = {
    {"GET", "/v1/health", "/v1/health", Access::Open, health},
    {"GET", "/v1/health/live", "/v1/health/live", Access::Open, health_live},
    {"GET", "/v1/health/ready", "/v1/health/ready", Access::Open, health_ready},
    {"POST", "/v1/enroll", "/v1/enroll", Access::Open, enroll_terminal},
    {"POST", "/v1/token/renew", "/v1/token/renew", Access::Open, renew_token},
    {"POST", "/v1/staff/verify", "/v1/staff/verify", Access::Terminal, verify_staff_pin},
    {"GET", "/v1/changes", "/v1/changes", Access::Terminal, changes},
    {"POST", "/v1/commands", "/v1/commands", Access::Terminal, commands},
    {"GET", "/v1/customers", "/v1/customers", Access::TerminalOrChannel, lookup_customers},
    {"POST", "/v1/customers/{id}/identify", R"(/v1/customers/([^/]+)/identify)",
     Access::Terminal, identify_customer},
    {"GET", "/v1/customers/{id}/context", R"(/v1/customers/([^/]+)/context)",
     Access::TerminalOrChannel, customer_context},
    {"GET", "/v1/cases/{id}", R"(/v1/cases/([^/]+))", Access::TerminalOrChannel, get_case},
    {"POST", "/v1/cases/{id}/commands", R"(/v1/cases/([^/]+)/commands)", Access::Channel,
     case_command},
    {"POST", "/v1/terminals/{id}/revoke", R"(/v1/terminals/([^/]+)/revoke)", Access::Operator,
     revoke_terminal_route},
    {"POST", "/v1/heartbeat", "/v1/heartbeat", Access::Terminal, heartbeat},
    {"POST", "/v1/wipe/done", "/v1/wipe/done", Access::Terminal, wipe_done},
    {"GET", "/v1/terminals", "/v1/terminals", Access::Operator, list_terminals_route},
    {"POST", "/v1/terminals/{id}/wipe", R"(/v1/terminals/([^/]+)/wipe)", Access::Operator,
     wipe_terminal_route},
    // Open to the router: the page checks the operator key itself (HTTP Basic from a browser).
    {"GET", "/fleet", "/fleet", Access::Open, fleet_page_route},
};

// "METHOD /path" of a request as its route is documented ("GET /v1/cases/{id}"), so a log line
// never carries the ids or search text of a path; "(no route)" for a path that is not served.
std::string route_label(const httplib::Request& req) {
    static const std::vector<std::regex> patterns = [] {
        std::vector<std::regex> out;
        for (const Route& route : kRoutes) out.emplace_back(route.pattern);
        return out;
    }();
    for (std::size_t i = 0; i < patterns.size(); ++i)
        if (req.method == kRoutes[i].method && std::regex_match(req.path, patterns[i]))
            return std::string(kRoutes[i].method) + " " + kRoutes[i].documented;
    return printable(req.method.substr(0, 10)) + " (no route)";
}

void log_failure(const httplib::Request& req, const std::string& what) {
    tp::log::error("service", route_label(req) + ": " + what);
}

// Runs a handler; whatever it throws becomes a JSON error. Client mistakes (ApiError) are 4xx; a
// database failure is 503 (retry later); anything else is a service bug: 500 without internals,
// so that a client never takes the service's own failure for a permanent refusal.
void guarded(const Route& route, const httplib::Request& req, httplib::Response& res,
             ServiceContext& ctx) {
    try {
        // A poll that may wait steps out of the handler threads before its first read: its reads
        // give way to short requests' and may wait for a connection, and must not hold a thread
        // a short request needs meanwhile. Without room it goes on, and is answered busy only if
        // it has to wait.
        std::optional<LongPollSlot> stepped_out;
        if (route.handler == changes && long_poll(req)) stepped_out.emplace(ctx);
        Principal who = route.access == Access::Open ? Principal{} : principal_of(req, ctx);
        admit(who, route.access);
        route.handler(req, res, ctx, who);
    } catch (const ApiError& e) {
        send_error(req, res, e.status, e.code, e.message);
    } catch (const StorageError& e) {
        log_failure(req, std::string("database failure: ") + e.what());
        send_error(req, res, 503, "unavailable",
                   "The service cannot reach its database; retry later.");
    } catch (const json::exception& e) {
        log_failure(req, "JSON error " + std::to_string(e.id));
        send_error(req, res, 500, "internal", "The service failed; retry later.");
    } catch (const std::exception& e) {
        log_failure(req, e.what());
        send_error(req, res, 500, "internal", "The service failed; retry later.");
    }
}

// One debug line per answered request: route, status and request id. Never the query, body or
// headers: they carry tokens, PINs and customer data.
void log_request(const httplib::Request& req, const httplib::Response& res) {
    if (!tp::log::enabled(tp::log::Level::Debug)) return;
    std::string line = route_label(req) + " " + std::to_string(res.status);
    if (std::string id = request_id(req); !id.empty()) line += " request_id=" + id;
    tp::log::debug("service", line);
}

std::string error_code_for(int status) {
    switch (status) {
        case 400:
            return "invalid";
        case 401:
            return "unauthorized";
        case 404:
            return "not_found";
        case 405:
            return "not_found";
        case 408:
            return "timeout";
        case 429:
            return "busy";
        case 431:
            return "headers_too_large";
        case 413:
            return "too_large";
        case 414:
            return "too_large";
        default:
            return status >= 500 ? "internal" : "invalid";
    }
}

// Reads a POST body through `reader`, counting bytes as they arrive (after any chunked or
// compressed framing is undone), and runs the route on it; 413 once past payload_max_bytes, with
// no more of it read. So a chunked or compressed body is held to the same limit as any other.
void with_body(const Route& route, const httplib::Request& req, httplib::Response& res,
               const httplib::ContentReader& reader, ServiceContext& ctx) {
    std::string body;
    bool too_large = false;
    // No Content-Length and no Transfer-Encoding: no body (reading would wait for the close).
    const bool framed = req.has_header("Content-Length") || req.has_header("Transfer-Encoding");
    const bool read = !framed || reader([&](const char* data, std::size_t size) {
        if (body.size() + size > ctx.config.payload_max_bytes) {
            too_large = true;
            return false;
        }
        body.append(data, size);
        return true;
    });
    if (too_large || res.status == 413)
        return send_error(req, res, 413, "too_large", "The request body is too large.");
    if (!read) return send_error(req, res, 400, "invalid", "The request body cannot be read.");
    httplib::Request with = req;
    with.body = std::move(body);
    guarded(route, with, res, ctx);
}

// The header limits for what the connection guard could not read itself (HTTPS).
bool headers_over_limits(const httplib::Request& req, const ServiceConfig& config) {
    std::size_t bytes = req.method.size() + req.target.size() + 12;
    for (const auto& [name, value] : req.headers) bytes += name.size() + value.size() + 4;
    return req.headers.size() > config.max_headers || bytes > config.max_header_bytes;
}

}  // namespace

void register_routes(httplib::Server& server, ServiceContext& ctx) {
    for (const Route& route : kRoutes) {
        if (std::string_view(route.method) == "GET") {
            server.Get(route.pattern,
                       [&route, &ctx](const httplib::Request& req, httplib::Response& res) {
                           guarded(route, req, res, ctx);
                       });
        } else {
            server.Post(route.pattern,
                        [&route, &ctx](const httplib::Request& req, httplib::Response& res,
                                       const httplib::ContentReader& reader) {
                            with_body(route, req, res, reader, ctx);
                        });
        }
    }
    server.set_pre_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
        if (!headers_over_limits(req, ctx.config)) return httplib::Server::HandlerResponse::Unhandled;
        send_error(req, res, 431, "headers_too_large",
                   "The request has too many or too large headers.");
        return httplib::Server::HandlerResponse::Handled;
    });
    server.set_payload_max_length(ctx.config.payload_max_bytes);
    // Errors httplib answers itself (unknown path, oversized body) get the protocol's body too.
    httplib::Server::HandlerWithResponse on_error = [](const httplib::Request& req,
                                                       httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string message = res.status == 413 ? "The request body is too large."
                              : res.status == 404 ? "There is no such endpoint."
                                                  : "The request cannot be handled.";
        send_error(req, res, res.status, error_code_for(res.status), message);
        return httplib::Server::HandlerResponse::Handled;
    };
    server.set_error_handler(on_error);
    server.set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
            log_failure(req, "unexpected exception");
            send_error(req, res, 500, "internal", "The service failed; retry later.");
        });
    server.set_logger(log_request);
}

std::vector<std::string> route_list() {
    std::vector<std::string> out;
    for (const Route& route : kRoutes)
        out.push_back(std::string(route.method) + " " + route.documented);
    return out;
}

}  // namespace tp::service
