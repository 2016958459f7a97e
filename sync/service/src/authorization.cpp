#include "authorization.hpp"

#include <algorithm>

#include "context.hpp"
#include "scope.hpp"

namespace tp::service {
namespace {

bool is_terminal(const Principal& who) {
    return who.kind == Principal::Kind::Terminal;
}

// "j***@example.com": the first character of the address and its domain.
std::string masked_email(const std::string& email) {
    auto at = email.find('@');
    if (at == std::string::npos || at == 0) return email.empty() ? "" : "***";
    std::size_t first = 1;
    while (first < at && (static_cast<unsigned char>(email[first]) & 0xC0) == 0x80) ++first;
    return email.substr(0, first) + "***" + email.substr(at);
}

// Every character but the last `keep` digits becomes '*'.
std::string masked_tail(const std::string& text, std::size_t keep) {
    if (text.size() <= keep) return std::string(text.size(), '*');
    return std::string(text.size() - keep, '*') + text.substr(text.size() - keep);
}

// "José García" -> "José G.": the first word and the initials of the others.
std::string masked_name(const std::string& name) {
    std::string out;
    bool first_word = true;
    bool at_word_start = true;
    for (std::size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        if (c == ' ') {
            first_word = false;
            at_word_start = true;
            continue;
        }
        if (first_word) {
            out += c;
            continue;
        }
        if (!at_word_start) continue;
        at_word_start = false;
        std::size_t end = i + 1;
        while (end < name.size() && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) ++end;
        out += " " + name.substr(i, end - i) + ".";
    }
    return out;
}

std::string forbidden_rep(const Staff* staff, const TerminalIdentity& terminal) {
    if (!staff || staff->role != Role::Rep) return "";  // the case rules refuse unknown staff
    if (staff->store_id != terminal.store_id)
        return "A rep can only act at a terminal of their own store.";
    return "";
}

std::string forbidden_technician(const Staff* staff, const TerminalIdentity& terminal) {
    if (!staff || staff->role != Role::Technician) return "";
    if (staff->store_id != terminal.store_id)
        return "A technician can only act at a terminal of their own store.";
    return "";  // whose visit it is, the visit rules decide (not_assigned)
}

}  // namespace

void admit(const Principal& who, Access access) {
    using Kind = Principal::Kind;
    auto refuse_kind = [&](const char* needs) {
        if (who.kind == Kind::Anonymous) throw ApiError{401, "unauthorized", needs};
        throw ApiError{403, "forbidden", needs};
    };
    switch (access) {
        case Access::Open:
            return;
        case Access::Terminal:
            if (who.kind != Kind::Terminal) refuse_kind("This call needs the terminal's token.");
            return;
        case Access::TerminalOrChannel:
            if (who.kind != Kind::Terminal && who.kind != Kind::Channel)
                refuse_kind("This call needs the terminal's token or a channel key.");
            return;
        case Access::Channel:
            if (who.kind == Kind::Terminal)
                throw ApiError{403, "forbidden", "Terminals send commands through POST /v1/commands."};
            if (who.kind != Kind::Channel) refuse_kind("This call needs the channel key.");
            return;
        case Access::Operator:
            if (who.kind != Kind::Operator) refuse_kind("This call needs the operator key.");
            return;
    }
}

CustomerView lookup_view(const Principal& who, const Customer& customer) {
    if (who.kind == Principal::Kind::Channel) return CustomerView::Full;
    if (is_terminal(who) && who.staff && who.staff->role == Role::Rep &&
        who.staff->store_id == customer.store_id)
        return CustomerView::Full;
    return CustomerView::Masked;
}

Customer shown(Customer customer, CustomerView view) {
    customer.pin_salt.clear();
    customer.pin_hash.clear();
    if (view == CustomerView::Full) return customer;
    customer.name = masked_name(customer.name);
    customer.email = masked_email(customer.email);
    customer.phone = masked_tail(customer.phone, 2);
    customer.loyalty_number = masked_tail(customer.loyalty_number, 4);
    customer.segment.clear();
    customer.preferences = Preferences{};
    return customer;
}

namespace {

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string digits_of(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c >= '0' && c <= '9') out += c;
    return out;
}

}  // namespace

bool identifies_exactly(std::string_view query, const Customer& customer) {
    const std::string q = ascii_lower(query);
    if (!customer.email.empty() && q == ascii_lower(customer.email)) return true;
    if (!customer.loyalty_number.empty() && q == ascii_lower(customer.loyalty_number)) return true;
    // The phone with or without its country code, whatever its punctuation.
    const std::string digits = digits_of(query);
    const std::string phone = digits_of(customer.phone);
    const bool only_phone_chars = digits_of(q).size() + std::count_if(q.begin(), q.end(), [](char c) {
                                      return c == ' ' || c == '+' || c == '-' || c == '(' ||
                                             c == ')' || c == '.';
                                  }) == q.size();
    return only_phone_chars && digits.size() >= 8 && phone.size() >= digits.size() &&
           phone.compare(phone.size() - digits.size(), digits.size(), digits) == 0;
}

bool may_read_context(Sql& db, const Principal& who, const Customer& customer) {
    if (who.kind == Principal::Kind::Channel) return true;
    if (!is_terminal(who)) return false;
    if (who.customer_id && *who.customer_id == customer.id) return true;
    if (who.staff && who.staff->role == Role::Rep && who.staff->store_id == customer.store_id)
        return true;
    return served_at(db, who.terminal, customer.id);
}

bool may_read_case(Sql& db, EntityStore& store, const Principal& who, const Case& c) {
    if (who.kind == Principal::Kind::Channel) return true;
    return is_terminal(who) && customer_in_scope(db, store, who.terminal, c.customer_id);
}

std::optional<std::string> command_forbidden(Sql& db, EntityStore& store,
                                             const TerminalIdentity& terminal,
                                             const CommandRequest& req) {
    std::string customer_id = req.customer_id;
    std::string case_customer;
    if (!req.case_id.empty()) {
        auto c = store.find_case(req.case_id);
        if (!c) return std::nullopt;
        case_customer = c->customer_id;
        if (customer_id.empty()) customer_id = case_customer;
    }
    // Each id that names a customer is checked, whether or not the other one exists.
    for (const std::string* id : {&case_customer, &customer_id})
        if (!id->empty() && store.customer(*id) && !customer_in_scope(db, store, terminal, *id))
            return "This customer is not served at this terminal.";
    if (!customer_id.empty() && !store.customer(customer_id)) return std::nullopt;
    if (req.actor_id.empty() && req.role != Role::Automatic)
        return "The command does not say who acted.";
    std::string why;
    switch (req.role) {
        case Role::Automatic:  // the terminal's own records (interactions), in its scope
            break;
        case Role::Customer:
            if (req.actor_id != customer_id ||
                (!case_customer.empty() && case_customer != req.actor_id))
                return "A customer can only act on their own account and cases.";
            break;
        case Role::Rep: {
            auto staff = store.staff(req.actor_id);
            why = forbidden_rep(staff ? &*staff : nullptr, terminal);
            break;
        }
        case Role::Technician: {
            auto staff = store.staff(req.actor_id);
            why = forbidden_technician(staff ? &*staff : nullptr, terminal);
            break;
        }
    }
    if (!why.empty()) return why;
    return std::nullopt;
}

}  // namespace tp::service
