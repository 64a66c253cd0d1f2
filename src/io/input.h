// Bytes in from a file or standard input ("-"), gzip/zlib-compressed or plain (detected
// from the magic bytes, so a .gz suffix is not needed), optionally converted from latin-1
// to UTF-8 on the way.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

namespace ss::io {

enum class Encoding { kUtf8, kLatin1 };

class InputStream {
 public:
  // Throws ss::Error (kIo) when the file cannot be opened.
  InputStream(const std::string& path, Encoding encoding = Encoding::kUtf8);
  ~InputStream();
  InputStream(const InputStream&) = delete;
  InputStream& operator=(const InputStream&) = delete;

  // Reads up to `cap` bytes into `dst`; returns the count, 0 at the end. Throws ss::Error
  // on a read error or corrupt compressed data.
  size_t read(char* dst, size_t cap);
  bool compressed() const { return gzip_; }
  // Bytes consumed from the underlying file so far (compressed bytes for gzip), for progress.
  uint64_t raw_bytes_read() const { return raw_total_; }
  // The file's size when it is a regular file, else 0.
  uint64_t raw_size() const { return raw_size_; }
  const std::string& path() const { return path_; }

 private:
  size_t read_raw(char* dst, size_t cap);
  size_t read_decoded(char* dst, size_t cap);
  std::string path_;
  int fd_ = -1;
  bool own_fd_ = false, gzip_ = false, raw_eof_ = false;
  Encoding encoding_;
  uint64_t raw_total_ = 0, raw_size_ = 0;
  std::string raw_;  // compressed input not yet inflated (or the sniffed first bytes)
  size_t raw_pos_ = 0;
  std::string pending_;  // latin-1 conversion output not yet handed out
  size_t pending_pos_ = 0;
  struct Inflater;
  std::unique_ptr<Inflater> z_;
};

}  // namespace ss::io
