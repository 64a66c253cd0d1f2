#include "serve/live_state.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "models/recommender.h"

namespace ss::serve {

// Grows without moving what it holds: a fixed table of chunk pointers, each chunk allocated
// on first use. Readers may index any id below the published size without a lock.
template <typename T>
struct LiveState::Chunked {
  static constexpr size_t kChunkBits = 16, kChunk = size_t{1} << kChunkBits, kMaxChunks = size_t{1} << 16;
  std::vector<std::atomic<T*>> chunks = std::vector<std::atomic<T*>>(kMaxChunks);
  std::mutex grow_mu;
  ~Chunked() {
    for (auto& c : chunks) delete[] c.load();
  }
  T* get(uint32_t id) const {
    T* c = chunks[id >> kChunkBits].load(std::memory_order_acquire);
    return c ? &c[id & (kChunk - 1)] : nullptr;
  }
  T& ensure(uint32_t id) {
    auto& slot = chunks[id >> kChunkBits];
    T* c = slot.load(std::memory_order_acquire);
    if (!c) {
      std::lock_guard lk(grow_mu);
      c = slot.load(std::memory_order_acquire);
      if (!c) {
        c = new T[kChunk]();
        slot.store(c, std::memory_order_release);
      }
    }
    return c[id & (kChunk - 1)];
  }
};

struct LiveState::UserSlot {
  struct Entry {
    uint32_t item;
    Behavior type;
    int64_t ts;
  };
  std::vector<Entry> ring;  // grows to history_len, then wraps at head
  uint32_t head = 0;
  template <typename F>
  void for_each(F&& f) const {  // oldest first
    for (size_t i = 0; i < ring.size(); ++i) f(ring[(head + i) % ring.size()]);
  }
};

struct LiveState::ItemSlot {
  double trend = 0;
  uint32_t events = 0;
  std::vector<Neighbour> covisit, together;
};

namespace {
const BehaviorWeights kWeights{};
constexpr int64_t kCovisitGapMs = 24 * 3'600'000LL;
int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
// Space-saving top list: add to an existing entry, else take a free slot, else replace the
// lightest entry (inheriting its weight, so counts are upper bounds as in Metwally et al.).
void bump(std::vector<Neighbour>& list, uint32_t item, float w, size_t cap) {
  size_t lightest = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].item == item) {
      list[i].weight += w;
      return;
    }
    if (list[i].weight < list[lightest].weight) lightest = i;
  }
  if (list.size() < cap) {
    list.push_back({item, w});
    return;
  }
  list[lightest] = {item, list[lightest].weight + w};
}
}  // namespace

LiveState::LiveState(const ServeConfig& config)
    : config_(config),
      item_table_(std::make_shared<ItemTable>()),
      users_(std::make_unique<Chunked<UserSlot>>()),
      item_slots_(std::make_unique<Chunked<ItemSlot>>()) {}

LiveState::~LiveState() = default;

void LiveState::bootstrap(Dataset& shop) {
  {
    std::unique_lock lk(ids_mu_);
    ids_ = shop.dicts;
    catalogue_ = shop.catalogue;
  }
  apply_catalogue(shop.catalogue.items(), {}, shop.num_items());
  shop.events.sort_by_user_time();
  for (size_t i = 0; i < shop.events.size(); ++i) apply_event(shop.events.row(i), /*lock=*/false);
}

void LiveState::apply(const CommitDelta& d) {
  if (d.store_dicts) {
    std::unique_lock lk(ids_mu_);
    auto extend = [](Dictionary& mine, const Dictionary& theirs) {
      for (size_t i = mine.size(); i < theirs.size(); ++i) mine.intern(theirs.name(static_cast<uint32_t>(i)));
    };
    extend(ids_.users, d.store_dicts->users);
    extend(ids_.items, d.store_dicts->items);
    extend(ids_.categories, d.store_dicts->categories);
    extend(ids_.brands, d.store_dicts->brands);
    if (d.items)
      for (const auto& it : *d.items) catalogue_.upsert(it);
    if (d.removed_items)
      for (uint32_t it : *d.removed_items) catalogue_.remove(it);
  }
  const bool catalogue_changed = (d.items && !d.items->empty()) || (d.removed_items && !d.removed_items->empty());
  if (catalogue_changed || num_items() > item_table_->size())
    apply_catalogue(d.items ? *d.items : std::vector<CatalogueItem>{},
                    d.removed_items ? *d.removed_items : std::vector<uint32_t>{}, num_items());
  if (d.events)
    for (size_t i = 0; i < d.events->size(); ++i) apply_event(d.events->row(i), /*lock=*/true);
}

