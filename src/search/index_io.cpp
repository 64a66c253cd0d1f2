// SearchIndex::save / load: one binary file, written to a temporary name and renamed into
// place so a crash never leaves a half-written index behind.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/error.h"
#include "search/index.h"

namespace ss::search {
namespace {

constexpr char kMagic[8] = {'S', 'S', 'I', 'D', 'X', '0', '0', '1'};

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

class Writer {
 public:
  explicit Writer(std::FILE* f) : f_(f) {}
  void raw(const void* p, size_t n) {
    if (n && std::fwrite(p, 1, n, f_) != n) throw Error("search index: write failed (disk full?)");
  }
  template <typename T>
  void pod(const T& v) { raw(&v, sizeof v); }
  template <typename T>
  void vec(const std::vector<T>& v) {
    pod<uint64_t>(v.size());
    raw(v.data(), v.size() * sizeof(T));
  }
  void str(const std::string& s) {
    pod<uint32_t>(static_cast<uint32_t>(s.size()));
    raw(s.data(), s.size());
  }

 private:
  std::FILE* f_;
};

class Reader {
 public:
  Reader(std::FILE* f, std::string path) : f_(f), path_(std::move(path)) {}
  void raw(void* p, size_t n) {
    if (n && std::fread(p, 1, n, f_) != n) throw Error("search index " + path_ + " is truncated; rebuild it");
  }
  template <typename T>
  T pod() {
    T v;
    raw(&v, sizeof v);
    return v;
  }
  template <typename T>
  std::vector<T> vec() {
    const uint64_t n = pod<uint64_t>();
    if (n > (uint64_t{1} << 40)) throw Error("search index " + path_ + " is corrupt; rebuild it");
    std::vector<T> v(n);
    raw(v.data(), n * sizeof(T));
    return v;
  }
  std::string str() {
    std::string s(pod<uint32_t>(), '\0');
    raw(s.data(), s.size());
    return s;
  }

 private:
  std::FILE* f_;
  std::string path_;
};

}  // namespace

void SearchIndex::save(const std::string& path) const {
  const std::string tmp = path + ".tmp";
  {
    File f(std::fopen(tmp.c_str(), "wb"));
    if (!f) throw Error("cannot write search index " + tmp + ": " + std::strerror(errno));
    Writer w(f.get());
    w.raw(kMagic, sizeof kMagic);
    w.vec(docs_);
    w.vec(doc_of_item_);
    w.vec(attrs_);
    for (const NameTable* t : {&attr_keys_, &attr_values_}) {
      w.pod<uint32_t>(static_cast<uint32_t>(t->size()));
      for (uint32_t i = 0; i < t->size(); ++i) w.str(t->name(i));
    }
    w.pod<uint32_t>(static_cast<uint32_t>(term_text_.size()));
    for (size_t t = 0; t < term_text_.size(); ++t) {
      w.str(term_text_[t]);
      w.pod(postings_[t].last_doc);
      w.pod(postings_[t].count);
      w.vec(postings_[t].bytes);
    }
    w.pod<uint32_t>(static_cast<uint32_t>(vocab_.size()));
    for (uint32_t i = 0; i < vocab_.size(); ++i) {
      w.str(vocab_.word(i));
      w.pod(vocab_.term_of(i));
    }
    w.raw(len_sum_, sizeof len_sum_);
    w.pod(live_);
    if (std::fflush(f.get()) != 0) throw Error("search index: flush failed");
  }
  std::filesystem::rename(tmp, path);
}

SearchIndex SearchIndex::load(const std::string& path) {
  File f(std::fopen(path.c_str(), "rb"));
  if (!f) throw Error("cannot open search index " + path + ": " + std::strerror(errno) + " (build it with `shopsense search-index`)");
  Reader r(f.get(), path);
  char magic[8];
  r.raw(magic, sizeof magic);
  if (std::memcmp(magic, kMagic, sizeof magic) != 0) throw Error(path + " is not a ShopSense search index (or an older version); rebuild it");
  SearchIndex idx;
  idx.docs_ = r.vec<DocInfo>();
  idx.doc_of_item_ = r.vec<uint32_t>();
  idx.attrs_ = r.vec<AttrPair>();
  for (NameTable* t : {&idx.attr_keys_, &idx.attr_values_}) {
    const uint32_t n = r.pod<uint32_t>();
    for (uint32_t i = 0; i < n; ++i) t->intern(r.str());
  }
  const uint32_t terms = r.pod<uint32_t>();
  idx.term_text_.reserve(terms);
  idx.postings_.resize(terms);
  for (uint32_t t = 0; t < terms; ++t) {
    idx.term_text_.push_back(r.str());
    idx.term_ids_.emplace(idx.term_text_.back(), t);
    idx.postings_[t].last_doc = r.pod<uint32_t>();
    idx.postings_[t].count = r.pod<uint32_t>();
    idx.postings_[t].bytes = r.vec<uint8_t>();
  }
  const uint32_t words = r.pod<uint32_t>();
  for (uint32_t i = 0; i < words; ++i) {
    std::string w = r.str();
    idx.vocab_.add(w, r.pod<uint32_t>());
  }
  r.raw(idx.len_sum_, sizeof idx.len_sum_);
  idx.live_ = r.pod<uint32_t>();
  idx.rebuild_lengths();
  return idx;
}

}  // namespace ss::search
