// Little binary writer/reader for model files: plain little-endian PODs, length-prefixed
// vectors and strings; every read is checked so a truncated file is a clear ss::Error.
#pragma once
#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

#include "core/error.h"

namespace ss {

class BinWriter {
 public:
  explicit BinWriter(std::ostream& out) : out_(out) {}
  template <typename T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.write(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  template <typename T>
  void vec(const std::vector<T>& v) {
    pod<uint64_t>(v.size());
    out_.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
  }
  void str(const std::string& s) {
    pod<uint64_t>(s.size());
    out_.write(s.data(), static_cast<std::streamsize>(s.size()));
  }
  void strs(const std::vector<std::string>& v) {
    pod<uint64_t>(v.size());
    for (const auto& s : v) str(s);
  }
  std::ostream& stream() { return out_; }
  void check() {
    if (!out_) throw Error("could not write the model file (disk full or not writable?)", ErrorCode::kIo);
  }

 private:
  std::ostream& out_;
};

class BinReader {
 public:
  explicit BinReader(std::istream& in) : in_(in) {}
  template <typename T>
  T pod() {
    T v{};
    read(&v, sizeof(T));
    return v;
  }
  template <typename T>
  void vec(std::vector<T>& v) {
    const uint64_t n = pod<uint64_t>();
    if (n > (uint64_t{1} << 40) / sizeof(T) || too_long(n * sizeof(T))) corrupt();
    v.resize(n);
    read(v.data(), n * sizeof(T));
  }
  std::istream& stream() { return in_; }
  std::string str() {
    const uint64_t n = pod<uint64_t>();
    if (n > (uint64_t{1} << 32) || too_long(n)) corrupt();
    std::string s(n, '\0');
    read(s.data(), n);
    return s;
  }
  void strs(std::vector<std::string>& v) {
    const uint64_t n = pod<uint64_t>();
    if (n > (uint64_t{1} << 32)) corrupt();
    v.resize(n);
    for (auto& s : v) s = str();
  }

 private:
  // Whether a length of `bytes` runs past the end of a seekable stream: a damaged length
  // must not allocate gigabytes before the read fails. Small lengths (most strings) are not
  // checked, so that reading many of them does not seek for each.
  bool too_long(uint64_t bytes) {
    if (bytes < (uint64_t{1} << 20)) return false;
    const auto here = in_.tellg();
    if (here < 0) return false;  // cannot seek: the read itself fails
    in_.seekg(0, std::ios::end);
    const auto end = in_.tellg();
    in_.seekg(here);
    return end < here || bytes > static_cast<uint64_t>(end - here);
  }
  void read(void* p, size_t n) {
    in_.read(static_cast<char*>(p), static_cast<std::streamsize>(n));
    if (static_cast<size_t>(in_.gcount()) != n) corrupt();
  }
  [[noreturn]] static void corrupt() {
    throw Error("model file is truncated or corrupt; retrain it with `shopsense train`", ErrorCode::kCorrupt);
  }
  std::istream& in_;
};

}  // namespace ss
