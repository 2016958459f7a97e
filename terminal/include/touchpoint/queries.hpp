#pragma once
// The reads each screen of brief §6 needs. Every function is read-only and never throws: a
// database failure is reported to the store (Store::report_failure, so store.failure() tells it
// apart from "nothing there") and yields an empty result.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/store.hpp"
#include "touchpoint/views.hpp"

namespace tp {

// Accent-insensitive prefix search over name, phone, e-mail and loyalty number. Any input is
// safe: it is split into words and each word is matched as a quoted prefix, never parsed as FTS
// syntax. `store_id` empty searches every cached customer.
std::vector<CustomerHit> search_customers(Store& store, std::string_view query,
                                          const std::string& store_id = {}, int limit = 20);

// Exact match on loyalty number, e-mail (case-insensitive) or phone digits, for identify.
std::optional<Customer> find_customer(Store& store, std::string_view identifier);
std::optional<Customer> load_customer(Store& store, const std::string& customer_id);
std::optional<CustomerView> load_customer_view(Store& store, const std::string& customer_id,
                                               int journey_limit = 12);
std::optional<CaseView> load_case_view(Store& store, const std::string& case_id);
std::vector<WorkOrderView> load_work_orders(Store& store, const std::string& technician_id);
// Staff "needs attention": the refused and held commands a rep can act on, oldest first. A rep
// can act on a command when the action table lets a rep issue its action (they can take the
// alternative, redo it or tell the customer); automatic interactions, feedback and a
// technician's visit steps are housekeeping of other roles (load_housekeeping).
bool rep_can_act_on(ActionType action);
std::vector<AttentionView> load_needs_attention(Store& store);
// The rest of the refused and held commands not dismissed: housekeeping no rep can act on (a
// visit recorded incomplete, a technician's refused visit step), oldest first. They are counted
// as refused until staff dismiss them (Terminal::dismiss), as sync diagnostics offers.
std::vector<AttentionView> load_housekeeping(Store& store);
std::optional<Staff> load_staff(Store& store, const std::string& staff_id);
// The same, matching the id whatever its letter case ("r1" finds R1).
std::optional<Staff> load_staff_any_case(Store& store, const std::string& staff_id);

}  // namespace tp
