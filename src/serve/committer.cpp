#include "serve/committer.h"

#include <xxhash.h>

#include <cmath>
#include <cstdio>

namespace ss::serve {
namespace {
// Sessions are numbers in the event table (no dictionary): "123" and "s123" keep their
// number, any other text is hashed, so the same session string always gets the same id.
uint32_t session_number(const std::string& s) {
  if (s.empty()) return kNone;
  const size_t b = (s[0] == 's' || s[0] == 'S') ? 1 : 0;
  uint64_t v = 0;
  bool digits = b < s.size() && s.size() - b <= 9;
  for (size_t i = b; digits && i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') digits = false;
    else v = v * 10 + static_cast<uint64_t>(s[i] - '0');
  }
  if (digits) return static_cast<uint32_t>(v);
  return static_cast<uint32_t>(XXH64(s.data(), s.size(), 0) & 0x7FFFFFFFu) | 0x40000000u;
}
}  // namespace

Committer::Committer(Store& store, const ServeConfig& config, Metrics& metrics, OnCommit on_commit)
    : store_(store), config_(config), metrics_(metrics), on_commit_(std::move(on_commit)) {
  thread_ = std::thread([this] { run(); });
}

Committer::~Committer() { stop(); }

void Committer::stop() {
  {
    std::lock_guard lk(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

size_t Committer::queued() const {
  std::lock_guard lk(mu_);
  return queue_.size();
}

IngestAck Committer::ingest(IngestRequest request) {
  Job job;
  job.request = std::move(request);
  auto fut = job.done.get_future();
  {
    std::lock_guard lk(mu_);
    if (stopping_) throw HttpError(503, "server is shutting down; retry against the restarted server");
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
  return fut.get();
}

void Committer::exclusive(std::function<void(Store&)> fn) {
  Job job;
  job.fn = std::move(fn);
  auto fut = job.done.get_future();
  {
    std::lock_guard lk(mu_);
    if (stopping_) throw HttpError(503, "server is shutting down");
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
  fut.get();
}

void Committer::run() {
  std::vector<Job> group;
  for (;;) {
    Job exclusive_job;
    bool have_exclusive = false;
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      // Take consecutive ingest jobs up to the group limit; an exclusive job runs alone.
      size_t events = 0;
      while (!queue_.empty() && !queue_.front().fn && (group.empty() || events < config_.commit_max_events)) {
        events += queue_.front().request.size();
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      if (group.empty()) {
        exclusive_job = std::move(queue_.front());
        queue_.pop_front();
        have_exclusive = true;
      }
    }
    if (have_exclusive) {
      try {
        exclusive_job.fn(store_);
        exclusive_job.done.set_value({});
      } catch (...) {
        exclusive_job.done.set_exception(std::current_exception());
      }
      continue;
    }
    commit_group(group);
    group.clear();
  }
}

void Committer::commit_group(std::vector<Job>& group) {
  Dictionaries& d = store_.dicts();
  EventTable events;
  std::vector<CatalogueItem> items;
  std::vector<UserAttributes> users;
  std::vector<uint32_t> removed;
  bool any_optional[8] = {};
  size_t n = 0;
  for (auto& j : group) n += j.request.events.size();
  events.reserve(n);
  for (auto& j : group)
    for (const auto& e : j.request.events) {
      any_optional[0] |= !e.session.empty();
      any_optional[1] |= !e.query.empty();
      any_optional[2] |= !e.category.empty();
      any_optional[3] |= !e.ref.empty();
      any_optional[4] |= !e.context.empty();
      any_optional[5] |= !std::isnan(e.quantity);
      any_optional[6] |= !std::isnan(e.price);
      any_optional[7] |= !std::isnan(e.value);
    }
  try {
    for (auto& j : group) {
      for (const auto& e : j.request.events) {
        EventRow r;
        r.user = d.users.intern(e.user);
        r.item = e.item.empty() ? kNone : d.items.intern(e.item);
        r.ts_ms = e.ts_ms;
        r.type = e.type;
        r.quantity = e.quantity;
        r.price = e.price;
        r.value = e.value;
        events.user.push_back(r.user);
        events.item.push_back(r.item);
        events.ts_ms.push_back(r.ts_ms);
        events.type.push_back(r.type);
        // Optional columns exist for the whole table when any row has them.
        auto opt_id = [](bool present, std::vector<uint32_t>& col, Dictionary& dict, const std::string& v) {
          if (present) col.push_back(v.empty() ? kNone : dict.intern(v));
        };
        if (any_optional[0]) events.session.push_back(session_number(e.session));
        opt_id(any_optional[1], events.query, d.queries, e.query);
        opt_id(any_optional[2], events.category, d.categories, e.category);
        opt_id(any_optional[3], events.ref, d.refs, e.ref);
        opt_id(any_optional[4], events.context, d.contexts, e.context);
        if (any_optional[5]) events.quantity.push_back(e.quantity);
        if (any_optional[6]) events.price.push_back(e.price);
        if (any_optional[7]) events.value.push_back(e.value);
      }
      for (const auto& p : j.request.items) {
        CatalogueItem it;
        it.item = d.items.intern(p.id);
        it.title = p.title;
        it.description = p.description;
        it.category_path = p.category_path;
        const std::string leaf = leaf_category(p.category_path);
        it.category = leaf.empty() ? kNone : d.categories.intern(leaf);
        it.brand = p.brand.empty() ? kNone : d.brands.intern(p.brand);
        it.price = p.price;
        it.attributes = p.attributes;
        it.created_ms = p.created_ms;
        it.in_stock = p.in_stock;
        items.push_back(std::move(it));
      }
      for (const auto& p : j.request.users) users.push_back({d.users.intern(p.id), p.attributes});
      for (const auto& id : j.request.removed_items) {
        const uint32_t it = d.items.find(id);
        if (it != kNone) removed.push_back(it);
      }
    }
    if (!events.empty() || !items.empty() || !users.empty()) store_.append(events, items, users);
    if (!removed.empty()) store_.remove_items(removed);
  } catch (const std::exception& e) {
    // Nothing of the group is acknowledged; the store rolled back its new dictionary ids.
    d.for_each([](const char*, Dictionary& dict) { dict.rollback_uncommitted(); });
    metrics_.commit_failures.fetch_add(1);
    std::fprintf(stderr, "error: group commit of %zu requests failed: %s\n", group.size(), e.what());
    for (auto& j : group)
      j.done.set_exception(std::make_exception_ptr(HttpError(503, std::string("could not store durably: ") + e.what())));
    return;
  }
  metrics_.commits.fetch_add(1);
  metrics_.events_ingested.fetch_add(events.size());
  metrics_.items_ingested.fetch_add(items.size());
  metrics_.users_ingested.fetch_add(users.size());
  try {
    on_commit_(CommitDelta{&d, &events, &items, &removed});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: live update after commit failed: %s\n", e.what());  // data is durable regardless
  }
  for (auto& j : group) {
    IngestAck a;
    a.events = j.request.events.size();
    a.items = j.request.items.size();
    a.users = j.request.users.size();
    a.removed_items = j.request.removed_items.size();
    j.done.set_value(a);
  }
}

}  // namespace ss::serve
