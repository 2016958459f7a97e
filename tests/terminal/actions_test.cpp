#include <doctest/doctest.h>

#include <set>
#include <string>

#include "touchpoint/actions.hpp"

using namespace tp;

TEST_CASE("every action type has exactly one row and a unique wire name") {
    std::set<std::string_view> names;
    for (const auto& s : action_table()) {
        CHECK(names.insert(s.wire_name).second);
        CHECK(&spec(s.type) == &s);
        CHECK(action_from_wire(s.wire_name) == s.type);
    }
    CHECK(names.size() == static_cast<std::size_t>(ActionType::IdentityChange) + 1);
    CHECK_FALSE(action_from_wire("drop_table").has_value());
}

TEST_CASE("offline policies follow the brief") {
    CHECK(spec(ActionType::CancelOrder).offline == OfflinePolicy::QueueAsRequest);
    CHECK(spec(ActionType::ChangeDelivery).offline == OfflinePolicy::QueueAsRequest);
    CHECK(spec(ActionType::StartReturn).offline == OfflinePolicy::Queue);
    CHECK(spec(ActionType::VisitSignature).offline == OfflinePolicy::Queue);
    CHECK(spec(ActionType::RefundPayout).offline == OfflinePolicy::OnlineOnly);

    CHECK(allowed_with_connectivity(ActionType::StartReturn, false));
    CHECK(allowed_with_connectivity(ActionType::CancelOrder, false));
    CHECK_FALSE(allowed_with_connectivity(ActionType::RefundPayout, false));
    CHECK_FALSE(allowed_with_connectivity(ActionType::IdentityChange, false));
    CHECK(allowed_with_connectivity(ActionType::RefundPayout, true));
}

TEST_CASE("roles follow the brief") {
    CHECK(role_may_issue(Role::Customer, ActionType::StartReturn));
    CHECK(role_may_issue(Role::Rep, ActionType::CancelOrder));
    CHECK_FALSE(role_may_issue(Role::Technician, ActionType::CancelOrder));
    CHECK(role_may_issue(Role::Technician, ActionType::AddNote));
    CHECK(role_may_issue(Role::Technician, ActionType::VisitComplete));
    CHECK_FALSE(role_may_issue(Role::Customer, ActionType::VisitComplete));
    CHECK(role_may_issue(Role::Customer, ActionType::Feedback));
    CHECK_FALSE(role_may_issue(Role::Rep, ActionType::Feedback));
    CHECK(role_may_issue(Role::Automatic, ActionType::Interaction));
    CHECK_FALSE(role_may_issue(Role::Customer, ActionType::Interaction));
}

TEST_CASE("refusal alternatives point at real actions") {
    CHECK(spec(ActionType::CancelOrder).refusal_alternative == ActionType::StartReturn);
    CHECK(spec(ActionType::AddNote).refusal_alternative == ActionType::OpenComplaint);
}
