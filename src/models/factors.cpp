#include "models/factors.h"

#include <hnswlib/hnswlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/hnsw_check.h"
#include "models/scoring_model.h"

namespace ss {

using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

void ItemFactors::score(const float* x, std::span<float> scores) const {
  Eigen::Map<const RowMat> qm(q.data(), n, f);
  Eigen::Map<const Eigen::VectorXf> xv(x, f);
  Eigen::Map<Eigen::VectorXf> s(scores.data(), n);
  s.noalias() += qm * xv;
  if (!bias.empty()) s += Eigen::Map<const Eigen::VectorXf>(bias.data(), n);
}

static float cosine(const float* a, const float* b, int f) {
  double ab = 0, aa = 0, bb = 0;
  for (int k = 0; k < f; ++k) ab += a[k] * b[k], aa += a[k] * a[k], bb += b[k] * b[k];
  return aa > 0 && bb > 0 ? static_cast<float>(ab / std::sqrt(aa * bb)) : 0.0f;
}

uint32_t ItemFactors::most_similar(std::span<const std::pair<uint32_t, float>> sources, uint32_t item) const {
  uint32_t best = kNone;
  float best_c = 0.0f;
  for (const auto& [h, w] : sources) {
    const float c = cosine(row(h), row(item), f);
    if (c > best_c) best_c = c, best = h;
  }
  return best;
}

std::vector<uint32_t> ItemFactors::most_similar_many(std::span<const std::pair<uint32_t, float>> sources,
                                                     std::span<const uint32_t> items) const {
  // cosine(h, i) > best  <=>  (h . i) / |h| > best * |i| for a fixed item i: compare h . i / |h|.
  thread_local std::vector<float> inv_norm;
  inv_norm.resize(sources.size());
  for (size_t s = 0; s < sources.size(); ++s) {
    const float nn = Eigen::Map<const Eigen::VectorXf>(row(sources[s].first), f).squaredNorm();
    inv_norm[s] = nn > 0 ? 1.0f / std::sqrt(nn) : 0.0f;
  }
  std::vector<uint32_t> out(items.size(), kNone);
  for (size_t k = 0; k < items.size(); ++k) {
    if (items[k] >= n) continue;
    const Eigen::Map<const Eigen::VectorXf> iv(row(items[k]), f);
    float best_c = 0.0f;
    for (size_t s = 0; s < sources.size(); ++s) {
      if (inv_norm[s] == 0.0f) continue;
      const float c = Eigen::Map<const Eigen::VectorXf>(row(sources[s].first), f).dot(iv) * inv_norm[s];
      if (c > best_c) best_c = c, out[k] = sources[s].first;
    }
  }
  return out;
}

std::vector<std::pair<uint32_t, float>> ItemFactors::similar(uint32_t item, size_t k) const {
  if (item >= n) return {};
  std::vector<float> s(n);
  for (uint32_t j = 0; j < n; ++j) s[j] = j == item ? -INFINITY : cosine(row(item), row(j), f);
  return top_k(s, k, true);
}

void ItemFactors::save(BinWriter& w) const {
  w.pod(n);
  w.pod(f);
  w.vec(q);
  w.vec(bias);
}

void ItemFactors::load(BinReader& r) {
  n = r.pod<uint32_t>();
  f = r.pod<int>();
  r.vec(q);
  r.vec(bias);
  if (q.size() != static_cast<size_t>(n) * f || (!bias.empty() && bias.size() != n))
    throw Error("model file: factor matrix does not match its size; retrain it", ErrorCode::kCorrupt);
}

FactorIndex::FactorIndex() = default;
FactorIndex::~FactorIndex() = default;

void FactorIndex::clear() {
  hnsw_.reset();  // before the space it points to
  space_.reset();
}

void FactorIndex::build(const ItemFactors& items, int m, int ef_construction, int ef_search, Context* ctx) {
  clear();  // an old graph goes before the space it points to is replaced
  dim_ = items.f + 1;
  ef_ = ef_search;
  space_ = std::make_unique<hnswlib::InnerProductSpace>(dim_);
  hnsw_ = std::make_unique<hnswlib::HierarchicalNSW<float>>(space_.get(), std::max<size_t>(items.n, 1), m,
                                                            ef_construction, 100);
  auto add = [&](size_t b, size_t e) {
    std::vector<float> v(dim_);
    for (size_t i = b; i < e; ++i) {
      std::copy_n(items.row(static_cast<uint32_t>(i)), items.f, v.begin());
      v[items.f] = items.bias.empty() ? 0.0f : items.bias[i];
      hnsw_->addPoint(v.data(), i);
    }
  };
  // The first point alone, then the rest (in parallel when a pool is given; addPoint is
  // thread-safe, at the price of a build that depends on scheduling).
  if (items.n == 0) return;
  add(0, 1);
  if (ctx)
    ctx->pool->parallel_for(items.n - 1, [&](size_t b, size_t e) { add(b + 1, e + 1); }, 256);
  else
    add(1, items.n);
  hnsw_->setEf(static_cast<size_t>(ef_));
}

std::vector<std::pair<uint32_t, float>> FactorIndex::search(const float* x, size_t k) const {
  std::vector<float> qv(x, x + dim_ - 1);
  qv.push_back(1.0f);
  auto pq = hnsw_->searchKnn(qv.data(), k);
  std::vector<std::pair<uint32_t, float>> out(pq.size());
  for (size_t i = pq.size(); i-- > 0;) {
    out[i] = {static_cast<uint32_t>(pq.top().second), 1.0f - pq.top().first};
    pq.pop();
  }
  return out;
}

void FactorIndex::set_ef(int ef_search) {
  ef_ = ef_search;
  if (hnsw_) hnsw_->setEf(static_cast<size_t>(ef_));
}

namespace {

// hnswlib 0.6 saves and loads only by file name: an anonymous in-memory file
// (/proc/self/fd/N of a memfd) carries the bytes between it and the model stream, with
// no temporary file on disk to clean up.
class MemFile {
 public:
  MemFile() : fd_(memfd_create("ss_hnsw", MFD_CLOEXEC)) {
    if (fd_ < 0) throw Error("cannot create an in-memory file for the hnsw index", ErrorCode::kIo);
  }
  ~MemFile() { close(fd_); }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }
  std::vector<char> read_all() const {
    std::vector<char> bytes(static_cast<size_t>(lseek(fd_, 0, SEEK_END)));
    for (size_t off = 0; off < bytes.size();) {
      const ssize_t got = pread(fd_, bytes.data() + off, bytes.size() - off, static_cast<off_t>(off));
      if (got <= 0) throw Error("cannot read back the hnsw index", ErrorCode::kIo);
      off += static_cast<size_t>(got);
    }
    return bytes;
  }
  void write_all(const std::vector<char>& bytes) const {
    for (size_t off = 0; off < bytes.size();) {
      const ssize_t put = pwrite(fd_, bytes.data() + off, bytes.size() - off, static_cast<off_t>(off));
      if (put <= 0) throw Error("cannot stage the hnsw index in memory", ErrorCode::kIo);
      off += static_cast<size_t>(put);
    }
  }

