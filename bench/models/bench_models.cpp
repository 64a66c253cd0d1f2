// Speed of the recommenders on generated and real data; writes the same data to raw files
// so bench/models/reference.py times NumPy/SciPy versions of the same models on it.
//   bench_models ials OUT_DIR [interactions users items factors]
//   bench_models ease OUT_DIR [items users interactions]
//   bench_models itemknn OUT_DIR SPORTS_TXT
//   bench_models latency [items users interactions]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/rng.h"
#include "models/ials.h"
#include "models/interactions.h"
#include "models/registry.h"

using namespace ss;

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// Process CPU seconds (all threads): on a shared, overloaded machine wall time mostly
// measures the neighbours, so both are reported.
double cpu() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <typename T>
void write_raw(const std::string& path, const std::vector<T>& v) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
}

// Interactions with Zipf-like item popularity and uneven user activity.
void generate(size_t n, uint32_t users, uint32_t items, uint64_t seed, std::vector<uint32_t>& u, std::vector<uint32_t>& i,
              std::vector<float>& w) {
  Rng rng(seed);
  u.resize(n);
  i.resize(n);
  w.resize(n);
  for (size_t k = 0; k < n; ++k) {
    u[k] = static_cast<uint32_t>(std::min<double>(users - 1, users * std::pow(rng.uniform(), 1.5)));
    i[k] = static_cast<uint32_t>(std::min<double>(items - 1, items * std::pow(rng.uniform(), 2.0)));
    w[k] = static_cast<float>(1 + rng.below(3));  // behaviour weight 1..3
  }
}

// A Dataset shell with `users` x `items` ids and the given interactions as purchases.
Dataset shop_from(uint32_t users, uint32_t items, const std::vector<uint32_t>& u, const std::vector<uint32_t>& i) {
  Dataset d;
  d.dicts.users.reserve(users);
  for (uint32_t k = 0; k < users; ++k) d.dicts.users.intern("u" + std::to_string(k));
  for (uint32_t k = 0; k < items; ++k) d.dicts.items.intern("i" + std::to_string(k));
  d.events.user = u;
  d.events.item = i;
  d.events.ts_ms.assign(u.size(), 0);
  d.events.type.assign(u.size(), Behavior::kPurchase);
  return d;
}

std::unique_ptr<Recommender> make(const std::string& spec) {
  RecommenderRegistry reg;
  register_builtin_models(reg);
  return reg.create(spec);
}

int bench_ials(const std::string& dir, size_t n, uint32_t users, uint32_t items, int f) {
  std::vector<uint32_t> u, i;
  std::vector<float> w;
  generate(n, users, items, 1, u, i, w);
  write_raw(dir + "/ials_u.u32", u);
  write_raw(dir + "/ials_i.u32", i);
  write_raw(dir + "/ials_w.f32", w);
  Context ctx(2);  // two threads in all (caller + 1 worker)
  Context one(1);
  double t = now();
  const Csr ui = csr_from_triplets(users, items, u, i, w, false, one);
  const Csr iu = transpose(ui);
  const double build = now() - t;
  std::vector<float> x, y;
  ials_init(x, users, f, 1);
  ials_init(y, items, f, 2);
  std::vector<double> runs, cpus;
  for (int r = 0; r < 3; ++r) {
    t = now();
    const double c0 = cpu();
    ials_half_step(ui, y, x, f, 0.1f, 2.0f, 3, ctx);
    ials_half_step(iu, x, y, f, 0.1f, 2.0f, 3, ctx);
    runs.push_back(now() - t);
    cpus.push_back(cpu() - c0);
  }
  std::printf("ials: one epoch CPU time median %.3f s (both threads together)\n", median(cpus));
  std::printf("ials: %zu interactions (%zu distinct), %u users, %u items, %d factors, 3 CG steps, 2 threads\n", n,
              ui.nnz(), users, items, f);
  std::printf("ials: matrix build %.2f s; one epoch median %.3f s (runs %.3f %.3f %.3f)\n", build, median(runs), runs[0],
              runs[1], runs[2]);
  std::printf("RESULT ials_epoch_s %.4f\n", median(runs));
  return 0;
}

