#include "synth/shop_model.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/price_bands.h"
#include "core/timeutil.h"

namespace ss::synth {
namespace {

constexpr const char* kDepartments[] = {"Home", "Kitchen", "Sports", "Beauty", "Electronics", "Garden", "Fashion",
                                        "Toys"};
constexpr const char* kNouns[] = {
    "kettle",  "mug",      "teapot",   "blender",  "knife",   "pan",     "sneakers", "jacket",  "backpack",
    "tent",    "lamp",     "pillow",   "blanket",  "shampoo", "lipstick", "serum",   "headphones", "speaker",
    "charger", "keyboard", "mouse",    "monitor",  "drill",   "hose",    "planter", "scarf",   "watch",
    "wallet",  "puzzle",   "robot",    "bicycle",  "helmet",  "candle",  "vase",    "towel",   "razor",
    "perfume", "tripod",   "camera",   "router"};
constexpr const char* kAdjectives[] = {"classic", "compact", "deluxe", "ergonomic", "organic", "portable", "smart",
                                       "vintage", "wireless", "premium", "lightweight", "waterproof"};
constexpr const char* kColours[] = {"red", "blue", "black", "white", "green", "grey", "pink", "silver"};
constexpr const char* kSyllables[] = {"nor", "vik", "ala", "zen", "tor", "mi", "ka", "lu", "bel", "ro", "sta", "fin"};
constexpr const char* kMaterials[] = {"steel", "cotton", "bamboo", "ceramic", "leather", "glass", "wool"};

template <size_t N>
const char* pick(Rng& rng, const char* const (&arr)[N]) {
  return arr[rng.below(N)];
}

uint64_t mix(uint64_t a, uint64_t b) {
  Rng r(a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull));
  return r.next();
}

}  // namespace

ShopModel::ShopModel(const GeneratorConfig& config, SyntheticShop& shop)
    : cfg_(config), shop_(shop), rng_(config.seed) {
  if (cfg_.categories == 0 || cfg_.items == 0 || cfg_.brands == 0)
    throw Error("the generator needs at least one category, brand and item");
  // Every category gets at least one item, and users sample items within categories.
  if (cfg_.items < cfg_.categories)
    throw Error("the generator needs at least as many items (" + std::to_string(cfg_.items) + ") as categories (" +
                std::to_string(cfg_.categories) + "); lower --categories or raise --items");
  build_categories();
  build_brands();
  build_items();
  for (uint32_t u = 0; u < cfg_.users; ++u) add_user(u);
}

void ShopModel::build_categories() {
  const uint32_t n = cfg_.categories;
  cats_.resize(n);
  double total = 0;
  for (uint32_t c = 0; c < n; ++c) {
    auto& cat = cats_[c];
    cat.name = kNouns[c % std::size(kNouns)];
    if (c >= std::size(kNouns)) cat.name += "-" + std::to_string(c / std::size(kNouns));
    cat.department = kDepartments[c % std::size(kDepartments)];
    cat.popularity = 1.0 / std::pow(c + 1.0, 0.7);  // Zipf-like
    cat.base_price = std::exp(1.5 + 3.5 * rng_.uniform());  // about 4.5 .. 150
    cat.consumable = (c % 4 == 3);
    total += cat.popularity;
    cat_cumulative_.push_back(total);
    shop_.data.dicts.categories.intern(cat.name);
  }
}

void ShopModel::build_brands() {
  for (uint32_t b = 0; b < cfg_.brands; ++b) {
    std::string name = pick(rng_, kSyllables);
    name += pick(rng_, kSyllables);
    name[0] = static_cast<char>(std::toupper(name[0]));
    name += std::to_string(b);  // brand names must be unique
    brand_names_.push_back(name);
    shop_.data.dicts.brands.intern(name);
    // Each brand sells in a primary category and sometimes a second one.
    cats_[b % cats_.size()].brands.push_back(b);
    shop_.truth.brand_appeal.push_back(std::exp(0.7 * rng_.normal()));
    if (rng_.bernoulli(0.4)) cats_[rng_.below(cats_.size())].brands.push_back(b);
  }
  for (uint32_t c = 0; c < cats_.size(); ++c)
    if (cats_[c].brands.empty()) cats_[c].brands.push_back(static_cast<uint32_t>(rng_.below(cfg_.brands)));
}