 private:
  int fd_;
};

}  // namespace

void FactorIndex::save(BinWriter& w) const {
  w.pod<int32_t>(hnsw_ ? dim_ : 0);
  if (!hnsw_) {
    w.vec(std::vector<char>{});
    return;
  }
  MemFile f;
  hnsw_->saveIndex(f.path());
  w.vec(f.read_all());
}

bool FactorIndex::load(BinReader& r, const ItemFactors& items, int ef_search) {
  clear();
  std::vector<char> bytes;
  const int32_t dim = r.pod<int32_t>();
  r.vec(bytes);
  if (bytes.empty() || dim != items.f + 1 || items.n == 0) return false;
  // hnswlib follows the stored ids and sizes blindly: only a graph that is consistent and
  // indexes exactly these factors goes to it (anything else is rebuilt by the caller).
  if (!check_hnsw_blob(bytes, items).empty()) return false;
  MemFile f;
  f.write_all(bytes);
  dim_ = dim;
  space_ = std::make_unique<hnswlib::InnerProductSpace>(dim_);
  try {
    hnsw_ = std::make_unique<hnswlib::HierarchicalNSW<float>>(space_.get(), f.path(), false, items.n);
  } catch (const std::runtime_error&) {  // hnswlib's own "corrupted or unsupported"
    clear();
    return false;
  }
  if (hnsw_->cur_element_count != items.n || hnsw_->label_offset_ - hnsw_->offsetData_ != hnsw_->data_size_) {
    clear();
    return false;
  }
  set_ef(ef_search);
  return true;
}

}  // namespace ss
