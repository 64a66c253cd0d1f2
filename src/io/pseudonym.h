// Pseudonymous user ids: a keyed hash (BLAKE2b via libsodium) of the external id, so the
// same user maps to the same pseudonym for the same key, and without the key the original
// id cannot be recovered or confirmed by guessing.
#pragma once
#include <array>
#include <string>
#include <string_view>

namespace ss::io {

class Pseudonymiser {
 public:
  // Any non-empty key; it is stretched to a 32-byte BLAKE2b key with an unkeyed hash.
  explicit Pseudonymiser(std::string_view key);
  // 32 lowercase hex characters (128 bits).
  std::string operator()(std::string_view external_id) const;

 private:
  std::array<unsigned char, 32> key_{};
};

}  // namespace ss::io