void ShopModel::build_items() {
  auto& truth = shop_.truth;
  const uint64_t n = cfg_.items;
  truth.item_category.resize(n);
  truth.item_brand.resize(n);
  truth.item_price_band.resize(n);
  truth.complement.resize(n);
  item_price_.resize(n);
  item_created_.resize(n);
  item_words_.resize(n);
  const int64_t period = static_cast<int64_t>(cfg_.days) * kMsPerDay;
  for (uint64_t i = 0; i < n; ++i) {
    // Every category gets items; beyond that, items follow category popularity.
    const uint32_t c = i < cats_.size() ? static_cast<uint32_t>(i) : pick_category(rng_);
    auto& cat = cats_[c];
    const uint32_t b = cat.brands[rng_.below(cat.brands.size())];
    const float price = static_cast<float>(std::round(cat.base_price * std::exp(0.45 * rng_.normal()) * 100) / 100);
    truth.item_category[i] = c;
    truth.item_brand[i] = b;
    item_price_[i] = std::max(0.5f, price);
    cat.items.push_back(static_cast<uint32_t>(i));

    const std::string adj = pick(rng_, kAdjectives), colour = pick(rng_, kColours), material = pick(rng_, kMaterials);
    CatalogueItem item;
    item.item = shop_.data.dicts.items.intern("i" + std::to_string(i));
    item.title = brand_names_[b] + " " + adj + " " + colour + " " + cat.name;
    item.description = "A " + adj + " " + cat.name + " made of " + material + ", in " + colour + ".";
    item.category_path = cat.department + " > " + cat.name;
    item.category = c;
    item.brand = b;
    item.price = item_price_[i];
    item.attributes = {{"colour", colour}, {"material", material}};
    // Most items exist before the log starts; some are launched during it.
    item.created_ms = (i < cats_.size() || rng_.bernoulli(0.9)) ? cfg_.start_ms - static_cast<int64_t>(rng_.below(365)) * kMsPerDay
                                          : cfg_.start_ms + static_cast<int64_t>(rng_.uniform() * period);
    item.in_stock = rng_.bernoulli(0.95);
    item_created_[i] = item.created_ms;
    // Zipf popularity within the category, scaled by brand appeal; launches during the log
    // are promoted (a random rank among the top three) so their success follows the brand.
    const bool launched_in_log = item.created_ms >= cfg_.start_ms;
    const double rank = launched_in_log ? 1.0 + static_cast<double>(rng_.below(3)) : static_cast<double>(cat.items.size());
    const double pop = truth.brand_appeal[b] / std::pow(rank, 0.9);
    cat.cumulative_pop.push_back((cat.cumulative_pop.empty() ? 0 : cat.cumulative_pop.back()) + pop);
    item_words_[i] = {cat.name, adj, colour, brand_names_[b]};
    shop_.data.catalogue.upsert(std::move(item));
  }
  // Planted price bands: the rule analytics and search recover them with (core/price_bands.h).
  const std::vector<uint8_t> bands = price_bands(item_price_, truth.item_category);
  truth.item_price_band.assign(bands.begin(), bands.end());
  // Planted "bought together": a popular item of the neighbouring category.
  for (uint64_t i = 0; i < n; ++i) {
    const auto& other = cats_[(truth.item_category[i] + 1) % cats_.size()];
    truth.complement[i] = other.items[rng_.below(std::min<size_t>(other.items.size(), 5))];
  }
}

uint32_t ShopModel::pick_category(Rng& rng) const {
  const double x = rng.uniform() * cat_cumulative_.back();
  return static_cast<uint32_t>(std::upper_bound(cat_cumulative_.begin(), cat_cumulative_.end(), x) -
                               cat_cumulative_.begin());
}

uint32_t ShopModel::pick_item(Rng& rng, uint32_t c, const UserTruth& taste, int64_t now) const {
  const auto& cat = cats_[c];
  uint32_t fallback = cat.items[0];  // the category's first item always predates the log
  // Popularity proposal, accepted in proportion to how well the item fits the user's taste.
  for (int attempt = 0; attempt < 64; ++attempt) {
    const double x = rng.uniform() * cat.cumulative_pop.back();
    const size_t k = std::upper_bound(cat.cumulative_pop.begin(), cat.cumulative_pop.end(), x) -
                     cat.cumulative_pop.begin();
    const uint32_t item = cat.items[std::min(k, cat.items.size() - 1)];
    if (item_created_[item] > now) continue;  // not launched yet
    fallback = item;
    double fit = 1.0;
    if (shop_.truth.item_brand[item] == taste.brand) fit *= 4.0;
    fit *= shop_.truth.item_price_band[item] == taste.price_band ? 3.0 : 0.5;
    if (rng.uniform() * 12.0 < fit) return item;
  }
  return fallback;
}