void LiveState::apply_catalogue(const std::vector<CatalogueItem>& items, const std::vector<uint32_t>& removed,
                                size_t num_items) {
  std::lock_guard lk(item_table_mu_);
  auto t = std::make_shared<ItemTable>(*item_table_);  // copy on write: readers keep the old one
  const size_t n = std::max(num_items, t->size());
  t->category.resize(n, kNone);
  t->brand.resize(n, kNone);
  t->price.resize(n, kNoValue);
  t->created_ms.resize(n, kNoTime);
  t->listed.resize(n, 0);
  t->in_stock.resize(n, 1);
  t->removed.resize(n, 0);
  for (const auto& it : items) {
    if (it.item >= n) continue;
    t->category[it.item] = it.category;
    t->brand[it.item] = it.brand;
    t->price[it.item] = it.price;
    t->created_ms[it.item] = it.created_ms;
    t->listed[it.item] = 1;
    t->in_stock[it.item] = it.in_stock;
    t->removed[it.item] = 0;
  }
  for (uint32_t it : removed)
    if (it < n) t->listed[it] = 0, t->removed[it] = 1;
  std::atomic_store(&item_table_, std::shared_ptr<const ItemTable>(std::move(t)));
}

double LiveState::trend_weight(int64_t ts) {
  // Forward decay (Cormode et al.): weight 2^((t - L)/H) never needs old scores rescaled,
  // and ranking by it equals ranking by the decayed score at any later time.
  if (trend_landmark_.load() == kNoTime) trend_landmark_.store(ts);
  const double h = config_.trending_half_life_h * 3'600'000.0;
  double e = (ts - trend_landmark_.load()) / h;
  if (e > 600) {  // keep doubles finite: move the landmark, rescale every score once
    const double f = std::exp2(-e);
    for (auto& m : item_mu_) m.lock();
    for (uint32_t i = 0; i < num_items(); ++i)
      if (ItemSlot* s = item_slots_->get(i)) s->trend *= f;
    for (auto& m : item_mu_) m.unlock();
    trend_landmark_.store(ts);
    e = 0;
  }
  return std::exp2(std::max(e, -600.0));
}

void LiveState::add_pair(uint32_t a, uint32_t b, float w, bool bought, bool lock) {
  const size_t cap = bought ? std::max<size_t>(8, config_.covisit_neighbours / 2) : config_.covisit_neighbours;
  for (auto [x, y] : {std::pair{a, b}, std::pair{b, a}}) {
    std::unique_lock lk(item_mu_[x % kShards], std::defer_lock);
    if (lock) lk.lock();
    auto& s = item_slots_->ensure(x);
    bump(bought ? s.together : s.covisit, y, w, cap);
  }
}

