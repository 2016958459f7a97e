#include "case_actions.hpp"

namespace tp::ui {
namespace {

std::vector<ActionType> relevant(const Case& c) {
    const bool open = c.status != "closed" && c.status != "cancelled";
    std::vector<ActionType> out;
    if (c.kind == CaseKind::Order) {
        if (c.status == "delivered") out.push_back(ActionType::StartReturn);
        if (c.status == "placed") {
            out.push_back(ActionType::ChangeDelivery);
            out.push_back(ActionType::CancelOrder);
        }
        if (c.status != "cancelled") out.push_back(ActionType::RefundPayout);
    }
    if (open) out.push_back(ActionType::AddNote);
    return out;
}

}  // namespace

std::vector<CaseAction> case_actions(const AppSnapshot& snap, const CaseView& view) {
    const Case& c = view.summary.data;
    std::vector<CaseAction> out;
    // A case the service refused to make exists only here, to show the refusal: nothing to do on it.
    if (!snap.identity || c.kind == CaseKind::Visit || c.status == "refused") return out;
    for (ActionType type : relevant(c)) {
        if (!role_may_issue(snap.identity->role, type)) continue;
        CaseAction a{type, allowed_with_connectivity(type, snap.sync.online), {}};
        if (auto code = foreseen_refusal(type, view, snap.now)) {
            a.available = false;
            a.refusal = std::string(*code);
        }
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace tp::ui