void ShopModel::add_user(uint32_t u) {
  auto& users = shop_.truth.users;
  if (users.size() <= u) users.resize(u + 1);
  Rng rng(mix(cfg_.seed, u));
  UserTruth& t = users[u];
  const uint32_t first = pick_category(rng);
  uint32_t second = pick_category(rng);
  for (int i = 0; i < 8 && second == first && cats_.size() > 1; ++i) second = pick_category(rng);
  t.categories = {first};
  if (second != first) t.categories.push_back(second);
  const auto& brands = cats_[first].brands;
  t.brand = brands[rng.below(brands.size())];
  t.price_band = static_cast<int>(rng.below(3));
  t.bot = rng.bernoulli(cfg_.bot_fraction);
  t.churner = !t.bot && rng.bernoulli(cfg_.churn_fraction);
  const int64_t period = static_cast<int64_t>(cfg_.days) * kMsPerDay;
  t.churn_ms = t.churner ? cfg_.start_ms + static_cast<int64_t>((0.25 + 0.25 * rng.uniform()) * period)
                         : cfg_.start_ms + period;
  // Activity varies a lot between users (log-normal), as in real shops.
  t.sessions_per_day = cfg_.sessions_per_user * std::exp(0.8 * rng.normal() - 0.32) / std::max(1u, cfg_.days);
  t.buy_rate = 0.15 + 0.65 * rng.uniform();
  shop_.data.dicts.users.intern("u" + std::to_string(u));
}

int64_t ShopModel::session_start(Rng& rng, int64_t from_ms, int64_t to_ms) const {
  // Weekly rhythm (weekends busier) and daily rhythm (lunch and evening peaks).
  static constexpr double kHourWeight[24] = {0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 0.9, 1.0, 1.1, 1.3,
                                             1.6, 1.4, 1.1, 1.0, 1.1, 1.3, 1.6, 2.0, 2.3, 2.2, 1.6, 0.8};
  const int64_t first_day = day_of(from_ms), last_day = day_of(std::max(from_ms, to_ms - 1));
  for (;;) {
    const int64_t day = first_day + static_cast<int64_t>(rng.below(last_day - first_day + 1));
    const int wd = weekday_of(day * kMsPerDay);
    const int hour = static_cast<int>(rng.below(24));
    const double w = kHourWeight[hour] * (wd >= 5 ? 1.3 : 1.0);
    if (rng.uniform() * 2.3 * 1.3 > w) continue;
    const int64_t t = day * kMsPerDay + hour * kMsPerHour + static_cast<int64_t>(rng.below(kMsPerHour));
    if (t >= from_ms && t < to_ms) return t;
  }
}

void ShopModel::emit(Rng& rng, EventTable& out, const EventRow& row) {
  out.push_back(row);
  if (rng.bernoulli(cfg_.duplicate_fraction)) {
    out.push_back(row);
    ++shop_.truth.duplicates;
  }
}

void ShopModel::simulate_user(uint32_t u, EventTable& out) {
  Rng rng(mix(cfg_.seed ^ 0xA5A5A5A5ull, u));
  const UserTruth& t = shop_.truth.users[u];
  if (t.bot) return simulate_bot(rng, u, out);
  const int64_t end = cfg_.start_ms + static_cast<int64_t>(cfg_.days) * kMsPerDay;
  const int64_t stop = t.churner ? t.churn_ms : end;
  const double mean = t.sessions_per_day * static_cast<double>(stop - cfg_.start_ms) / kMsPerDay;
  int sessions = 1;
  for (double x = rng.exponential(1.0); x < mean; x += rng.exponential(1.0)) ++sessions;
  std::vector<int64_t> starts;
  for (int s = 0; s < sessions; ++s) starts.push_back(session_start(rng, cfg_.start_ms, stop));
  std::sort(starts.begin(), starts.end());
  EventTable mine;
  for (int64_t s : starts) simulate_session(rng, u, s, mine);
  mine.sort_by_time();  // sessions and repeat purchases may interleave
  out.append(mine);
}

