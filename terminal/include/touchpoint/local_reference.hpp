#pragma once
// The short reference a case made on this terminal gets at once, before the service has
// confirmed it: "<store>-<terminal tag>-<n>", e.g. "S1-7F3A-12" (protocol §7, "References a customer keeps").
// The tag is the last four characters of the terminal's id, in capitals; the service gives no
// two terminals of a store the same tag, and n counts up on the terminal, so a reference is
// never made twice. The customer's receipt and QR code carry it; the service keeps it as an
// alias of the case's own "TP-" reference, so either finds the case.

#include <string>
#include <string_view>

namespace tp {

// "S1-7F3A-" for store "S1" and terminal "TERM-0a1b2c3d7f3a".
std::string local_reference_prefix(std::string_view store_id, std::string_view terminal_id);
// The terminal's tag: the last four letters or digits of its id, in capitals ("7F3A").
std::string terminal_tag(std::string_view terminal_id);
// Whether `reference` is `prefix` followed by 1 to 9 digits.
bool is_local_reference(std::string_view reference, std::string_view prefix);

}  // namespace tp
