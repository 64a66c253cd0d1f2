#include "io/pseudonym.h"

#include <sodium.h>

#include "core/error.h"

namespace ss::io {

Pseudonymiser::Pseudonymiser(std::string_view key) {
  if (key.empty()) throw Error("the pseudonymisation key must not be empty");
  if (sodium_init() < 0) throw Error("libsodium failed to initialise", ErrorCode::kInternal);
  crypto_generichash(key_.data(), key_.size(), reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                     nullptr, 0);
}

std::string Pseudonymiser::operator()(std::string_view id) const {
  unsigned char out[16];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(id.data()), id.size(), key_.data(),
                     key_.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(32, '0');
  for (size_t i = 0; i < sizeof out; ++i) {
    s[2 * i] = kHex[out[i] >> 4];
    s[2 * i + 1] = kHex[out[i] & 15];
  }
  return s;
}

}  // namespace ss::io
