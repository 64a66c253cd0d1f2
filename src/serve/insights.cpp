#include "serve/insights.h"

#include <chrono>
#include <filesystem>
#include <limits>

#include "core/error.h"
#include "search/engine.h"

namespace ss::serve {
namespace {
int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
constexpr int64_t kAllTime = std::numeric_limits<int64_t>::max();
constexpr size_t kMaxCachedReports = 512;
}  // namespace

// --- search ---

void SearchState::build(const Dataset& shop, const std::string& synonyms_path) {
  std::unique_lock lk(mu_);
  names_.categories = shop.dicts.categories;
  names_.brands = shop.dicts.brands;
  index_.sync(shop.catalogue, shop.dicts);
  signals_ = search::compute_item_signals(shop.events, shop.num_items(), kAllTime);
  profiles_ = search::UserProfiles(shop.events, shop.catalogue, shop.num_users(), shop.num_items(), kAllTime);
  if (!synonyms_path.empty() && std::filesystem::exists(synonyms_path)) synonyms_ = search::Synonyms::load(synonyms_path);
  searcher_ = std::make_unique<search::Searcher>(index_);
  searcher_->set_signals(&signals_);
  searcher_->set_profiles(&profiles_);
  searcher_->set_synonyms(&synonyms_);
}

void SearchState::apply(const CommitDelta& d) {
  const bool upserts = d.items && !d.items->empty(), removals = d.removed_items && !d.removed_items->empty();
  if (!d.store_dicts) return;
  const bool new_names = d.store_dicts->categories.size() > names_.categories.size() ||
                         d.store_dicts->brands.size() > names_.brands.size();  // only this thread writes names_
  if (!upserts && !removals && !new_names) return;
  std::unique_lock lk(mu_);
  auto extend = [](Dictionary& mine, const Dictionary& theirs) {
    for (size_t i = mine.size(); i < theirs.size(); ++i) mine.intern(theirs.name(static_cast<uint32_t>(i)));
  };
  extend(names_.categories, d.store_dicts->categories);
  extend(names_.brands, d.store_dicts->brands);
  if (upserts)
    for (const auto& item : *d.items) index_.upsert(item, *d.store_dicts);
  if (removals)
    for (uint32_t item : *d.removed_items) index_.remove(item);
}

void SearchState::refresh_behaviour(const Dataset& shop) {
  // Computed outside the lock; only the swap blocks searches.
  auto signals = search::compute_item_signals(shop.events, shop.num_items(), kAllTime);
  search::UserProfiles profiles(shop.events, shop.catalogue, shop.num_users(), shop.num_items(), kAllTime);
  std::unique_lock lk(mu_);
  signals_ = std::move(signals);
  profiles_ = std::move(profiles);
}

search::SearchResponse SearchState::search(const search::SearchRequest& request) const {
  thread_local search::SearchScratch scratch;
  std::shared_lock lk(mu_);
  if (!searcher_) return {};
  return searcher_->search(request, scratch);
}

search::Filter SearchState::parse_filters(const std::vector<std::string>& texts) const {
  std::shared_lock lk(mu_);
  try {
    return search::parse_filters(texts, names_, index_);
  } catch (const Error& e) {
    throw bad_request(e.what());
  }
}

size_t SearchState::live_docs() const {
  std::shared_lock lk(mu_);
  return index_.live_docs();
}

// --- analytics snapshots ---

Json Snapshot::cached(const std::string& key, const std::function<Json()>& compute) const {
  {
    std::lock_guard lk(cache_mu_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  Json result = compute();  // two first requests for the same key may both compute: harmless
  std::lock_guard lk(cache_mu_);
  if (cache_.size() >= kMaxCachedReports) cache_.clear();
  cache_.emplace(key, result);
  return result;
}

AnalyticsSnapshots::AnalyticsSnapshots(Loader loader, size_t threads, int64_t min_age_ms,
                                       std::function<void(const Dataset&)> on_new)
    : loader_(std::move(loader)),
      ctx_(std::make_unique<Context>(threads, 42, true)),
      min_age_ms_(min_age_ms),
      on_new_(std::move(on_new)) {}

std::shared_ptr<Snapshot> AnalyticsSnapshots::make(Dataset shop, uint64_t version) {
  auto snap = std::make_shared<Snapshot>();
  snap->version = version;
  snap->data = std::move(shop);
  compute([&](Context& ctx) {
    // Built in place: the view points into snap->data.
    snap->view = analytics::View::build(snap->data, {}, ctx);
    snap->rfm = analytics::compute_rfm(snap->view, {}, ctx);
    snap->segment_of_user = snap->rfm.segment_by_user(snap->view.num_users());
    return 0;
  });
  snap->taken_ms = steady_ms();
  return snap;
}

void AnalyticsSnapshots::seed(Dataset shop) {
  std::lock_guard build(build_mu_);
  auto snap = make(std::move(shop), version());
  std::lock_guard lk(current_mu_);
  current_ = std::move(snap);
}

void AnalyticsSnapshots::invalidate() {
  must_reload_ = true;
  version_.fetch_add(1, std::memory_order_relaxed);
}

std::shared_ptr<const Snapshot> AnalyticsSnapshots::get() {
  auto fresh_enough = [&](const std::shared_ptr<const Snapshot>& s) {
    if (!s) return false;
    if (s->version == version()) return true;
    return !must_reload_ && steady_ms() - s->taken_ms < min_age_ms_;
  };
  {
    std::lock_guard lk(current_mu_);
    if (fresh_enough(current_)) return current_;
  }
  std::lock_guard build(build_mu_);  // one reload at a time; the others wait for it
  {
    std::lock_guard lk(current_mu_);
    if (fresh_enough(current_)) return current_;
  }
  const uint64_t v = version();
  must_reload_ = false;
  auto snap = make(loader_(), v);
  if (on_new_) on_new_(snap->data);
  std::lock_guard lk(current_mu_);
  current_ = snap;
  return current_;
}

Insights::Insights(AnalyticsSnapshots::Loader loader, size_t threads)
    : analytics(std::move(loader), threads, /*min_age_ms=*/1000, [this](const Dataset& d) { search.refresh_behaviour(d); }) {}

}  // namespace ss::serve
