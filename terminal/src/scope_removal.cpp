#include "scope_removal.hpp"

#include <vector>

#include "overlays.hpp"
#include "touchpoint/outbox_retention.hpp"

namespace tp::scope_removal {
namespace {

// A command that is done with: confirmed and settled (no overlay mark of it is left), or
// dismissed by staff.
#define TP_FINISHED                                             \
    "((o.state = 'confirmed' AND o.settled = 1) OR "           \
    "(o.state IN ('refused', 'held') AND o.dismissed = 1))"

int delete_finished_commands(Db& db, const char* sql, const std::string& id) {
    keep_seq_high_water(db);
    db.prepare_cached(sql).bind(1, id).run();
    const int n = db.changes();
    count_pruned(db, n);
    return n;
}

void run(Db& db, const char* sql, const std::string& id) {
    db.prepare_cached(sql).bind(1, id).run();
}

// Settles the customer's confirmed commands the cache has not caught up with: what they mark
// leaves with the customer, and no mark of theirs may outlive their row.
void settle_confirmed_of(Db& db, const std::string& customer_id) {
    std::vector<std::string> ids;
    {
        auto q = db.prepare_cached(
            "SELECT command_id FROM outbox WHERE state = 'confirmed' AND settled = 0 AND "
            "(customer_id = ?1 OR case_id IN (SELECT id FROM cases WHERE customer_id = ?1))");
        q.bind(1, customer_id);
        while (q.step()) ids.push_back(q.text(0));
    }
    for (const auto& id : ids) overlays::drop(db, id, false);
}

}  // namespace

int remove_customer(Db& db, const std::string& customer_id) {
    settle_confirmed_of(db, customer_id);
    const int commands = delete_finished_commands(
        db,
        "DELETE FROM outbox AS o WHERE " TP_FINISHED " AND (o.customer_id = ?1 OR o.case_id IN "
        "(SELECT id FROM cases WHERE customer_id = ?1))",
        customer_id);
    static constexpr const char* kRemove[] = {
        "DELETE FROM intray WHERE customer_id = ?1 AND local_answer_cmd IS NULL",
        "DELETE FROM interactions WHERE customer_id = ?1",
        "DELETE FROM offers WHERE customer_id = ?1",
        "DELETE FROM work_orders AS w WHERE w.local_progress_cmd IS NULL AND "
        "  (json_extract(w.data, '$.customer_id') = ?1 OR "
        "   w.case_id IN (SELECT id FROM cases WHERE customer_id = ?1)) AND NOT "
        "  EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = w.case_id AND NOT " TP_FINISHED ")",
        "DELETE FROM cases AS c WHERE c.customer_id = ?1 AND c.provisional_cmd IS NULL AND NOT "
        "  EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.id AND NOT " TP_FINISHED ")",
        "DELETE FROM customers WHERE id = ?1",
        "DELETE FROM customer_visits WHERE customer_id = ?1",
    };
    for (const char* sql : kRemove) run(db, sql, customer_id);
    return commands;
}

int remove_case_entities(Db& db, const std::string& case_id) {
    const int commands = delete_finished_commands(
        db, "DELETE FROM outbox AS o WHERE " TP_FINISHED " AND o.case_id = ?1", case_id);
    run(db, "DELETE FROM intray WHERE case_id = ?1 AND local_answer_cmd IS NULL", case_id);
    run(db,
        "DELETE FROM work_orders WHERE case_id = ?1 AND local_progress_cmd IS NULL AND NOT "
        "EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = ?1 AND NOT " TP_FINISHED ")",
        case_id);
    return commands;
}

}  // namespace tp::scope_removal
