#pragma once
// What each action's form asks, as data: its fields, which are required, the choices offered,
// and how the answers become the command's payload (docs/sync-protocol.md §7).

#include <nlohmann/json.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "touchpoint/actions.hpp"
#include "touchpoint/domain.hpp"

namespace tp::ui {

struct FormChoice {
    FormChoice(std::string v, std::string label, std::string text_label = {})
        : value(std::move(v)), label_key(std::move(label)), text_label_key(std::move(text_label)) {}
    std::string value;
    std::string label_key;  // string-table key of the choice's label
    // When set, choosing it asks for a text too ("Another reason": which one), typed on the
    // on-screen keyboard into field "<name>_text" and labelled with this key; required then.
    std::string text_label_key;
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

// The choice of `field` whose value is `value`, if any.
const FormChoice* find_choice(const FormField& field, const std::string& value);

// Answers by field name -> the payload the service expects. `now` places a callback's slot on
// the next day; `customer` supplies the version preferences are changed against.
nlohmann::json form_payload(ActionType action, const std::map<std::string, std::string>& answers,
                            Millis now, const Customer* customer);

}  // namespace tp::ui