void LiveState::apply_event(const EventRow& e, bool lock) {
  events_seen_.fetch_add(1, std::memory_order_relaxed);
  if (e.ts_ms > newest_ts_.load(std::memory_order_relaxed)) newest_ts_.store(e.ts_ms, std::memory_order_relaxed);
  if (e.item == kNone || e.user == kNone) return;
  const float w = kWeights[e.type];
  const bool basket = e.type == Behavior::kAddToCart || e.type == Behavior::kPurchase;
  // Pairs with the user's previous events, before this one joins the history.
  // Reused across events: the committer and bootstrap call this millions of times.
  thread_local std::vector<std::pair<uint32_t, float>> covisit, together;
  covisit.clear();
  together.clear();
  {
    std::unique_lock lk(user_mu_[e.user % kShards], std::defer_lock);
    if (lock) lk.lock();
    UserSlot& u = users_->ensure(e.user);
    if (w > 0 && !u.ring.empty()) {
      size_t seen = 0;
      for (size_t back = 1; back <= u.ring.size(); ++back) {
        const auto& p = u.ring[(u.head + u.ring.size() - back) % u.ring.size()];
        if (p.item == e.item) continue;
        const int64_t gap = std::llabs(e.ts_ms - p.ts);
        const float pw = kWeights[p.type];
        if (seen < config_.covisit_window && pw > 0 && gap <= kCovisitGapMs) {
          covisit.push_back({p.item, std::min(w, pw)});
          ++seen;
        }
        const bool pbasket = p.type == Behavior::kAddToCart || p.type == Behavior::kPurchase;
        if (basket && pbasket && gap <= config_.basket_window_ms) together.push_back({p.item, 1.0f});
      }
    }
    const UserSlot::Entry entry{e.item, e.type, e.ts_ms};
    if (u.ring.size() < config_.history_len) {
      // Keep oldest-first order while growing: insert at head position (head stays 0).
      u.ring.push_back(entry);
    } else if (!u.ring.empty()) {
      u.ring[u.head] = entry;
      u.head = static_cast<uint32_t>((u.head + 1) % u.ring.size());
    }
  }
  for (auto [other, pw] : covisit) add_pair(e.item, other, pw, false, lock);
  // A basket pair counts once per basket: dedupe repeated cart+purchase of the same item.
  std::sort(together.begin(), together.end(), [](auto& a, auto& b) { return a.first < b.first; });
  together.erase(std::unique(together.begin(), together.end(), [](auto& a, auto& b) { return a.first == b.first; }),
                 together.end());
  for (auto [other, pw] : together) add_pair(e.item, other, pw, true, lock);
  if (w > 0) {
    const double tw = w * trend_weight(e.ts_ms);  // before locking: a rescale locks every shard
    std::unique_lock lk(item_mu_[e.item % kShards], std::defer_lock);
    if (lock) lk.lock();
    auto& s = item_slots_->ensure(e.item);
    s.trend += tw;
    ++s.events;
  }
}

void LiveState::forget_user(uint32_t user, std::string_view new_name) {
  {
    std::lock_guard lk(user_mu_[user % kShards]);
    if (UserSlot* u = users_->get(user)) *u = UserSlot{};
  }
  std::unique_lock lk(ids_mu_);
  if (user < ids_.users.size()) ids_.users.rename(user, new_name);
}

uint32_t LiveState::find_user(std::string_view n) const {
  std::shared_lock lk(ids_mu_);
  return ids_.users.find(n);
}
uint32_t LiveState::find_item(std::string_view n) const {
  std::shared_lock lk(ids_mu_);
  return ids_.items.find(n);
}
uint32_t LiveState::find_category(std::string_view n) const {
  std::shared_lock lk(ids_mu_);
  return ids_.categories.find(n);
}
std::string LiveState::user_name(uint32_t id) const {
  std::shared_lock lk(ids_mu_);
  return id < ids_.users.size() ? std::string(ids_.users.name(id)) : std::string();
}
std::string LiveState::item_name(uint32_t id) const {
  std::shared_lock lk(ids_mu_);
  return id < ids_.items.size() ? std::string(ids_.items.name(id)) : std::string();
}
std::string LiveState::category_name(uint32_t id) const {
  std::shared_lock lk(ids_mu_);
  return id < ids_.categories.size() ? std::string(ids_.categories.name(id)) : std::string();
}
std::string LiveState::brand_name(uint32_t id) const {
  std::shared_lock lk(ids_mu_);
  return id < ids_.brands.size() ? std::string(ids_.brands.name(id)) : std::string();
}
std::string LiveState::item_title(uint32_t id) const {
  std::shared_lock lk(ids_mu_);
  const CatalogueItem* it = catalogue_.find(id);
  return it ? it->title : std::string();
}
void LiveState::read_names(const std::function<void(const Dictionaries&, const Catalogue&)>& f) const {
  std::shared_lock lk(ids_mu_);
  f(ids_, catalogue_);
}
size_t LiveState::num_users() const {
  std::shared_lock lk(ids_mu_);
  return ids_.users.size();
}
size_t LiveState::num_items() const {
  std::shared_lock lk(ids_mu_);
  return ids_.items.size();
}

