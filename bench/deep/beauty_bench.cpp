// Sequence models (or any registry model, hybrids too) on an Amazon "user item1 item2 ..." file under the S3-Rec protocol: per
// user the last item is the test target, the one before it validation (held out inside
// fit()), ranked against all items with the user's earlier items excluded.
// Prints HR/NDCG@5/10/20, training time and throughput, and one-user inference latency.
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/context.h"
#include "deep/register.h"
#include "models/model_file.h"
#include "models/registry.h"

// jemalloc keeps freed logits pages instead of returning them (see STACK.md speed traps).
extern "C" const char* malloc_conf;
const char* malloc_conf = "dirty_decay_ms:-1,muzzy_decay_ms:-1";

int main(int argc, char** argv) {
  std::string path, model = "sasrec", mode = "eval", load;
  uint64_t seed = 42;
  size_t threads = 2;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return std::string(i + 1 < argc ? argv[++i] : ""); };
    if (a == "--model") model = next();
    else if (a == "--seed") seed = std::stoull(next());
    else if (a == "--threads") threads = std::stoul(next());
    else if (a == "--mode") mode = next();  // eval | throughput
    else if (a == "--load") load = next();  // evaluate a saved model (e.g. a checkpoint's best.ssm) without training
    else path = a;
  }
  if (path.empty()) {
    std::fprintf(stderr, "usage: beauty_bench FILE [--model SPEC | --load MODEL_FILE] [--seed N] [--threads N] [--mode eval|throughput]\n");
    return 2;
  }
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return 2;
  }
  ss::Dataset shop;
  ss::EventTable train;
  std::vector<std::vector<uint32_t>> seqs;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string user, item;
    if (!(ls >> user)) continue;
    const uint32_t u = shop.dicts.users.intern(user);
    seqs.resize(shop.dicts.users.size());
    while (ls >> item) seqs[u].push_back(shop.dicts.items.intern(item));
  }
  size_t events = 0;
  for (uint32_t u = 0; u < seqs.size(); ++u)
    for (size_t j = 0; j + 1 < seqs[u].size(); ++j, ++events)
      train.push_back({.user = u, .item = seqs[u][j], .ts_ms = int64_t(j) * 60000, .type = ss::Behavior::kPurchase});
  std::printf("data: %zu users, %zu items, %zu training events (+%zu test)\n", seqs.size(), shop.num_items(), events,
              seqs.size());

  ss::Spec spec = ss::Spec::parse(model);
  if (mode == "throughput") spec.params.insert_or_assign("val_users", std::string(1, '0'));
  // Through the registry, so classical models and hybrids of both run on the same split.
  ss::RecommenderRegistry registry;
  ss::register_builtin_models(registry);
  ss::register_deep_models(registry);
  // A loaded model must come from the same file: ids are interned in file order.
  auto rec = load.empty() ? registry.create(spec) : ss::load_model_file(load, registry);
  ss::Context ctx(threads > 0 ? threads - 1 : 0, seed, false);
  ss::TrainData data{shop, train, {}};
  const auto t0 = std::chrono::steady_clock::now();
  if (load.empty()) rec->fit(data, ctx);
  const double train_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("model: %s\ntrain: %.1f s (threads %zu)\n", rec->spec().to_string().c_str(), train_s, threads);
  if (mode == "throughput") {
    size_t train_seqs = 0;
    for (const auto& s : seqs) train_seqs += s.size() >= 3;  // users with an input and a target
    const long epochs = std::stol(spec.params.count("epochs") ? spec.params.at("epochs") : "200");
    std::printf("throughput: %.0f training sequences/s\n", double(train_seqs) * double(epochs) / train_s);
    return 0;
  }

  // Test: rank the last item given everything before it, on one inference thread.
  at::set_num_threads(1);
  double hr[3] = {0, 0, 0}, ndcg[3] = {0, 0, 0};
  const size_t cut[3] = {5, 10, 20};
  std::vector<double> lat;
  for (uint32_t u = 0; u < seqs.size(); ++u) {
    const auto& s = seqs[u];
    if (s.size() < 2) continue;
    ss::RecommendRequest req;
    req.user = u;
    req.history.items = std::span<const uint32_t>(s.data(), s.size() - 1);
    req.k = 20;
    const auto a = std::chrono::steady_clock::now();
    const auto recs = rec->recommend(req);
    lat.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
    for (size_t r = 0; r < recs.size(); ++r)
      if (recs[r].item == s.back())
        for (int c = 0; c < 3; ++c)
          if (r < cut[c]) hr[c] += 1, ndcg[c] += 1.0 / std::log2(double(r) + 2.0);
  }
  const double n = double(lat.size());
  std::sort(lat.begin(), lat.end());
  std::printf("test users: %.0f\n", n);
  std::printf("HR@5 %.4f HR@10 %.4f HR@20 %.4f NDCG@5 %.4f NDCG@10 %.4f NDCG@20 %.4f\n", hr[0] / n, hr[1] / n,
              hr[2] / n, ndcg[0] / n, ndcg[1] / n, ndcg[2] / n);
  std::printf("latency one user (k=20, %zu items, 1 thread): median %.3f ms, p99 %.3f ms\n", shop.num_items(),
              lat[lat.size() / 2], lat[size_t(double(lat.size()) * 0.99)]);
  std::printf("command: beauty_bench %s %s '%s' --seed %lu --threads %zu\n", path.c_str(),
              load.empty() ? "--model" : "--load", (load.empty() ? model : load).c_str(), (unsigned long)seed, threads);
  return 0;
}
