#pragma once
// Hashing and randomness the terminal and the service share (OpenSSL libcrypto and libsodium
// underneath).

#include <string>
#include <string_view>

namespace tp {

std::string sha256_hex(std::string_view data);
// `bytes` random bytes from the system CSPRNG, hex encoded.
std::string random_hex(std::size_t bytes);
// A random (version 4) UUID in its canonical text form.
std::string new_uuid();
// Constant-time comparison of two equal-length hex strings.
bool equal_constant_time(std::string_view a, std::string_view b);

// ---- PIN verifiers (docs/security.md "PINs", protocol §4) ----
//
// A record's PIN is kept as `pin_salt` (random hex, per record) and `pin_hash`, the verifier:
// the Argon2id string of libsodium's crypto_pwhash_str (it names its own parameters and salt)
// computed over sha256_hex(pin_salt + pin). Older databases hold the legacy form, pin_hash =
// sha256_hex(pin_salt + pin) as 64 hex digits; it still verifies, and
// wrap_legacy_pin_hash() turns it into the current form without knowing the PIN.

// The cost of computing and checking a verifier. Standard is what every stored verifier gets:
// Argon2id over 64 MiB with 24 passes, most of a second on one core, so that trying all 10,000
// four-digit PINs of one copied record takes hours. Demo (libsodium's interactive limits: 64 MiB,
// 2 passes) is only for the demo data's public PINs (docs/security.md "Demo data"); Minimal exists
// for test fixtures that exercise PIN logic rather than cost. Neither is written for a real record.
enum class PinCost { Standard, Demo, Minimal };

struct PinVerifier {
    std::string salt;
    std::string hash;
};

// A new verifier for `pin` with a fresh random salt. Throws std::runtime_error when memory for
// the KDF cannot be had.
PinVerifier make_pin_verifier(std::string_view pin, PinCost cost = PinCost::Standard);
// The verifier of `pin` under a given salt (the salt of make_pin_verifier's result).
std::string pin_hash(std::string_view salt, std::string_view pin,
                     PinCost cost = PinCost::Standard);
// The legacy verifier: sha256_hex(salt + pin). Only for reading and testing old databases.
std::string legacy_pin_hash(std::string_view salt, std::string_view pin);
// True when `stored` is in the legacy form (64 hex digits).
bool is_legacy_pin_hash(std::string_view stored);
// The current form of a legacy verifier (same salt, same PIN); `stored` must be legacy.
std::string wrap_legacy_pin_hash(std::string_view stored);
// True when `stored` is current and costs at least PinCost::Standard to check.
bool pin_hash_is_current(std::string_view stored);

// True when `pin` matches the stored verifier (either form). Every PIN check on either end goes
// through here. An empty or malformed verifier never matches.
bool pin_matches(std::string_view salt, std::string_view stored_hash, std::string_view pin);
// Spends what a Standard check of `pin` costs and matches nothing: the answer for an id that has
// no verifier, so that unknown ids cannot be told from known ones by timing.
void pin_check_without_verifier(std::string_view pin);

}  // namespace tp
