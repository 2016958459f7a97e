#pragma once
// The service's entities, stored whole as their domain JSON (domain_json.hpp), and the change
// rows the feed reads. Every save() gives the entity a new change seq. All functions run inside
// the caller's transaction and throw StorageError on database failure.

#include <any>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "touchpoint/domain.hpp"
#include "storage/sql.hpp"

namespace tp::service {

enum class EntityType { Customer, Case, InTray, Interaction, Offer, WorkOrder, Staff };

// The feed's `type` names: customer, case, intray, interaction, offer, work_order, staff.
std::string_view type_name(EntityType type);

class EntityStore {
  public:
    explicit EntityStore(Sql& db) : db_(db) {}
    EntityStore(const EntityStore&) = delete;
    EntityStore& operator=(const EntityStore&) = delete;

    // An entity read by id (customer, case, in-tray item, work order, staff) is kept, as read or saved, for the rest
    // of the store's life (one transaction): later reads of it parse nothing. forget() drops what
    // is kept (saves of these types update it); call it when the transaction rolls back to a savepoint taken while the store was in
    // use. Every write of an entity goes through save().
    void forget() { known_.clear(); }

    std::optional<Customer> customer(const std::string& id);
    std::optional<Case> find_case(const std::string& id);
    // The case whose reference ("TP-10042") or local reference ("S1-7F3A-12") this is.
    std::optional<Case> case_by_reference(const std::string& reference);
    std::optional<InTrayItem> intray_item(const std::string& id);
    std::optional<WorkOrder> work_order(const std::string& case_id);
    std::optional<Staff> staff(const std::string& id);

    std::vector<Case> cases_of(const std::string& customer_id);
    std::vector<InTrayItem> intray_of(const std::string& customer_id);
    std::vector<Interaction> interactions_of(const std::string& customer_id);
    std::vector<Offer> offers_of(const std::string& customer_id);
    std::vector<WorkOrder> work_orders_of(const std::string& customer_id);
    std::vector<WorkOrder> work_orders_of_technician(const std::string& staff_id);

    // The store of the customer, "" when unknown.
    std::string store_of_customer(const std::string& customer_id);

    // Up to `limit` customers whose name, e-mail, phone digits or loyalty number contain `query`
    // (case- and accent-insensitive), ordered by id.
    std::vector<Customer> search_customers(std::string_view query, int limit);

    // Write the entity whole (insert or replace) and record it as changed.
    void save(const Customer& v);
    void save(const Case& v);
    void save(const InTrayItem& v);
    void save(const Interaction& v);
    void save(const Offer& v);
    void save(const WorkOrder& v);
    void save(const Staff& v);

    // Records every entity of the customer as changed again (customer first), so terminals whose
    // scope now includes the customer receive them even when their cursor is past them.
    void touch_customer(const std::string& customer_id);
    // Same for a technician: the staff record and the work orders assigned to them.
    void touch_technician(const std::string& staff_id);

  private:
    void write(EntityType type, const std::string& id, const std::string& data,
               const std::string& store_id, const std::string& customer_id,
               const std::string& staff_id, const std::string& search);
    void touch(EntityType type, const std::string& id);
    template <typename T>
    std::optional<T> read(EntityType type, const std::string& id);
    template <typename T>
    void remember(EntityType type, const std::string& id, const std::optional<T>& value);
    template <typename T>
    std::vector<T> read_all(EntityType type, const char* sql, const std::string& key);
    // A prepared statement for `sql` (a string literal of this file), reset and ready to bind.
    // Statements live as long as this store, which lives inside one transaction.
    Stmt& statement(const char* sql);

    Sql& db_;
    std::unordered_map<const char*, Stmt> statements_;
    std::map<std::pair<EntityType, std::string>, std::any, std::less<>> known_;
};

}  // namespace tp::service
