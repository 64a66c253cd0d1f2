#include "store/codec.h"

#include <zstd.h>

#include <memory>
#include <type_traits>

namespace ss::store {

std::string zstd_compress(std::string_view raw, int level) {
  // An uninitialised buffer: zeroing a bound-sized string (megabytes per column of a
  // 1M-event batch) touched every page only for zstd to overwrite the few it uses.
  const size_t bound = ZSTD_compressBound(raw.size());
  const auto buf = std::make_unique_for_overwrite<char[]>(bound);
  const size_t n = ZSTD_compress(buf.get(), bound, raw.data(), raw.size(), level);
  if (ZSTD_isError(n)) throw Error(std::string("zstd: ") + ZSTD_getErrorName(n), ErrorCode::kInternal);
  return std::string(buf.get(), n);
}

void zstd_decompress(std::string_view compressed, char* out, size_t raw_size) {
  const size_t n = ZSTD_decompress(out, raw_size, compressed.data(), compressed.size());
  if (ZSTD_isError(n) || n != raw_size)
    throw Error("corrupt compressed block in store", ErrorCode::kCorrupt);
}

template <typename T>
std::string encode_int_column(const std::vector<T>& col, bool delta) {
  using U = std::make_unsigned_t<T>;
  constexpr size_t W = sizeof(T);
  const size_t n = col.size();
  std::string out(n * W, '\0');
  U prev = 0;
  for (size_t i = 0; i < n; ++i) {
    U v = static_cast<U>(col[i]);
    if (delta) {
      const U d = v - prev;  // wraps; zigzag makes small negative deltas small
      prev = v;
      v = (d << 1) ^ static_cast<U>(-(d >> (W * 8 - 1)));
    }
    for (size_t b = 0; b < W; ++b) out[b * n + i] = static_cast<char>((v >> (8 * b)) & 0xFF);
  }
  return out;
}

template <typename T>
void decode_int_column(std::string_view bytes, bool delta, T* out, size_t n) {
  using U = std::make_unsigned_t<T>;
  constexpr size_t W = sizeof(T);
  if (bytes.size() != n * W) throw Error("column size mismatch in store", ErrorCode::kCorrupt);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  U prev = 0;
  for (size_t i = 0; i < n; ++i) {
    U v = 0;
    for (size_t b = 0; b < W; ++b) v |= static_cast<U>(p[b * n + i]) << (8 * b);
    if (delta) {
      const U d = (v >> 1) ^ static_cast<U>(-(v & 1));
      prev += d;
      v = prev;
    }
    out[i] = static_cast<T>(v);
  }
}

template std::string encode_int_column<uint32_t>(const std::vector<uint32_t>&, bool);
template std::string encode_int_column<int64_t>(const std::vector<int64_t>&, bool);
template std::string encode_int_column<uint8_t>(const std::vector<uint8_t>&, bool);
template void decode_int_column<uint32_t>(std::string_view, bool, uint32_t*, size_t);
template void decode_int_column<int64_t>(std::string_view, bool, int64_t*, size_t);
template void decode_int_column<uint8_t>(std::string_view, bool, uint8_t*, size_t);

}  // namespace ss::store
