#pragma once
// What each action's form asks, as data: its fields, which are required, the choices offered,
// and how the answers become the command's payload (docs/sync-protocol.md §7).

#include <nlohmann/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "touchpoint/actions.hpp"
#include "touchpoint/domain.hpp"

namespace tp::ui {

struct FormChoice {
    std::string value;
    std::string label_key;  // string-table key of the choice's label
};

struct FormField {
    enum class Kind { Text, Choice };
    Kind kind = Kind::Text;
    std::string name;       // payload field; widget ids "form.field.<name>" / "form.choice.<name>.<value>"
    std::string label_key;
    bool required = true;
    std::vector<FormChoice> choices;
};

struct FormSpec {
    std::string hint_key;  // "action.<wire>.hint"
    std::vector<FormField> fields;
};

FormSpec form_for(ActionType action);

// Answers by field name -> the payload the service expects. `now` places a callback's slot on
// the next day; `customer` supplies the version preferences are changed against.
nlohmann::json form_payload(ActionType action, const std::map<std::string, std::string>& answers,
                            Millis now, const Customer* customer);

}  // namespace tp::ui
