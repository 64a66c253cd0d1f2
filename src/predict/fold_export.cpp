#include "predict/fold_export.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "core/error.h"

namespace ss::predict {
namespace {

void write_csv(const std::string& path, const Snapshot& s) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "w"), &std::fclose);
  if (!f) throw Error("cannot write " + path, ErrorCode::kIo);
  for (const auto& n : s.x.names) std::fprintf(f.get(), "%s,", n.c_str());
  std::fprintf(f.get(), "label\n");
  for (size_t r = 0; r < s.x.rows; ++r) {
    const float* row = s.x.row(r);
    for (size_t c = 0; c < s.x.cols; ++c) {
      if (!std::isnan(row[c])) std::fprintf(f.get(), "%.9g", row[c]);
      std::fputc(',', f.get());
    }
    std::fprintf(f.get(), "%d\n", s.y[r] > 0.5f ? 1 : 0);
  }
  if (std::ferror(f.get())) throw Error("write failed: " + path, ErrorCode::kIo);
}

}  // namespace

void write_fold_csv(const std::string& dir, int fold, const Snapshot& train, const Snapshot& test) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error("cannot create " + dir + ": " + ec.message(), ErrorCode::kIo);
  write_csv(dir + "/fold" + std::to_string(fold) + "_train.csv", train);
  write_csv(dir + "/fold" + std::to_string(fold) + "_test.csv", test);
}

}  // namespace ss::predict
