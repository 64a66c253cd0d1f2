#include "models/model_file.h"

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "models/scoring_model.h"

namespace ss {

void save_model_file(const Recommender& model, const std::string& path) {
  // Write beside, then rename: a crash never leaves a half-written model under `path`.
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot write model file '" + tmp + "'", ErrorCode::kIo);
    model.save(out);
    out.flush();
    if (!out) throw Error("could not write model file '" + tmp + "'", ErrorCode::kIo);
  }
  std::filesystem::rename(tmp, path);
}

std::unique_ptr<Recommender> load_model_file(const std::string& path, const RecommenderRegistry& registry) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open model file '" + path + "'; train one with `shopsense train`", ErrorCode::kNotFound);
  BinReader r(in);
  const Spec spec = read_model_header(r);
  auto model = registry.create(spec);
  in.seekg(0);
  model->load(in);
  return model;
}

}  // namespace ss
