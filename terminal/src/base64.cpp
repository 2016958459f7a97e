#include "touchpoint/base64.hpp"

#include <sodium.h>

namespace tp {

std::string base64_encode(std::string_view bytes) {
    constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
    // The encoded length plus the terminating NUL sodium writes.
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      kVariant);
    out.pop_back();
    return out;
}

}  // namespace tp
