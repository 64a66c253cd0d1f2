// The built-in behaviour types and their names. Shops map their own names onto these.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ss {

enum class Behavior : uint8_t {
  kView = 0,
  kClick,
  kSearch,
  kAddToCart,
  kRemoveFromCart,
  kFavorite,
  kPurchase,
  kDislike,
  kReturn,
};
inline constexpr int kNumBehaviors = 9;

inline constexpr std::array<std::string_view, kNumBehaviors> kBehaviorNames = {
    "view", "click", "search", "cart", "remove_from_cart", "favorite", "purchase", "dislike", "return"};

constexpr std::string_view behavior_name(Behavior b) { return kBehaviorNames[static_cast<int>(b)]; }

// Accepts the canonical names and the common aliases (pv, fav, buy, add_to_cart, ...),
// case-insensitively.
std::optional<Behavior> parse_behavior(std::string_view name);

// True for behaviour that signals dislike of the item rather than interest.
constexpr bool is_negative(Behavior b) {
  return b == Behavior::kDislike || b == Behavior::kReturn || b == Behavior::kRemoveFromCart;
}

}  // namespace ss
