// Sequence models (or any registry model, hybrids too) on an Amazon "user item1 item2 ..." file under the S3-Rec protocol: per
// user the last item is the test target, the one before it validation (held out inside
// fit()), ranked against all items with the user's earlier items excluded. --holdout 2
// scores the validation item instead (training on all but the last two), so that choices
// made on its numbers never see the test item; --save keeps the fitted model.
// Prints HR/NDCG@5/10/20, training time and throughput, and one-user inference latency.
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "amazon_sequences.h"
#include "core/context.h"
#include "deep/register.h"
#include "models/model_file.h"
#include "models/registry.h"

// jemalloc keeps freed logits pages instead of returning them (see STACK.md speed traps).
extern "C" const char* malloc_conf;
const char* malloc_conf = "dirty_decay_ms:-1,muzzy_decay_ms:-1";

int main(int argc, char** argv) {
  std::string path, model = "sasrec", mode = "eval", load, save;
  uint64_t seed = 42;
  size_t threads = 2, holdout = 1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return std::string(i + 1 < argc ? argv[++i] : ""); };
    if (a == "--model") model = next();
    else if (a == "--seed") seed = std::stoull(next());
    else if (a == "--threads") threads = std::stoul(next());
    else if (a == "--mode") mode = next();  // eval | throughput
    else if (a == "--load") load = next();  // evaluate a saved model (e.g. a checkpoint's best.ssm) without training
    else if (a == "--save") save = next();  // write the fitted model here
    else if (a == "--holdout") holdout = std::stoul(next());  // 1: test item; 2: validation item
    else path = a;
  }
  if (path.empty()) {
    std::fprintf(stderr, "usage: beauty_bench FILE [--model SPEC | --load MODEL_FILE] [--save MODEL_FILE] [--holdout 1|2] [--seed N] [--threads N] [--mode eval|throughput]\n");
    return 2;
  }
  if (holdout < 1 || holdout > 2) {
    std::fprintf(stderr, "--holdout must be 1 (test item) or 2 (validation item)\n");
    return 2;
  }
  ss::Dataset shop;
  std::vector<std::vector<uint32_t>> seqs;
  try {
    seqs = ss::bench::read_amazon_sequences(path, shop);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  // Every item keeps the id the full file gives it; holdout 2 then drops each last item.
  if (holdout == 2)
    for (auto& s : seqs)
      if (!s.empty()) s.pop_back();
  const ss::EventTable train = ss::bench::training_events(seqs, 1);
  const size_t events = train.size();
  std::printf("data: %zu users, %zu items, %zu training events (+%zu %s)\n", seqs.size(), shop.num_items(), events,
              seqs.size(), holdout == 1 ? "test" : "validation");

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
  if (!save.empty()) {
    ss::save_model_file(*rec, save);
    std::printf("saved: %s\n", save.c_str());
  }
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
  std::printf("%s users: %.0f\n", holdout == 1 ? "test" : "validation", n);
  std::printf("HR@5 %.4f HR@10 %.4f HR@20 %.4f NDCG@5 %.4f NDCG@10 %.4f NDCG@20 %.4f\n", hr[0] / n, hr[1] / n,
              hr[2] / n, ndcg[0] / n, ndcg[1] / n, ndcg[2] / n);
  std::printf("latency one user (k=20, %zu items, 1 thread): median %.3f ms, p99 %.3f ms\n", shop.num_items(),
              lat[lat.size() / 2], lat[size_t(double(lat.size()) * 0.99)]);
  std::printf("command: beauty_bench %s %s '%s'%s%s --holdout %zu --seed %lu --threads %zu\n", path.c_str(),
              load.empty() ? "--model" : "--load", (load.empty() ? model : load).c_str(), save.empty() ? "" : " --save ",
              save.c_str(), holdout, (unsigned long)seed, threads);
  return 0;
}