void LiveState::copy_history(uint32_t user, HistoryBuf& out) const {
  out.clear();
  std::lock_guard lk(user_mu_[user % kShards]);
  const UserSlot* u = users_->get(user);
  if (!u) return;
  out.items.reserve(u->ring.size());
  out.types.reserve(u->ring.size());
  out.ts_ms.reserve(u->ring.size());
  u->for_each([&](const UserSlot::Entry& e) {
    out.items.push_back(e.item);
    out.types.push_back(e.type);
    out.ts_ms.push_back(e.ts);
  });
}

std::shared_ptr<const ItemTable> LiveState::items() const { return std::atomic_load(&item_table_); }

void LiveState::neighbours(uint32_t item, bool bought_together, std::vector<Neighbour>& out, bool sorted) const {
  out.clear();
  {
    std::lock_guard lk(item_mu_[item % kShards]);
    if (const ItemSlot* s = item_slots_->get(item)) {
      const auto& src = bought_together ? s->together : s->covisit;
      out.assign(src.begin(), src.end());
    }
  }
  if (!sorted) return;
  std::sort(out.begin(), out.end(), [](const Neighbour& a, const Neighbour& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.item < b.item;
  });
}

uint32_t LiveState::item_events(uint32_t item) const {
  std::lock_guard lk(item_mu_[item % kShards]);
  const ItemSlot* s = item_slots_->get(item);
  return s ? s->events : 0;
}

std::vector<Neighbour> LiveState::trending(size_t k, uint32_t category) const {
  constexpr size_t kCached = 1000;
  constexpr int64_t kCacheMs = 1000;
  const size_t n = num_items();
  auto scan = [&](size_t want, uint32_t cat) {
    auto table = items();
    std::vector<Neighbour> all;
    for (uint32_t i = 0; i < n; ++i) {
      if (cat != kNone && (i >= table->size() || table->category[i] != cat)) continue;
      std::lock_guard lk(item_mu_[i % kShards]);
      const ItemSlot* s = item_slots_->get(i);
      if (s && s->trend > 0) all.push_back({i, static_cast<float>(s->trend)});
    }
    const size_t m = std::min(want, all.size());
    std::partial_sort(all.begin(), all.begin() + m, all.end(), [](const Neighbour& a, const Neighbour& b) {
      return a.weight != b.weight ? a.weight > b.weight : a.item < b.item;
    });
    all.resize(m);
    // Report as decayed interest at the newest event time (the forward weights are relative).
    const double h = config_.trending_half_life_h * 3'600'000.0;
    const int64_t landmark = trend_landmark_.load();
    const double scale = landmark == kNoTime ? 1.0 : std::exp2(-(now_ms() - landmark) / h);
    for (auto& x : all) x.weight = static_cast<float>(x.weight * scale);
    return all;
  };
  if (category != kNone || k > kCached) return scan(k, category);
  std::shared_ptr<const std::vector<Neighbour>> cached;
  bool stale = false;
  {
    std::lock_guard lk(trending_mu_);
    cached = trending_cache_;
    stale = !cached || steady_ms() - trending_cache_at_ > kCacheMs;
  }
  // One refresher at a time; the first request ever builds it, later ones never wait.
  if (stale && (!cached || !trending_refreshing_.exchange(true))) {
    auto fresh = std::make_shared<const std::vector<Neighbour>>(scan(kCached, kNone));
    {
      std::lock_guard lk(trending_mu_);
      trending_cache_ = fresh;
      trending_cache_at_ = steady_ms();
    }
    trending_refreshing_ = false;
    cached = std::move(fresh);
  }
  return {cached->begin(), cached->begin() + static_cast<long>(std::min(k, cached->size()))};
}

}  // namespace ss::serve