int bench_ease(const std::string& dir, uint32_t items, uint32_t users, size_t n) {
  std::vector<uint32_t> u, i;
  std::vector<float> w;
  generate(n, users, items, 2, u, i, w);
  write_raw(dir + "/ease_u.u32", u);
  write_raw(dir + "/ease_i.u32", i);
  const Dataset d = shop_from(users, items, u, i);
  Context ctx(2);
  auto m = make("ease:lambda=500");
  const double t = now(), c0 = cpu();
  m->fit(TrainData{d, d.events, {}}, ctx);
  const double s = now() - t;
  std::printf("ease: %u items, %u users, %zu interactions, lambda 500: fit %.1f s, CPU %.1f s (one run)\n", items, users, n,
              s, cpu() - c0);
  std::printf("RESULT ease_fit_s %.3f\n", s);
  return 0;
}

int bench_itemknn(const std::string& dir, const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::printf("itemknn: %s not found; skipping (set SHOPSENSE_DATA)\n", path.c_str());
    return 0;
  }
  std::vector<uint32_t> u, i;
  uint32_t users = 0, items = 0;
  for (std::string line; std::getline(in, line);) {
    std::istringstream ls(line);
    uint32_t user, item;
    ls >> user;
    while (ls >> item) u.push_back(user - 1), i.push_back(item - 1), items = std::max(items, item);
    users = std::max(users, user);
  }
  write_raw(dir + "/knn_u.u32", u);
  write_raw(dir + "/knn_i.u32", i);
  const Dataset d = shop_from(users, items, u, i);
  Context ctx(2);
  std::vector<double> runs, cpus;
  for (int r = 0; r < 3; ++r) {
    auto m = make("itemknn:neighbors=100,shrink=0,binary=true");
    const double t = now(), c0 = cpu();
    m->fit(TrainData{d, d.events, {}}, ctx);
    runs.push_back(now() - t);
    cpus.push_back(cpu() - c0);
  }
  std::printf("itemknn: CPU time median %.3f s\n", median(cpus));
  std::printf("itemknn: Sports, %u users, %u items, %zu interactions, cosine, top-100: fit median %.3f s (runs %.3f %.3f %.3f)\n",
              users, items, u.size(), median(runs), runs[0], runs[1], runs[2]);
  std::printf("RESULT itemknn_fit_s %.4f\n", median(runs));
  return 0;
}

int bench_latency(uint32_t items, uint32_t users, size_t n) {
  std::vector<uint32_t> u, i;
  std::vector<float> w;
  generate(n, users, items, 3, u, i, w);
  const Dataset d = shop_from(users, items, u, i);
  Context ctx(2);
  auto m = make("ials:factors=64,iters=3,ann=true,ann_ef=100");
  double t = now();
  m->fit(TrainData{d, d.events, {}}, ctx);
  std::printf("latency: %u items, ials 64 factors trained (3 iters + hnsw build) in %.1f s\n", items, now() - t);
  // Histories of the 200 most active generated users (first 20 items each).
  std::vector<std::vector<uint32_t>> hist(200);
  for (size_t k = 0; k < n; ++k)
    if (u[k] < 200 && hist[u[k]].size() < 20) hist[u[k]].push_back(i[k]);
  std::vector<double> exact_ms, ann_ms;
  double hits = 0, total = 0;
  for (const auto& h : hist) {
    RecommendRequest req;
    req.history.items = h;
    req.k = 10;
    req.allow = [](uint32_t) { return true; };  // a filter forces exhaustive scoring
    t = now();
    const auto exact = m->recommend(req);
    exact_ms.push_back((now() - t) * 1e3);
    req.allow = nullptr;
    t = now();
    const auto ann = m->recommend(req);
    ann_ms.push_back((now() - t) * 1e3);
    for (const auto& a : ann)
      hits += std::any_of(exact.begin(), exact.end(), [&](const auto& e) { return e.item == a.item; });
    total += static_cast<double>(exact.size());
  }
  std::printf("latency: one user, k=10 of %u items: exact median %.3f ms, hnsw (M 16, ef 100) median %.3f ms, recall@10 %.3f\n",
              items, median(exact_ms), median(ann_ms), hits / total);
  std::printf("RESULT exact_ms %.4f\nRESULT ann_ms %.4f\nRESULT ann_recall10 %.4f\n", median(exact_ms), median(ann_ms),
              hits / total);
  return 0;
}

