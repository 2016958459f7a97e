#pragma once
// Base64 as the protocol carries binary fields (a visit photo's bytes_base64), by libsodium.

#include <string>
#include <string_view>

namespace tp {

// Standard base64 with padding (RFC 4648 §4): sodium_bin2base64, variant ORIGINAL.
std::string base64_encode(std::string_view bytes);

}  // namespace tp
