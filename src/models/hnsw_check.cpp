#include "models/hnsw_check.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace ss {

namespace {

// hnswlib 0.6's layout (hnswalg.h, saveIndex): a header of size_t fields (and an int, a
// uint32 and a double), every element's level-0 block (link count + neighbour ids, vector,
// label), then per element a uint32 byte count and its upper-level link lists.
using TableInt = uint32_t;  // hnswlib::tableint, also its link-list count word
using Label = size_t;       // hnswlib::labeltype
constexpr unsigned char kDeleteMark = 0x01;  // in byte 2 of an element's level-0 count word
constexpr int kMaxLevel = 255;               // real graphs stay below ~20; the cap bounds loops

// Reads fixed-size values from the blob; every read is checked against its end.
class Cursor {
 public:
  explicit Cursor(std::span<const char> b) : b_(b) {}
  template <typename T>
  bool get(T& v) {
    if (b_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(&v, b_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  // The next `n` bytes, or nullptr when fewer are left.
  const char* take(size_t n) {
    if (b_.size() - pos_ < n) return nullptr;
    const char* p = b_.data() + pos_;
    pos_ += n;
    return p;
  }
  bool at_end() const { return pos_ == b_.size(); }

 private:
  std::span<const char> b_;
  size_t pos_ = 0;
};

template <typename T>
T read_at(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// `count` neighbour ids after a count word at `list`: each must name an element that has
// the list's level.
bool neighbours_ok(const char* list, size_t max_count, int level, const std::vector<int>& levels) {
  const size_t count = read_at<uint16_t>(list);  // hnswlib's getListCount reads 16 bits
  if (count > max_count) return false;
  for (size_t j = 0; j < count; ++j) {
    const TableInt id = read_at<TableInt>(list + sizeof(TableInt) * (1 + j));
    if (id >= levels.size() || levels[id] < level) return false;
  }
  return true;
}

}  // namespace

std::string check_hnsw_blob(std::span<const char> blob, const ItemFactors& items) {
  size_t offset_level0 = 0, max_elements = 0, count = 0, per_element = 0, label_offset = 0, offset_data = 0;
  size_t max_m = 0, max_m0 = 0, m = 0, ef_construction = 0;
  int max_level = 0;
  TableInt entry = 0;
  double mult = 0;
  Cursor c(blob);
  if (!(c.get(offset_level0) && c.get(max_elements) && c.get(count) && c.get(per_element) && c.get(label_offset) &&
        c.get(offset_data) && c.get(max_level) && c.get(entry) && c.get(max_m) && c.get(max_m0) && c.get(m) &&
        c.get(mult) && c.get(ef_construction)))
    return "header truncated";
  if (count != items.n || count == 0)
    return "graph holds " + std::to_string(count) + " elements for " + std::to_string(items.n) + " items";
  if (m < 1 || m > 10000 || max_m != m || max_m0 != 2 * m) return "inconsistent graph degree";
  const size_t dim = static_cast<size_t>(items.f) + 1, data_size = dim * sizeof(float);
  const size_t links0 = sizeof(TableInt) * (max_m0 + 1), links_upper = sizeof(TableInt) * (max_m + 1);
  if (offset_level0 != 0 || offset_data != links0 || label_offset != links0 + data_size ||
      per_element != label_offset + sizeof(Label))
    return "element layout does not match the factor dimension";
  if (!std::isfinite(mult) || mult <= 0) return "bad level multiplier";
  if (max_level < 0 || max_level > kMaxLevel || entry >= count) return "bad top level or entry point";
  const char* level0 = count <= blob.size() / per_element ? c.take(count * per_element) : nullptr;
  if (!level0) return "level-0 data truncated";

  // Upper levels: each element's byte count must be whole levels, at most the top level.
  std::vector<int> levels(count);
  std::vector<const char*> upper(count, nullptr);
  for (size_t i = 0; i < count; ++i) {
    uint32_t bytes = 0;
    if (!c.get(bytes)) return "upper-level lists truncated";
    if (bytes % links_upper != 0 || bytes / links_upper > static_cast<size_t>(max_level))
      return "bad upper-level list size of element " + std::to_string(i);
    levels[i] = static_cast<int>(bytes / links_upper);
    if (bytes && !(upper[i] = c.take(bytes))) return "upper-level lists truncated";
  }
  if (!c.at_end()) return "trailing bytes after the graph";
  if (levels[entry] != max_level) return "entry point is not on the top level";

  // Every element: no deletion mark, neighbours in range and on its level, a label naming a
  // distinct item, and exactly that item's row as its vector.
  std::vector<char> seen(count, 0);
  std::vector<float> row(dim);
  for (size_t i = 0; i < count; ++i) {
    const char* e = level0 + i * per_element;
    if (static_cast<unsigned char>(e[2]) & kDeleteMark) return "element " + std::to_string(i) + " marked deleted";
    if (!neighbours_ok(e, max_m0, 0, levels)) return "bad level-0 neighbours of element " + std::to_string(i);
    for (int l = 1; l <= levels[i]; ++l)
      if (!neighbours_ok(upper[i] + (l - 1) * links_upper, max_m, l, levels))
        return "bad level-" + std::to_string(l) + " neighbours of element " + std::to_string(i);
    const Label label = read_at<Label>(e + label_offset);
    if (label >= count || seen[label]) return "bad or repeated label of element " + std::to_string(i);
    seen[label] = 1;
    const auto item = static_cast<uint32_t>(label);
    std::copy_n(items.row(item), items.f, row.begin());
    row[dim - 1] = items.bias.empty() ? 0.0f : items.bias[item];
    if (std::memcmp(row.data(), e + offset_data, data_size) != 0)
      return "graph vector of item " + std::to_string(item) + " differs from its factors";
  }
  return {};
}

}  // namespace ss
