#pragma once
// The domain of brief §2 as the terminal caches it. Plain values: the service owns the truth,
// the terminal holds the slice of it in its scope plus the optimistic effects of its own pending
// commands. All timestamps are milliseconds since the Unix epoch (UTC); 0 means "not set".

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tp {

using Millis = std::int64_t;

// What a business wrote, in every language it wrote it: language ("en", "es", ...) -> text.
// JSON: an object {"en": "...", "de": "..."}; a plain string reads as {"en": s}.
using LocalText = std::map<std::string, std::string, std::less<>>;

// The text of `text` to show: in `language`, else in `fallback_language` (the terminal's
// configured language), else in English, else any non-empty one, else "".
const std::string& pick_text(const LocalText& text, std::string_view language,
                             std::string_view fallback_language);

enum class Role { Customer, Rep, Technician, Automatic };
enum class Channel { Web, App, CallCenter, Chat, Email, Kiosk, Terminal, Technician, Service };
enum class CaseKind {
    Order,
    Return,
    Repair,
    Complaint,
    AccountChange,
    Callback,
    ServiceRequest,
    Visit
};

struct Preferences {
    std::string language = "en";  // en, es, fr, de
    std::string preferred_channel = "email";
    std::string accessibility;  // free text, e.g. "large text"
    bool contact_consent = false;
};

struct Customer {
    std::string id;
    std::string name;
    std::string phone;
    std::string email;
    std::string loyalty_number;
    std::string segment;
    std::string store_id;
    Preferences preferences;
    std::string pin_salt;  // hex; the PIN check works offline against this salted hash
    std::string pin_hash;  // hex sha-256 of salt + pin
    std::int64_t version = 0;
};

// A step of a case's process. `code` names it ("placed", "shipped", ...; docs/sync-protocol.md
// lists them); the terminal words it.
struct ProcessStep {
    std::string code;
    Millis planned = 0;
    Millis actual = 0;  // 0 while the step has not happened
};

struct TimelineEvent {
    std::string id;
    Millis at = 0;           // service time
    Millis device_time = 0;  // when the action was made on its device, if known
    std::string actor;       // "customer", "rep:S-100", "call center agent", ...
    Channel channel = Channel::Service;
    std::string kind;  // what happened: an action wire name or a service event ("shipped", ...)
    // The event's named parameters (strings, numbers; times as epoch ms named *_at or "date").
    nlohmann::json params = nlohmann::json::object();
    std::string text;  // only people's own words (a note, a reason), shown as they are
    std::string command_id;  // the command that caused the event, if any
};

struct Case {
    std::string id;
    std::string reference;  // short human reference printed on receipts, e.g. "TP-10042"
    std::string local_reference;  // made here before the service confirmed it: "S1-7F3A-12"
    std::string customer_id;
    CaseKind kind = CaseKind::Order;
    LocalText title;      // the authored wording of the title; empty: worded from kind and subject
    std::string subject;  // what the case is about, as data (a product name), never translated
    std::string status;  // e.g. "placed", "shipped", "delivered", "cancelled", "open", "closed"
    std::vector<ProcessStep> steps;
    int current_step = 0;
    Millis sla_due = 0;
    bool at_risk = false;
    std::string owning_team;
    Channel origin_channel = Channel::Web;
    std::int64_t version = 0;
    std::vector<TimelineEvent> timeline;
    Millis delivered_at = 0;  // orders: when delivered; 0 if not yet
};

// A choice an in-tray item offers. The answer is its `id`. A time slot has `start`/`end` (epoch
// ms) and is worded from them in the screen's locale; any other option shows `text`.
// JSON: a plain string s reads as {"id": s, "text": {"en": s}}.
struct InTrayOption {
    std::string id;
    LocalText text;
    Millis start = 0;
    Millis end = 0;
};

struct InTrayItem {
    std::string id;
    std::string case_id;
    std::string customer_id;
    std::string kind;  // "confirm_slot", "approve_quote", "sign", "send_photo", "survey"
    LocalText prompt;
    std::vector<InTrayOption> options;  // choices offered, empty for free text
    Millis due = 0;
    std::string answer;  // empty while unanswered
    Channel answered_channel = Channel::Service;
    Millis answered_at = 0;
};

struct Interaction {
    std::string id;
    std::string customer_id;
    std::string case_id;  // may be empty
    Channel channel = Channel::Web;
    std::string kind;  // what the customer did ("browsed_order_status", "session_started", ...)
    nlohmann::json params = nlohmann::json::object();  // named parameters, as TimelineEvent's
    std::string summary;  // only people's own words (a feedback comment), shown as they are
    Millis at = 0;
};

struct Offer {
    std::string id;
    std::string customer_id;
    LocalText title;
    LocalText body;
};

struct ChecklistItem {
    std::string id;
    LocalText label;
    bool done = false;
};

struct Part {
    std::string sku;
    std::string name;
    int quantity = 0;
};

struct WorkOrder {
    std::string case_id;
    std::string technician_id;
    std::string customer_id;
    std::string address;
    Millis window_start = 0;
    Millis window_end = 0;
    std::string status;  // "assigned", "checked_in", "completed", "cancelled"
    std::vector<ChecklistItem> checklist;
    std::vector<Part> parts_planned;
};

struct Staff {
    std::string id;
    std::string name;
    Role role = Role::Rep;
    std::string store_id;
    std::string pin_salt;
    std::string pin_hash;
};

const char* to_string(Role r);
const char* to_string(Channel c);
const char* to_string(CaseKind k);
std::optional<Role> role_from_string(const std::string& s);
std::optional<Channel> channel_from_string(const std::string& s);
std::optional<CaseKind> case_kind_from_string(const std::string& s);

}  // namespace tp