// EASE on Amazon Beauty, S3-Rec leave-last-out (fit on all but each user's last item,
// rank all items but the history): the published-protocol check of the model.
int bench_ease_beauty(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::printf("ease-beauty: %s not found; skipping\n", path.c_str());
    return 0;
  }
  std::vector<uint32_t> u, i;
  std::vector<std::vector<uint32_t>> seqs;
  uint32_t items = 0;
  for (std::string line; std::getline(in, line);) {
    std::istringstream ls(line);
    uint32_t user, item;
    ls >> user;
    std::vector<uint32_t> seq;
    while (ls >> item) seq.push_back(item - 1), items = std::max(items, item);
    for (size_t k = 0; k + 1 < seq.size(); ++k) u.push_back(static_cast<uint32_t>(seqs.size())), i.push_back(seq[k]);
    seqs.push_back(seq);
  }
  const Dataset d = shop_from(static_cast<uint32_t>(seqs.size()), items, u, i);
  Context ctx(2);
  auto m = make("ease:lambda=500");
  const double t = now();
  m->fit(TrainData{d, d.events, {}}, ctx);
  std::printf("ease-beauty: %zu users, %u items, fit %.1f s\n", seqs.size(), items, now() - t);
  double ndcg = 0, hr = 0;
  for (uint32_t user = 0; user < seqs.size(); ++user) {
    const auto& seq = seqs[user];
    RecommendRequest req;
    req.user = user;
    req.history.items = std::span<const uint32_t>(seq.data(), seq.size() - 1);
    req.k = 10;
    const auto recs = m->recommend(req);
    for (size_t r = 0; r < recs.size(); ++r)
      if (recs[r].item == seq.back()) hr += 1, ndcg += 1.0 / std::log2(r + 2.0);
  }
  std::printf("ease-beauty: lambda 500, binary X: NDCG@10 %.4f HR@10 %.4f\n", ndcg / seqs.size(), hr / seqs.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_models ials|ease|itemknn|latency ...\n");
    return 2;
  }
  const std::string what = argv[1];
  auto arg = [&](int k, double def) { return argc > k ? std::stod(argv[k]) : def; };
  if (what == "ials")
    return bench_ials(argv[2], static_cast<size_t>(arg(3, 1e7)), static_cast<uint32_t>(arg(4, 200000)),
                      static_cast<uint32_t>(arg(5, 50000)), static_cast<int>(arg(6, 64)));
  if (what == "ease")
    return bench_ease(argv[2], static_cast<uint32_t>(arg(3, 20000)), static_cast<uint32_t>(arg(4, 100000)),
                      static_cast<size_t>(arg(5, 2e6)));
  if (what == "ease-beauty") return bench_ease_beauty(argv[2]);
  if (what == "itemknn") return bench_itemknn(argv[2], argv[3]);
  if (what == "latency")
    return bench_latency(static_cast<uint32_t>(arg(2, 100000)), static_cast<uint32_t>(arg(3, 50000)),
                         static_cast<size_t>(arg(4, 2e6)));
  std::fprintf(stderr, "unknown benchmark '%s'\n", what.c_str());
  return 2;
}
