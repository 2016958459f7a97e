#pragma once
// The text of each change's entity in a feed page's body, as the service sent it, so that the
// cache stores it without writing the parsed entity out again.

#include <optional>
#include <string_view>
#include <vector>

namespace tp::sync {

// For a body that is valid JSON (already parsed): the text of the "data" member of every element
// of the top-level "changes" array, in order (empty where an element has none). The last of
// duplicate keys counts, as when the body is parsed. nullopt when the body does not have that
// shape or a key in it is written with escapes; the views point into `body`.
std::optional<std::vector<std::string_view>> change_data_texts(std::string_view body);

}  // namespace tp::sync
