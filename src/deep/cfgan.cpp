// CFGAN recommender: vector-wise GAN over users' interaction vectors with zero
// reconstruction and partial masking (Chae et al. 2018). The generator also sees only a
// random part of each training user's vector, so it learns to complete a partial basket:
// that is what ranks unseen items for a user, and what grows synthetic users item by item.
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <sstream>
#include <unordered_map>

#include "core/error.h"
#include "core/rng.h"
#include "deep/cfgan.h"
#include "deep/cfgan_net.h"
#include "deep/gan_sampler.h"
#include "deep/top_k.h"
#include "models/interactions.h"
#include "models/scoring_model.h"

namespace ss::deep {
namespace {

std::vector<ParamDef> cfgan_params() {
  return {
      {"hidden", ParamKind::kInt, "256", "hidden units of generator and discriminator", 4, 1e5},
      {"noise", ParamKind::kInt, "16", "noise dimensions given to the generator", 1, 4096},
      {"zr", ParamKind::kFloat, "0.5", "share of unobserved items pushed to 0 (zero reconstruction)", 0, 1},
      {"pm", ParamKind::kFloat, "0.5", "share of unobserved items shown to the discriminator (partial masking)", 0, 1},
      {"zr_coef", ParamKind::kFloat, "1", "weight of the zero-reconstruction term", 0, 1e3},
      {"rec_coef", ParamKind::kFloat, "1", "weight of the squared error on users' own items (0: the paper's CFGAN)", 0, 1e3},
      {"cond_drop", ParamKind::kFloat, "0.5", "condition keeps each item with p ~ U(1 - cond_drop, 1)", 0, 1},
      {"lr", ParamKind::kFloat, "0.001", "Adam learning rate (both nets)", 0, 10},
      {"weight_decay", ParamKind::kFloat, "0", "Adam weight decay", 0, 10},
      {"epochs", ParamKind::kInt, "100", "maximum epochs", 1, 1e6},
      {"batch", ParamKind::kInt, "64", "users per step", 1, 1e6},
      {"eval_every", ParamKind::kInt, "5", "epochs between validations", 1, 1e6},
      {"patience", ParamKind::kInt, "4", "validations without improvement before stopping", 1, 1e6},
      {"val_users", ParamKind::kInt, "1000", "users validated on their held-out last item (0: none)", 0, 1e9},
      {"max_minutes", ParamKind::kFloat, "0", "stop training after this long (0: no limit)", 0, 1e6},
      {"threads", ParamKind::kInt, "0", "LibTorch intra-op threads (0: the context's)", 0, 1024},
      {"sample_temp", ParamKind::kFloat, "1", "temperature when growing synthetic users (higher: more diverse)", 0.01, 100},
      {"seed_items", ParamKind::kInt, "3", "synthetic users start from this many items of their main category (popularity-drawn)", 1, 1000},
      {"steer", ParamKind::kInt, "2", "growth keeps the drawn category counts: 2 all categories, 1 the main one only, 0 none", 0, 2},
  };
}

// Version 2 adds the per-user taste profiles the sampler draws from; version 1 files still
// load and sample the old way (one popularity-drawn seed item, free growth).
constexpr char kMagic[] = "SSCFGAN2";
constexpr char kMagicV1[] = "SSCFGAN1";

// The header every ShopSense model file starts with (what load_model_file() reads to pick
// the model); the deep body follows it.
void write_common_header(std::ostream& out, const Spec& spec) {
  BinWriter w(out);
  out.write("SSMODEL", 8);
  w.pod(kModelFormatVersion);
  w.str(spec.to_string());
}

class Cfgan : public Recommender, public GanSampler {
 public:
  explicit Cfgan(const Spec& spec) : params_("cfgan", cfgan_params()) { params_.configure(spec.params); }
  Spec spec() const override { return params_.to_spec("cfgan"); }
  void fit(const TrainData& data, Context& ctx) override;
  std::vector<Recommendation> recommend(const RecommendRequest& req) const override;
  void save(std::ostream& out) const override;
  void load(std::istream& in) override;
  std::vector<SyntheticUser> sample_users(size_t n, uint64_t seed) const override;

