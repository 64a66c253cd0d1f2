// Load time of a sequence model with ann=true: a body-version-1 file (no saved graph, so
// loading rebuilds the hnsw index, as every deep file did before version 2) against the
// same model as version 2 (the graph read from the file). Also checks that the version-2
// load answers exactly as the model it was saved from.
//
//   ann_load_bench MODEL.bin [--runs 3]
// MODEL.bin: any sasrec/caser/gru4rec file with ann=true (`shopsense train -m
// "sasrec:...,ann=true"`, see bench/deep/ann_load.sh). Its version-1 form (the graph block
// cut off) goes to MODEL.bin.v1, its version-2 form to MODEL.bin.v2.
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "core/behavior.h"
#include "core/error.h"
#include "core/rng.h"
#include "deep/register.h"
#include "models/model_file.h"
#include "models/registry.h"

namespace {

using ss::Recommender;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Median seconds of `runs` loads of `path`; the last load's model is kept in `out`.
double time_loads(const std::string& path, const ss::RecommenderRegistry& reg, int runs,
                  std::unique_ptr<Recommender>& out) {
  std::vector<double> secs;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    out = ss::load_model_file(path, reg);
    secs.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return median(secs);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A version-2 deep file as version 1 wrote it: body magic SSDEEP1, nothing after the
// network (spec, item count, behaviour weights, popularity, network archive).
std::string as_version_1(std::string file) {
  size_t at = file.find("SSDEEP2");
  if (at == std::string::npos) throw ss::Error("not a version-2 deep model file");
  file[at + 6] = '1';
  auto u64 = [&](size_t pos) {
    uint64_t v = 0;
    std::memcpy(&v, file.data() + pos, sizeof v);
    return v;
  };
  at += 8;
  at += 8 + u64(at);
  const uint64_t items = u64(at);
  at += 8 + sizeof(float) * (ss::kNumBehaviors + items);
  at += 8 + u64(at);
  file.resize(at);
  return file;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc < 2) throw ss::Error("usage: ann_load_bench MODEL.bin [--runs N]");
    const std::string path = argv[1];
    int runs = 3;
    if (argc >= 4 && std::string(argv[2]) == "--runs") runs = std::max(1, std::stoi(argv[3]));
    at::set_num_threads(1);
    ss::RecommenderRegistry reg;
    ss::register_builtin_models(reg);
    ss::register_deep_models(reg);

    const std::string path1 = path + ".v1", path2 = path + ".v2";
    ss::save_model_file(*ss::load_model_file(path, reg), path2);
    std::ofstream(path1, std::ios::binary) << as_version_1(read_file(path2));
    std::unique_ptr<Recommender> v1, v2;
    const double t1 = time_loads(path1, reg, runs, v1);
    ss::save_model_file(*v1, path2);  // v1's rebuilt graph, so that both answer alike
    const double t2 = time_loads(path2, reg, runs, v2);

    // Random histories: the version-2 load answers exactly as the model it was saved from.
    ss::Rng rng(1);
    size_t checked = 0, differ = 0;
    const std::string spec = v1->spec().to_string();
    for (int u = 0; u < 200; ++u) {
      std::vector<uint32_t> items;
      for (int e = 0; e < 15; ++e) items.push_back(static_cast<uint32_t>(rng.below(1000)));
      ss::RecommendRequest r;
      r.history.items = items;
      const auto a = v1->recommend(r), b = v2->recommend(r);
      ++checked;
      differ += a.size() != b.size() || !std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) {
                  return x.item == y.item && x.score == y.score;
                });
    }
    std::printf("model %s (%s)\n", path.c_str(), spec.c_str());
    std::printf("load version-1 file (graph rebuilt): median %.3f s of %d, %zu bytes\n", t1, runs, read_file(path1).size());
    std::printf("load version-2 file (graph read):    median %.3f s of %d, %zu bytes\n", t2, runs, read_file(path2).size());
    std::printf("speed-up %.1fx; top-10 lists differing after the round trip: %zu of %zu\n", t1 / t2, differ, checked);
    std::printf("command: %s %s --runs %d\n", argv[0], path.c_str(), runs);
    return differ == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
