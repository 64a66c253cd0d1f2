#include "core/behavior.h"

#include <algorithm>
#include <string>

namespace ss {

std::optional<Behavior> parse_behavior(std::string_view name) {
  std::string s(name);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
    return c == '-' || c == ' ' ? '_' : static_cast<char>(std::tolower(c));
  });
  struct Alias {
    std::string_view name;
    Behavior b;
  };
  static constexpr Alias kAliases[] = {
      {"view", Behavior::kView},         {"pv", Behavior::kView},
      {"page_view", Behavior::kView},    {"pageview", Behavior::kView},
      {"detail", Behavior::kView},       {"click", Behavior::kClick},
      {"search", Behavior::kSearch},     {"query", Behavior::kSearch},
      {"cart", Behavior::kAddToCart},    {"add_to_cart", Behavior::kAddToCart},
      {"addtocart", Behavior::kAddToCart}, {"remove_from_cart", Behavior::kRemoveFromCart},
      {"removefromcart", Behavior::kRemoveFromCart}, {"uncart", Behavior::kRemoveFromCart},
      {"favorite", Behavior::kFavorite}, {"favourite", Behavior::kFavorite},
      {"fav", Behavior::kFavorite},      {"like", Behavior::kFavorite},
      {"wishlist", Behavior::kFavorite}, {"purchase", Behavior::kPurchase},
      {"buy", Behavior::kPurchase},      {"order", Behavior::kPurchase},
      {"transaction", Behavior::kPurchase}, {"dislike", Behavior::kDislike},
      {"return", Behavior::kReturn},     {"refund", Behavior::kReturn},
  };
  for (const auto& a : kAliases)
    if (a.name == s) return a.b;
  return std::nullopt;
}

}  // namespace ss