void ShopModel::simulate_session(Rng& rng, uint32_t u, int64_t t, EventTable& out) {
  const UserTruth& taste = shop_.truth.users[u];
  const uint32_t session = next_session_++;
  const double r = rng.uniform();
  const uint32_t c = r < 0.55 ? taste.categories[0]
                     : (r < 0.8 && taste.categories.size() > 1) ? taste.categories[1]
                                                                 : pick_category(rng);
  auto step = [&] { t += 2000 + static_cast<int64_t>(rng.exponential(40000)); };
  if (rng.bernoulli(0.3)) {  // a search made of catalogue words
    const uint32_t seed_item = pick_item(rng, c, taste, t);
    const auto& words = item_words_[seed_item];
    std::string q = words[0];
    if (rng.bernoulli(0.5)) q = words[1 + rng.below(3)] + " " + q;
    emit(rng, out, {.user = u, .item = kNone, .ts_ms = t, .type = Behavior::kSearch, .session = session,
                    .query = shop_.data.dicts.queries.intern(q)});
    step();
  }
  std::vector<uint32_t> cart;
  const int views = 1 + static_cast<int>(rng.exponential(4.0));
  for (int v = 0; v < views; ++v) {
    const uint32_t item = pick_item(rng, c, taste, t);
    const float price = item_price_[item];
    emit(rng, out, {.user = u, .item = item, .ts_ms = t, .type = Behavior::kView, .session = session});
    step();
    const bool fits = shop_.truth.item_brand[item] == taste.brand || shop_.truth.item_price_band[item] == taste.price_band;
    if (rng.bernoulli(fits ? 0.16 : 0.05)) {
      emit(rng, out, {.user = u, .item = item, .ts_ms = t, .type = Behavior::kAddToCart, .session = session,
                      .quantity = 1, .price = price});
      cart.push_back(item);
      step();
    } else if (rng.bernoulli(0.03)) {
      emit(rng, out, {.user = u, .item = item, .ts_ms = t, .type = Behavior::kFavorite, .session = session});
      step();
    }
  }
  if (!cart.empty() && rng.bernoulli(0.12)) {
    emit(rng, out, {.user = u, .item = cart.back(), .ts_ms = t, .type = Behavior::kRemoveFromCart,
                    .session = session, .quantity = 1, .price = item_price_[cart.back()]});
    cart.pop_back();
    step();
  }
  for (size_t k = 0; k < cart.size(); ++k) {
    if (!rng.bernoulli(taste.buy_rate)) continue;
    const uint32_t item = cart[k];
    const float qty = rng.bernoulli(0.85) ? 1.f : static_cast<float>(2 + rng.below(3));
    emit(rng, out, {.user = u, .item = item, .ts_ms = t, .type = Behavior::kPurchase, .session = session,
                    .quantity = qty, .price = item_price_[item]});
    step();
    const uint32_t comp = shop_.truth.complement[item];
    if (item_created_[comp] <= t && rng.bernoulli(0.5)) {  // the planted complement, often bought right after
      emit(rng, out, {.user = u, .item = comp, .ts_ms = t, .type = Behavior::kView, .session = session});
      step();
      if (rng.bernoulli(0.5)) {
        emit(rng, out, {.user = u, .item = comp, .ts_ms = t, .type = Behavior::kPurchase, .session = session,
                        .quantity = 1, .price = item_price_[comp]});
        step();
      }
    }
    // Consumables are bought again a few weeks later.
    const int64_t end = cfg_.start_ms + static_cast<int64_t>(cfg_.days) * kMsPerDay;
    const int64_t again = t + 14 * kMsPerDay + static_cast<int64_t>(rng.normal() * 2 * kMsPerDay);
    const auto& taste_ref = shop_.truth.users[u];
    if (cats_[shop_.truth.item_category[item]].consumable && again < std::min(end, taste_ref.churn_ms) &&
        rng.bernoulli(0.6)) {
      const uint32_t s2 = next_session_++;
      emit(rng, out, {.user = u, .item = item, .ts_ms = again, .type = Behavior::kView, .session = s2});
      emit(rng, out, {.user = u, .item = item, .ts_ms = again + 30000, .type = Behavior::kPurchase, .session = s2,
                      .quantity = 1, .price = item_price_[item]});
    }
  }
}

void ShopModel::simulate_bot(Rng& rng, uint32_t u, EventTable& out) {
  const int64_t end = cfg_.start_ms + static_cast<int64_t>(cfg_.days) * kMsPerDay;
  int64_t t = session_start(rng, cfg_.start_ms, end);
  const uint32_t session = next_session_++;
  const int views = 300 + static_cast<int>(rng.below(700));
  for (int v = 0; v < views; ++v) {
    const uint32_t item = static_cast<uint32_t>(rng.below(cfg_.items));
    if (item_created_[item] > t) continue;
    out.push_back({.user = u, .item = item, .ts_ms = t, .type = Behavior::kView, .session = session});
    t += 500 + static_cast<int64_t>(rng.below(1500));
  }
}

}  // namespace ss::synth
