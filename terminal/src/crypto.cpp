#include "touchpoint/crypto.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sodium.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace tp {
namespace {

std::string to_hex(const unsigned char* data, std::size_t n) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(n * 2, '0');
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = kDigits[data[i] >> 4];
        out[2 * i + 1] = kDigits[data[i] & 0xF];
    }
    return out;
}

void init_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium cannot be initialised");
}

struct KdfLimits {
    unsigned long long ops;
    std::size_t mem;
};

KdfLimits limits_of(PinCost cost) {
    switch (cost) {
        case PinCost::Minimal:
            return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
        case PinCost::Demo:
            return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
        case PinCost::Standard:
            break;
    }
    return {24, 64u << 20};
}

// The Argon2id string over `secret` (already salted by the caller).
std::string argon2id_str(const std::string& secret, PinCost cost) {
    init_sodium();
    const KdfLimits limits = limits_of(cost);
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str_alg(out.data(), secret.data(), secret.size(), limits.ops, limits.mem,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("not enough memory to compute a PIN verifier");
    return std::string(out.data());
}

bool is_argon2id_str(std::string_view stored) {
    return stored.rfind(crypto_pwhash_argon2id_STRPREFIX, 0) == 0 &&
           stored.size() < crypto_pwhash_STRBYTES;
}

// The secret a current verifier is computed over.
std::string salted(std::string_view salt, std::string_view pin) {
    std::string input(salt);
    input.append(pin);
    return sha256_hex(input);
}

}  // namespace

std::string sha256_hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &len, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("sha256 failed");
    return to_hex(digest.data(), len);
}

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> buf(bytes);
    if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1)
        throw std::runtime_error("no randomness available");
    return to_hex(buf.data(), buf.size());
}

std::string new_uuid() {
    std::array<unsigned char, 16> b{};
    if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1)
        throw std::runtime_error("no randomness available");
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
    std::string hex = to_hex(b.data(), b.size());
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20);
}

bool equal_constant_time(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

PinVerifier make_pin_verifier(std::string_view pin, PinCost cost) {
    PinVerifier v;
    v.salt = random_hex(8);
    v.hash = pin_hash(v.salt, pin, cost);
    return v;
}

std::string pin_hash(std::string_view salt, std::string_view pin, PinCost cost) {
    return argon2id_str(salted(salt, pin), cost);
}

std::string legacy_pin_hash(std::string_view salt, std::string_view pin) {
    return salted(salt, pin);
}

bool is_legacy_pin_hash(std::string_view stored) {
    if (stored.size() != 64) return false;
    for (char c : stored)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string wrap_legacy_pin_hash(std::string_view stored) {
    return argon2id_str(std::string(stored), PinCost::Standard);
}

bool pin_hash_is_current(std::string_view stored) {
    if (!is_argon2id_str(stored)) return false;
    init_sodium();
    const KdfLimits limits = limits_of(PinCost::Standard);
    const std::string text(stored);
    return crypto_pwhash_str_needs_rehash(text.c_str(), limits.ops, limits.mem) == 0;
}

bool pin_matches(std::string_view salt, std::string_view stored_hash, std::string_view pin) {
    if (is_legacy_pin_hash(stored_hash))
        return equal_constant_time(legacy_pin_hash(salt, pin), stored_hash);
    if (!is_argon2id_str(stored_hash)) return false;
    init_sodium();
    const std::string text(stored_hash);
    const std::string secret = salted(salt, pin);
    return crypto_pwhash_str_verify(text.c_str(), secret.data(), secret.size()) == 0;
}

void pin_check_without_verifier(std::string_view pin) {
    static const PinVerifier decoy = make_pin_verifier(random_hex(4));
    (void)pin_matches(decoy.salt, decoy.hash, pin);
}

}  // namespace tp
