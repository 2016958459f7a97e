#include "entity_store.hpp"

#include <array>

#include "text.hpp"
#include "touchpoint/domain_json.hpp"

namespace tp::service {
namespace {

constexpr std::array<std::pair<EntityType, std::string_view>, 7> kTypeNames{{
    {EntityType::Customer, "customer"},
    {EntityType::Case, "case"},
    {EntityType::InTray, "intray"},
    {EntityType::Interaction, "interaction"},
    {EntityType::Offer, "offer"},
    {EntityType::WorkOrder, "work_order"},
    {EntityType::Staff, "staff"},
}};

std::string like_pattern(std::string_view needle) {
    std::string out = "%";
    for (char c : needle) {
        if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('%');
    return out;
}

}  // namespace

std::string_view type_name(EntityType type) {
    for (const auto& [t, name] : kTypeNames)
        if (t == type) return name;
    return "unknown";
}

constexpr const char* kByCustomer =
    "SELECT data FROM entities WHERE type = ? AND customer_id = ? ORDER BY id";
constexpr const char* kByStaff =
    "SELECT data FROM entities WHERE type = ? AND staff_id = ? ORDER BY id";

Stmt& EntityStore::statement(const char* sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) it = statements_.emplace(sql, db_.prepare(sql)).first;
    it->second.reset();
    return it->second;
}

template <typename T>
void EntityStore::remember(EntityType type, const std::string& id, const std::optional<T>& value) {
    known_.insert_or_assign(std::pair{type, id}, value);
}

template <typename T>
std::optional<T> EntityStore::read(EntityType type, const std::string& id) {
    if (auto it = known_.find(std::pair{type, id}); it != known_.end())
        return std::any_cast<const std::optional<T>&>(it->second);
    Stmt& stmt = statement("SELECT data FROM entities WHERE type = ? AND id = ?");
    stmt.bind_all(type_name(type), id);
    std::optional<T> value;
    if (stmt.step()) {
        std::string data = stmt.text(0);
        stmt.reset();  // no statement of the cache stays in progress
        value = nlohmann::json::parse(data).get<T>();
    }
    remember(type, id, value);
    return value;
}

template <typename T>
std::vector<T> EntityStore::read_all(EntityType type, const char* sql, const std::string& key) {
    Stmt& stmt = statement(sql);
    stmt.bind_all(type_name(type), key);
    std::vector<T> out;
    while (stmt.step()) out.push_back(nlohmann::json::parse(stmt.text(0)).get<T>());
    return out;
}

std::optional<Customer> EntityStore::customer(const std::string& id) {
    return read<Customer>(EntityType::Customer, id);
}
std::optional<Case> EntityStore::find_case(const std::string& id) {
    return read<Case>(EntityType::Case, id);
}
std::optional<Case> EntityStore::case_by_reference(const std::string& reference) {
    if (reference.empty()) return std::nullopt;
    Stmt& stmt = statement(
        "SELECT e.data FROM case_references r JOIN entities e ON e.type = 'case' AND e.id = r.case_id "
        "WHERE r.reference = ?");
    stmt.bind(1, reference);
    if (!stmt.step()) return std::nullopt;
    std::string data = stmt.text(0);
    stmt.reset();
    return nlohmann::json::parse(data).get<Case>();
}
std::optional<InTrayItem> EntityStore::intray_item(const std::string& id) {
    return read<InTrayItem>(EntityType::InTray, id);
}
std::optional<WorkOrder> EntityStore::work_order(const std::string& case_id) {
    return read<WorkOrder>(EntityType::WorkOrder, case_id);
}
std::optional<Staff> EntityStore::staff(const std::string& id) {
    return read<Staff>(EntityType::Staff, id);
}

std::vector<Case> EntityStore::cases_of(const std::string& customer_id) {
    return read_all<Case>(EntityType::Case, kByCustomer, customer_id);
}
std::vector<InTrayItem> EntityStore::intray_of(const std::string& customer_id) {
    return read_all<InTrayItem>(EntityType::InTray, kByCustomer, customer_id);
}
std::vector<Interaction> EntityStore::interactions_of(const std::string& customer_id) {
    return read_all<Interaction>(EntityType::Interaction, kByCustomer, customer_id);
}
std::vector<Offer> EntityStore::offers_of(const std::string& customer_id) {
    return read_all<Offer>(EntityType::Offer, kByCustomer, customer_id);
}
std::vector<WorkOrder> EntityStore::work_orders_of(const std::string& customer_id) {
    return read_all<WorkOrder>(EntityType::WorkOrder, kByCustomer, customer_id);
}
std::vector<WorkOrder> EntityStore::work_orders_of_technician(const std::string& staff_id) {
    return read_all<WorkOrder>(EntityType::WorkOrder, kByStaff, staff_id);
}

std::string EntityStore::store_of_customer(const std::string& customer_id) {
    Stmt& stmt = statement("SELECT store_id FROM entities WHERE type = 'customer' AND id = ?");
    stmt.bind(1, customer_id);
    std::string store = stmt.step() ? stmt.text(0) : std::string();
    stmt.reset();
    return store;
}

std::vector<Customer> EntityStore::search_customers(std::string_view query, int limit) {
    std::string folded = fold_for_search(query);
    std::string digits = digits_only(query);
    // Digits match phone numbers whatever their punctuation, once there are enough of them.
    std::string digit_pattern = digits.size() >= 4 ? like_pattern(digits) : std::string("\x01");
    auto stmt = db_.prepare(
        "SELECT data FROM entities WHERE type = 'customer' "
        "AND (search LIKE ?1 ESCAPE '\\' OR search LIKE ?2 ESCAPE '\\') ORDER BY id LIMIT ?3");
    stmt.bind_all(like_pattern(folded), digit_pattern, limit);
    std::vector<Customer> out;
    while (stmt.step()) out.push_back(nlohmann::json::parse(stmt.text(0)).get<Customer>());
    return out;
}

void EntityStore::write(EntityType type, const std::string& id, const std::string& data,
                        const std::string& store_id, const std::string& customer_id,
                        const std::string& staff_id, const std::string& search) {
    // Most saves keep the entity's keys: rewriting only its data leaves the key indexes alone.
    Stmt& same_keys = statement(
        "UPDATE entities SET data = ?3, search = ?7 WHERE type = ?1 AND id = ?2 AND "
        "store_id = ?4 AND customer_id = ?5 AND staff_id = ?6");
    if (same_keys.bind_all(type_name(type), id, data, store_id, customer_id, staff_id, search)
            .run() == 0) {
        Stmt& stmt = statement(
            "INSERT INTO entities(type, id, data, store_id, customer_id, staff_id, search) "
            "VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(type, id) DO UPDATE SET data = excluded.data, "
            "store_id = excluded.store_id, customer_id = excluded.customer_id, "
            "staff_id = excluded.staff_id, search = excluded.search");
        stmt.bind_all(type_name(type), id, data, store_id, customer_id, staff_id, search).run();
    }
    touch(type, id);
}

void EntityStore::touch(EntityType type, const std::string& id) {
    db_.serialize_feed_writes();
    Stmt& del = statement("DELETE FROM changes WHERE type = ? AND id = ?");
    del.bind_all(type_name(type), id).run();
    Stmt& ins = statement("INSERT INTO changes(type, id) VALUES(?, ?)");
    ins.bind_all(type_name(type), id).run();
}

void EntityStore::save(const Customer& v) {
    std::string search = fold_for_search(v.name) + " | " + fold_for_search(v.email) + " | " +
                         digits_only(v.phone) + " | " + fold_for_search(v.loyalty_number);
    write(EntityType::Customer, v.id, nlohmann::json(v).dump(), v.store_id, v.id, "", search);
    remember(EntityType::Customer, v.id, std::optional<Customer>(v));
}

void EntityStore::save(const Case& v) {
    for (const std::string* reference : {&v.reference, &v.local_reference}) {
        if (reference->empty()) continue;
        Stmt& add = statement(
            "INSERT INTO case_references(reference, case_id) VALUES(?, ?) ON CONFLICT DO NOTHING");
        if (add.bind_all(*reference, v.id).run() > 0) continue;
        Stmt& owner = statement("SELECT case_id FROM case_references WHERE reference = ?");
        owner.bind(1, *reference);
        const std::string holder = owner.step() ? owner.text(0) : std::string();
        owner.reset();
        if (holder != v.id)
            throw StorageError(StorageError::Kind::Conflict, "reference " + *reference + " already names case " + holder);
    }
    auto wo = work_order(v.id);
    write(EntityType::Case, v.id, nlohmann::json(v).dump(), store_of_customer(v.customer_id),
          v.customer_id, wo ? wo->technician_id : std::string(), "");
    remember(EntityType::Case, v.id, std::optional<Case>(v));
}

void EntityStore::save(const InTrayItem& v) {
    write(EntityType::InTray, v.id, nlohmann::json(v).dump(), store_of_customer(v.customer_id),
          v.customer_id, "", "");
    remember(EntityType::InTray, v.id, std::optional<InTrayItem>(v));
}

void EntityStore::save(const Interaction& v) {
    write(EntityType::Interaction, v.id, nlohmann::json(v).dump(),
          store_of_customer(v.customer_id), v.customer_id, "", "");
}

void EntityStore::save(const Offer& v) {
    write(EntityType::Offer, v.id, nlohmann::json(v).dump(), store_of_customer(v.customer_id),
          v.customer_id, "", "");
}

void EntityStore::save(const WorkOrder& v) {
    write(EntityType::WorkOrder, v.case_id, nlohmann::json(v).dump(),
          store_of_customer(v.customer_id), v.customer_id, v.technician_id, "");
    remember(EntityType::WorkOrder, v.case_id, std::optional<WorkOrder>(v));
}

void EntityStore::save(const Staff& v) {
    write(EntityType::Staff, v.id, nlohmann::json(v).dump(), v.store_id, "", v.id, "");
    remember(EntityType::Staff, v.id, std::optional<Staff>(v));
}

void EntityStore::touch_customer(const std::string& customer_id) {
    db_.serialize_feed_writes();
    auto del = db_.prepare(
        "DELETE FROM changes WHERE (type, id) IN "
        "(SELECT type, id FROM entities WHERE customer_id = ?)");
    del.bind(1, customer_id).run();
    auto ins = db_.prepare(
        "INSERT INTO changes(type, id) SELECT type, id FROM entities WHERE customer_id = ? "
        "ORDER BY CASE type WHEN 'customer' THEN 0 WHEN 'case' THEN 1 WHEN 'work_order' THEN 2 "
        "ELSE 3 END, id");
    ins.bind(1, customer_id).run();
}

void EntityStore::touch_technician(const std::string& staff_id) {
    touch(EntityType::Staff, staff_id);
    for (const auto& wo : work_orders_of_technician(staff_id)) touch(EntityType::WorkOrder, wo.case_id);
}

}  // namespace tp::service
