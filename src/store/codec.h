// Byte-level encoding used by the log: a little-endian writer/reader, zstd blocks, and
// integer-column transforms (delta + zigzag, byte transposition) that make zstd effective
// on ids and timestamps.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace ss::store {

class ByteWriter {
 public:
  template <typename T>
  void put(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const size_t n = buf_.size();
    buf_.resize(n + sizeof(T));
    std::memcpy(buf_.data() + n, &v, sizeof(T));
  }
  void put_bytes(const void* p, size_t n) { buf_.append(static_cast<const char*>(p), n); }
  void put_string(std::string_view s) {
    put<uint32_t>(static_cast<uint32_t>(s.size()));
    put_bytes(s.data(), s.size());
  }
  std::string& buffer() { return buf_; }

 private:
  std::string buf_;
};

class ByteReader {
 public:
  ByteReader(const char* p, size_t n) : p_(p), end_(p + n) {}
  explicit ByteReader(std::string_view s) : ByteReader(s.data(), s.size()) {}
  template <typename T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, p_, sizeof(T));
    p_ += sizeof(T);
    return v;
  }
  std::string_view get_bytes(size_t n) {
    need(n);
    std::string_view s(p_, n);
    p_ += n;
    return s;
  }
  std::string get_string() { return std::string(get_bytes(get<uint32_t>())); }
  bool done() const { return p_ == end_; }
  size_t left() const { return static_cast<size_t>(end_ - p_); }

 private:
  void need(size_t n) const {
    if (static_cast<size_t>(end_ - p_) < n) throw Error("truncated record in store", ErrorCode::kCorrupt);
  }
  const char* p_;
  const char* end_;
};

std::string zstd_compress(std::string_view raw, int level = 3);
// `raw_size` is the exact decompressed size recorded by the writer.
void zstd_decompress(std::string_view compressed, char* out, size_t raw_size);

// Encodes an integer column as zigzag deltas, byte-transposed: similar neighbouring values
// (sorted users, timestamps) turn into long runs of zero bytes.
template <typename T>
std::string encode_int_column(const std::vector<T>& col, bool delta);
template <typename T>
void decode_int_column(std::string_view bytes, bool delta, T* out, size_t n);

}  // namespace ss::store
