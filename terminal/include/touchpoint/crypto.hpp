#pragma once
// Hashing and randomness the terminal and the service share (OpenSSL libcrypto underneath).

#include <string>
#include <string_view>

namespace tp {

std::string sha256_hex(std::string_view data);
// `bytes` random bytes from the system CSPRNG, hex encoded.
std::string random_hex(std::size_t bytes);
// A random (version 4) UUID in its canonical text form.
std::string new_uuid();
// The salted PIN hash both ends store: sha256_hex(salt + pin).
std::string pin_hash(std::string_view salt, std::string_view pin);
// True when `pin` matches the stored verifier (salt and hash as the service issued them). Every PIN
// check on either end goes through here.
bool pin_matches(std::string_view salt, std::string_view stored_hash, std::string_view pin);
// Constant-time comparison of two equal-length hex strings.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace tp