 private:
  void build_nets() {
    CfganConfig c{.num_items = num_items_, .hidden = params_.get_int("hidden"), .noise = params_.get_int("noise")};
    gen_ = CfganGenerator(c);
    disc_ = CfganDiscriminator(c);
  }
  torch::Tensor dense_rows(const Csr& m, const std::vector<uint32_t>& users, int64_t lo, int64_t hi) const {
    auto t = torch::zeros({hi - lo, num_items_});
    auto a = t.accessor<float, 2>();
    for (int64_t r = lo; r < hi; ++r)
      for (uint32_t i : m.cols_of(users[size_t(r)])) a[r - lo][i] = 1.0f;
    return t;
  }
  double validate(const Csr& m, const std::vector<uint32_t>& users, const std::vector<uint32_t>& held);

  Params params_;
  BehaviorWeights weights_;
  int64_t num_items_ = 0;
  std::vector<float> popularity_;           // interacting users per item
  std::vector<uint32_t> basket_sizes_;      // distinct items of each real user with any
  // Taste profile of each of those users, aligned with basket_sizes_: the main category and
  // the user's items per category, largest first (profile k's counts are
  // profile_counts_[profile_ptr_[k] .. profile_ptr_[k + 1]]). Counts only, never items; which
  // categories besides the main one a synthetic user takes is left to the generator.
  std::vector<uint32_t> profile_category_, profile_ptr_, profile_counts_;
  std::vector<uint32_t> item_category_;     // category per item (kNone: none)
  std::vector<float> type_counts_;          // [item][behaviour] counts of the real events
  int64_t ts_min_ = 0, ts_max_ = 0;
  mutable CfganGenerator gen_{nullptr};
  CfganDiscriminator disc_{nullptr};
};

double Cfgan::validate(const Csr& m, const std::vector<uint32_t>& users, const std::vector<uint32_t>& held) {
  torch::NoGradGuard ng;
  gen_->eval();
  double sum = 0;
  const int64_t B = 256;
  for (int64_t lo = 0; lo < int64_t(users.size()); lo += B) {
    const int64_t hi = std::min<int64_t>(int64_t(users.size()), lo + B);
    auto cond = dense_rows(m, users, lo, hi);
    auto scores = gen_->forward(cond, torch::zeros({hi - lo, params_.get_int("noise")}));
    scores = scores.masked_fill(cond > 0, -1.0f);
    auto a = scores.accessor<float, 2>();
    for (int64_t r = 0; r < hi - lo; ++r) {
      const float t = a[r][held[size_t(lo + r)]];
      int64_t rank = 0;
      for (int64_t i = 0; i < num_items_ && rank < 10; ++i) rank += a[r][i] > t;
      if (rank < 10) sum += 1.0 / std::log2(double(rank) + 2.0);
    }
  }
  gen_->train();
  return users.empty() ? 0.0 : sum / double(users.size());
}

void Cfgan::fit(const TrainData& data, Context& ctx) {
  using clock = std::chrono::steady_clock;
  const auto started = clock::now();
  weights_ = data.weights;
  num_items_ = int64_t(data.num_items());
  at::set_num_threads(int(params_.get_int("threads") > 0 ? params_.get_int("threads") : int64_t(ctx.threads())));
  torch::manual_seed(ctx.seed);
  Rng rng(ctx.seed ^ 0xC0FFEEull);

  // Statistics the sampler reproduces: popularity, basket sizes, behaviour mix, time span.
  const auto& ev = data.events;
  popularity_.assign(size_t(num_items_), 0.0f);
  type_counts_.assign(size_t(num_items_) * kNumBehaviors, 0.0f);
  std::vector<int64_t> last_ts(data.num_users(), INT64_MIN);
  std::vector<uint32_t> last_item(data.num_users(), kNone);
  ts_min_ = INT64_MAX, ts_max_ = INT64_MIN;
  for (size_t e = 0; e < ev.size(); ++e) {
    if (ev.item[e] == kNone || weights_[ev.type[e]] <= 0) continue;
    type_counts_[size_t(ev.item[e]) * kNumBehaviors + size_t(ev.type[e])] += 1;
    ts_min_ = std::min(ts_min_, ev.ts_ms[e]), ts_max_ = std::max(ts_max_, ev.ts_ms[e]);
    if (ev.ts_ms[e] >= last_ts[ev.user[e]]) last_ts[ev.user[e]] = ev.ts_ms[e], last_item[ev.user[e]] = ev.item[e];
  }
  Csr m = user_item_matrix(data, true, ctx);
  item_category_ = data.shop.item_categories();
  item_category_.resize(size_t(num_items_), kNone);
  basket_sizes_.clear(), profile_category_.clear(), profile_counts_.clear();
  profile_ptr_.assign(1, 0);
  std::vector<uint32_t> counts;
  std::unordered_map<uint32_t, uint32_t> in_category;
  for (uint32_t u = 0; u < m.rows; ++u) {
    for (uint32_t i : m.cols_of(u)) popularity_[i] += 1;
    if (m.cols_of(u).empty()) continue;
    in_category.clear();
    for (uint32_t i : m.cols_of(u)) ++in_category[item_category_[i]];
    std::pair<uint32_t, uint32_t> main{kNone, 0};  // (category, count), ties to the lower id
    for (const auto& [c, k] : in_category)
      if (k > main.second || (k == main.second && c < main.first)) main = {c, k};
    counts.clear();
    for (const auto& [c, k] : in_category) counts.push_back(k);
    std::sort(counts.begin(), counts.end(), std::greater<>());
    basket_sizes_.push_back(uint32_t(m.cols_of(u).size()));
    profile_category_.push_back(main.first);
    profile_counts_.insert(profile_counts_.end(), counts.begin(), counts.end());
    profile_ptr_.push_back(uint32_t(profile_counts_.size()));
  }
  if (basket_sizes_.empty()) throw Error("cfgan: no user has an item with positive behaviour weight");

  // Validation users lose their latest item from the training matrix.
  std::vector<uint32_t> val_users, held;
  for (uint32_t u = 0; u < m.rows; ++u)
    if (m.cols_of(u).size() >= 3 && last_item[u] != kNone) val_users.push_back(u);
  for (size_t i = val_users.size(); i > 1; --i) std::swap(val_users[i - 1], val_users[rng.below(i)]);
  val_users.resize(std::min<size_t>(val_users.size(), size_t(params_.get_int("val_users"))));
  std::sort(val_users.begin(), val_users.end());
  if (!val_users.empty()) {
    Csr t;
    t.rows = m.rows, t.cols = m.cols;
    t.ptr.assign(1, 0);
    size_t v = 0;
    for (uint32_t u = 0; u < m.rows; ++u) {
      const bool is_val = v < val_users.size() && val_users[v] == u;
      for (uint32_t i : m.cols_of(u))
        if (!is_val || i != last_item[u]) t.idx.push_back(i), t.val.push_back(1.0f);
      t.ptr.push_back(t.idx.size());
      if (is_val) held.push_back(last_item[u]), ++v;
    }
    m = std::move(t);
  }
  std::vector<uint32_t> users;
  for (uint32_t u = 0; u < m.rows; ++u)
    if (!m.cols_of(u).empty()) users.push_back(u);

  build_nets();
  gen_->train(), disc_->train();
  const double lr = params_.get_float("lr"), wd = params_.get_float("weight_decay");
  torch::optim::Adam g_opt(gen_->parameters(), torch::optim::AdamOptions(lr).weight_decay(wd));
  torch::optim::Adam d_opt(disc_->parameters(), torch::optim::AdamOptions(lr).weight_decay(wd));
  const CfganOptions o{.zr = params_.get_float("zr"), .pm = params_.get_float("pm"),
                       .zr_coef = params_.get_float("zr_coef"), .cond_drop = params_.get_float("cond_drop"),
                       .rec_coef = params_.get_float("rec_coef")};
  const int64_t batch = params_.get_int("batch"), epochs = params_.get_int("epochs");
  const double max_seconds = params_.get_float("max_minutes") * 60.0;
  double best = -1;
  int64_t bad = 0, best_epoch = 0;
  std::vector<torch::Tensor> best_params;
  for (int64_t epoch = 0; epoch < epochs; ++epoch) {
    for (size_t i = users.size(); i > 1; --i) std::swap(users[i - 1], users[rng.below(i)]);
    CfganLosses sum;
    int64_t steps = 0;
    for (int64_t lo = 0; lo < int64_t(users.size()); lo += batch, ++steps) {
      ctx.check_cancelled();
      const auto real = dense_rows(m, users, lo, std::min<int64_t>(int64_t(users.size()), lo + batch));
      const auto l = cfgan_step(gen_, disc_, g_opt, d_opt, real, o, params_.get_int("noise"));
      sum.d += l.d, sum.g_adv += l.g_adv, sum.g_zr += l.g_zr, sum.g_rec += l.g_rec;
    }
    const double elapsed = std::chrono::duration<double>(clock::now() - started).count();
    const bool stop_time = max_seconds > 0 && elapsed >= max_seconds, last = stop_time || epoch + 1 == epochs;
    std::string val_text;
    if (!val_users.empty() && ((epoch + 1) % params_.get_int("eval_every") == 0 || last)) {
      const double ndcg = validate(m, val_users, held);
      if (ndcg > best) {
        best = ndcg, bad = 0, best_epoch = epoch + 1;
        best_params.clear();
        for (auto& p : gen_->parameters()) best_params.push_back(p.detach().clone());
      } else {
        ++bad;
      }
      char buf[96];
      std::snprintf(buf, sizeof buf, " val ndcg@10 %.4f (best %.4f @%ld)", ndcg, best, long(best_epoch));
      val_text = buf;
    }
    if (!ctx.quiet)
      std::fprintf(stderr, "cfgan epoch %ld/%ld d %.4f g %.4f zr %.3f rec %.3f%s %.0f users/s\n", long(epoch + 1),
                   long(epochs), sum.d / double(steps), sum.g_adv / double(steps), sum.g_zr / double(steps),
                   sum.g_rec / double(steps), val_text.c_str(),
                   double(users.size()) * double(epoch + 1) / elapsed);
    if (stop_time || bad >= params_.get_int("patience")) break;
  }
  if (!best_params.empty()) {
    torch::NoGradGuard ng;
    auto ps = gen_->parameters();
    for (size_t i = 0; i < ps.size(); ++i) ps[i].copy_(best_params[i]);
  }
  gen_->eval(), disc_->eval();
}

std::vector<Recommendation> Cfgan::recommend(const RecommendRequest& req) const {
  if (!gen_) throw Error("cfgan: recommend() before fit() or load()");
  const auto hist = history_weights(req.history, weights_, size_t(num_items_));
  std::vector<float> scores;
  if (hist.empty()) {
    scores = popularity_;
  } else {
    c10::InferenceMode guard;
    auto cond = torch::zeros({1, num_items_});
    auto c = cond.data_ptr<float>();
    for (const auto& [item, w] : hist) c[item] = 1.0f;
    auto s = gen_->forward(cond, torch::zeros({1, params_.get_int("noise")})).contiguous();
    scores.assign(s.data_ptr<float>(), s.data_ptr<float>() + num_items_);
  }
  return top_k_from_scores(scores, req, hist.empty() ? "popular" : "cfgan: completes your basket");
}

// Draws an index with probability proportional to `weight` among `candidates`, skipping
// those already taken; kNone when every candidate is taken or weightless.
uint32_t draw_by_weight(const std::vector<uint32_t>& candidates, const std::vector<float>& weight,
                        const std::vector<uint32_t>& taken, Rng& rng) {
  double total = 0;
  for (uint32_t i : candidates)
    if (std::find(taken.begin(), taken.end(), i) == taken.end()) total += weight[i];
  if (total <= 0) return kNone;
  double x = rng.uniform() * total;
  uint32_t last = kNone;
  for (uint32_t i : candidates) {
    if (std::find(taken.begin(), taken.end(), i) != taken.end() || weight[i] <= 0) continue;
    last = i;
    if ((x -= weight[i]) < 0) return i;
  }
  return last;
}

std::vector<SyntheticUser> Cfgan::sample_users(size_t n, uint64_t seed) const {
  if (!gen_) throw Error("cfgan: sample_users() before fit() or load()");
  c10::InferenceMode guard;
  Rng rng(seed);
  auto tgen = at::detail::createCPUGenerator(seed);
  const double temp = params_.get_float("sample_temp");
  const int64_t Z = params_.get_int("noise"), I = num_items_;
  const bool profiled = !profile_category_.empty();
  const int64_t steer = profiled ? params_.get_int("steer") : 0;
  const size_t seed_items = size_t(params_.get_int("seed_items"));
  // Categories as dense ids 0..C-1 (the uncategorised share one), and their items.
  std::unordered_map<uint32_t, int64_t> dense;
  std::vector<int64_t> item_cat(static_cast<size_t>(I), 0);
  for (int64_t i = 0; profiled && i < I; ++i)
    item_cat[size_t(i)] = dense.try_emplace(item_category_[size_t(i)], int64_t(dense.size())).first->second;
  const int64_t C = std::max<int64_t>(1, int64_t(dense.size()));
  std::vector<std::vector<uint32_t>> items_of(static_cast<size_t>(C));
  for (int64_t i = 0; i < I; ++i) items_of[size_t(item_cat[size_t(i)])].push_back(uint32_t(i));
  const auto cat_of = torch::from_blob(item_cat.data(), {I}, torch::kInt64).clone();
  std::vector<uint32_t> all_items(static_cast<size_t>(I));
  std::iota(all_items.begin(), all_items.end(), 0u);

  std::vector<SyntheticUser> out(n);
  const size_t kBatch = 256;
  for (size_t lo = 0; lo < n; lo += kBatch) {
    const int64_t B = int64_t(std::min(n, lo + kBatch) - lo);
    // Per row: basket size, the drawn profile, the category block being filled (its index,
    // category or -1 while the generator has not picked it yet, items so far).
    std::vector<size_t> target(static_cast<size_t>(B), 0), profile(size_t(B), 0), block(size_t(B), 0), filled(size_t(B), 0);
    size_t longest = 0;
    auto cond = torch::zeros({B, I});
    auto used = torch::zeros({B, C}, torch::kBool);  // categories whose block is done or open
    auto block_cat = torch::full({B}, int64_t(-1), torch::kInt64);
    auto c = cond.accessor<float, 2>();
    auto uc = used.accessor<bool, 2>();
    auto bc = block_cat.accessor<int64_t, 1>();
    for (int64_t r = 0; r < B; ++r) {
      // A taste profile drawn from the real users' (basket size, main category, items per
      // category), then a seed of a few popularity-drawn items of the main category: the
      // generator completes a basket with a taste, as it was trained to, instead of one item
      // that says nothing about the user.
      const size_t k = rng.below(basket_sizes_.size());
      auto& user = out[lo + size_t(r)];
      target[size_t(r)] = std::min<size_t>(basket_sizes_[k], size_t(I));
      longest = std::max(longest, target[size_t(r)]);
      profile[size_t(r)] = k;
      if (profiled) {
        const int64_t main = dense.at(profile_category_[k]);
        const size_t main_count = profile_counts_[profile_ptr_[k]];
        const size_t seeds = std::min(seed_items, main_count);
        for (size_t j = 0; j < seeds; ++j) {
          const uint32_t item = draw_by_weight(items_of[size_t(main)], popularity_, user.items, rng);
          if (item == kNone) break;
          user.items.push_back(item), c[r][item] = 1.0f;
        }
        bc[r] = main, uc[r][main] = true, filled[size_t(r)] = user.items.size();
        if (filled[size_t(r)] >= main_count) block[size_t(r)] = 1, bc[r] = -1;  // the seed filled the block
      }
      if (user.items.empty()) {  // version-1 model file, or a category without popular items
        const uint32_t item = draw_by_weight(all_items, popularity_, user.items, rng);
        user.items.push_back(item == kNone ? uint32_t(rng.below(uint64_t(I))) : item);
        c[r][user.items.back()] = 1.0f;
      }
    }
    // Grow every basket by one item per round: Gumbel-max sampling from the generator's
    // scores (tempered) among the items the user does not have yet. Steered, a row fills its
    // profile's category counts block by block: the main category first, then each next
    // block in whichever unused category the generator picks, so a synthetic user spans as
    // many categories, as unevenly, as a real user, while the generator chooses them.
    for (size_t step = 1; step < longest; ++step) {
      auto s = gen_->forward(cond, at::randn({B, Z}, tgen, torch::kFloat32));
      auto u = at::rand({B, I}, tgen, torch::kFloat32).clamp(1e-12, 1.0 - 1e-7);
      auto logits = torch::log(s.clamp_min(1e-12)) / temp - torch::log(-torch::log(u));
      auto taken = cond > 0;
      if (steer > 0) {
        auto in_block = cat_of.unsqueeze(0) == block_cat.unsqueeze(1);       // [B, I]
        auto fresh = used.index_select(1, cat_of).logical_not();              // [B, I]
        auto open = (block_cat >= 0).unsqueeze(1);
        auto allowed = torch::where(open, in_block, fresh) & taken.logical_not();
        // A row whose allowed set ran out grows freely rather than stopping short.
        auto stuck = allowed.any(1, true).logical_not();
        logits = logits.masked_fill(allowed.logical_not() & stuck.logical_not(), -INFINITY);
      }
      logits = logits.masked_fill(taken, -INFINITY);
      auto pick = logits.argmax(1).contiguous();
      const int64_t* p = pick.data_ptr<int64_t>();
      for (int64_t r = 0; r < B; ++r) {
        auto& user = out[lo + size_t(r)];
        if (user.items.size() >= target[size_t(r)]) continue;
        user.items.push_back(uint32_t(p[r]));
        c[r][p[r]] = 1.0f;
        if (steer == 0) continue;
        const int64_t pc = item_cat[size_t(p[r])];
        const size_t k = profile[size_t(r)], blocks = profile_ptr_[k + 1] - profile_ptr_[k];
        // The generator chose the category of the next block (steer 1 opens none after the
        // main one: the rest of the basket stays outside it).
        if (bc[r] < 0 && steer == 2 && block[size_t(r)] < blocks) bc[r] = pc, uc[r][pc] = true, filled[size_t(r)] = 0;
        if (bc[r] < 0) continue;
        if (pc == bc[r]) ++filled[size_t(r)];
        // Block done (or its category exhausted): the next block's category is open; past
        // the last block the basket grows freely.
        if (pc != bc[r] || filled[size_t(r)] >= profile_counts_[profile_ptr_[k] + block[size_t(r)]]) {
          ++block[size_t(r)], bc[r] = -1;
          if (steer == 2 && block[size_t(r)] >= blocks)
            for (int64_t j = 0; j < C; ++j) uc[r][j] = false;
        }
      }
    }
  }
  // Behaviour of each event from the item's real behaviour mix; times inside the real span.
  for (auto& user : out) {
    int64_t t = ts_min_ + int64_t(rng.uniform() * double(std::max<int64_t>(0, ts_max_ - ts_min_)));
    for (uint32_t item : user.items) {
      const float* tc = &type_counts_[size_t(item) * kNumBehaviors];
      const double total = std::accumulate(tc, tc + kNumBehaviors, 0.0);
      int type = int(Behavior::kPurchase);
      if (total > 0) {
        double x = rng.uniform() * total;
        for (type = 0; type + 1 < kNumBehaviors && x >= tc[type]; ++type) x -= tc[type];
      }
      user.types.push_back(Behavior(type));
      user.ts_ms.push_back(t);
      t += 1000 + int64_t(rng.exponential(300000.0));
    }
  }
  return out;
}

template <class T>
void put(std::ostream& out, const T& v) {
  out.write(reinterpret_cast<const char*>(&v), sizeof v);
}
template <class T>
void put_vec(std::ostream& out, const std::vector<T>& v) {
  put(out, uint64_t(v.size()));
  out.write(reinterpret_cast<const char*>(v.data()), long(sizeof(T) * v.size()));
}
template <class T>
void get(std::istream& in, T& v) {
  in.read(reinterpret_cast<char*>(&v), sizeof v);
}
template <class T>
void get_vec(std::istream& in, std::vector<T>& v) {
  uint64_t n = 0;
  get(in, n);
  if (!in || n > (uint64_t(1) << 34)) throw Error("cfgan: corrupt model file", ErrorCode::kCorrupt);
  v.resize(n);
  in.read(reinterpret_cast<char*>(v.data()), long(sizeof(T) * n));
}

void Cfgan::save(std::ostream& out) const {
  if (!gen_) throw Error("cfgan: save() before fit()");
  write_common_header(out, spec());
  out.write(kMagic, sizeof kMagic);
  const std::string spec_text = spec().to_string();
  put_vec(out, std::vector<char>(spec_text.begin(), spec_text.end()));
  put(out, num_items_);
  put(out, weights_.w);
  put(out, ts_min_);
  put(out, ts_max_);
  put_vec(out, popularity_);
  put_vec(out, basket_sizes_);
  put_vec(out, type_counts_);
  put_vec(out, profile_category_);
  put_vec(out, profile_ptr_);
  put_vec(out, profile_counts_);
  put_vec(out, item_category_);
  torch::serialize::OutputArchive g, d;
  gen_->save(g);
  disc_->save(d);
  for (auto* ar : {&g, &d}) {
    std::ostringstream buf;
    ar->save_to(buf);
    const std::string bytes = buf.str();
    put_vec(out, std::vector<char>(bytes.begin(), bytes.end()));
  }
  if (!out) throw Error("cfgan: could not write the model", ErrorCode::kIo);
}

void Cfgan::load(std::istream& in) {
  BinReader header(in);
  read_model_header(header);  // what load_model_file() dispatched on
  char magic[sizeof kMagic] = {};
  in.read(magic, sizeof magic);
  const bool v1 = in && std::string(magic) == kMagicV1;
  if (!in || (!v1 && std::string(magic) != kMagic)) throw Error("cfgan: not a ShopSense CFGAN model file", ErrorCode::kCorrupt);
  std::vector<char> spec_text;
  get_vec(in, spec_text);
  const Spec saved = Spec::parse(std::string(spec_text.begin(), spec_text.end()));
  if (saved.name != "cfgan") throw Error("model file holds '" + saved.name + "', not 'cfgan'", ErrorCode::kCorrupt);
  params_.configure(saved.params);
  get(in, num_items_);
  get(in, weights_.w);
  get(in, ts_min_);
  get(in, ts_max_);
  get_vec(in, popularity_);
  get_vec(in, basket_sizes_);
  get_vec(in, type_counts_);
  profile_category_.clear(), profile_ptr_.clear(), profile_counts_.clear(), item_category_.clear();
  if (!v1)
    get_vec(in, profile_category_), get_vec(in, profile_ptr_), get_vec(in, profile_counts_), get_vec(in, item_category_);
  if (!v1 && (profile_category_.size() != basket_sizes_.size() || profile_ptr_.size() != basket_sizes_.size() + 1 ||
              profile_ptr_.back() != profile_counts_.size() || int64_t(item_category_.size()) != num_items_))
    throw Error("cfgan: corrupt model file (taste profiles)", ErrorCode::kCorrupt);
  if (!in || int64_t(popularity_.size()) != num_items_ || type_counts_.size() != popularity_.size() * kNumBehaviors)
    throw Error("cfgan: truncated model file", ErrorCode::kCorrupt);
  build_nets();
  for (int k = 0; k < 2; ++k) {
    std::vector<char> bytes;
    get_vec(in, bytes);
    if (!in) throw Error("cfgan: truncated model file", ErrorCode::kCorrupt);
    std::istringstream buf(std::string(bytes.begin(), bytes.end()));
    torch::serialize::InputArchive ar;
    ar.load_from(buf, torch::kCPU);
    if (k == 0) gen_->load(ar);
    else disc_->load(ar);
  }
  gen_->eval(), disc_->eval();
}

}  // namespace

std::unique_ptr<Recommender> make_cfgan(const Spec& spec) { return std::make_unique<Cfgan>(spec); }

std::string cfgan_help() {
  return "CFGAN: generator and discriminator over user interaction vectors (zero reconstruction, partial masking)\n" +
         Params("cfgan", cfgan_params()).help();
}

}  // namespace ss::deep
