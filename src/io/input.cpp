#include "io/input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "io/text.h"

namespace ss::io {

struct InputStream::Inflater {
  z_stream zs{};
  bool live = false;
  ~Inflater() {
    if (live) inflateEnd(&zs);
  }
};

namespace {
constexpr size_t kRawChunk = 1 << 20;
}

InputStream::InputStream(const std::string& path, Encoding encoding) : path_(path), encoding_(encoding) {
  if (path == "-") {
    fd_ = STDIN_FILENO;
  } else {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw Error("cannot open '" + path + "': " + std::strerror(errno), ErrorCode::kIo);
    own_fd_ = true;
    struct stat st {};
    if (fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) raw_size_ = static_cast<uint64_t>(st.st_size);
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  }
  // Sniff the first bytes (works on pipes too: they stay in raw_ and are handed out first).
  raw_.resize(kRawChunk);
  size_t got = 0;
  while (got < 2) {
    const size_t n = read_raw(raw_.data() + got, raw_.size() - got);
    if (n == 0) break;
    got += n;
  }
  raw_.resize(got);
  gzip_ = got >= 2 && static_cast<unsigned char>(raw_[0]) == 0x1f && static_cast<unsigned char>(raw_[1]) == 0x8b;
  if (gzip_) {
    z_ = std::make_unique<Inflater>();
    if (inflateInit2(&z_->zs, 15 + 32) != Z_OK) throw Error("zlib init failed", ErrorCode::kInternal);
    z_->live = true;
  }
}

InputStream::~InputStream() {
  if (own_fd_) ::close(fd_);
}

size_t InputStream::read_raw(char* dst, size_t cap) {
  if (raw_eof_) return 0;
  for (;;) {
    const ssize_t n = ::read(fd_, dst, cap);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error("read error on '" + path_ + "': " + std::strerror(errno), ErrorCode::kIo);
    if (n == 0) raw_eof_ = true;
    raw_total_ += static_cast<uint64_t>(n);
    return static_cast<size_t>(n);
  }
}

size_t InputStream::read_decoded(char* dst, size_t cap) {
  if (!gzip_) {
    if (raw_pos_ < raw_.size()) {  // the sniffed bytes first
      const size_t n = std::min(cap, raw_.size() - raw_pos_);
      std::memcpy(dst, raw_.data() + raw_pos_, n);
      raw_pos_ += n;
      return n;
    }
    return read_raw(dst, cap);
  }
  z_stream& zs = z_->zs;
  for (;;) {
    if (raw_pos_ == raw_.size() && !raw_eof_) {
      raw_.resize(kRawChunk);
      raw_.resize(read_raw(raw_.data(), raw_.size()));
      raw_pos_ = 0;
    }
    const size_t avail = raw_.size() - raw_pos_;
    if (avail == 0 && raw_eof_) return 0;
    zs.next_in = reinterpret_cast<Bytef*>(raw_.data() + raw_pos_);
    zs.avail_in = static_cast<uInt>(avail);
    zs.next_out = reinterpret_cast<Bytef*>(dst);
    zs.avail_out = static_cast<uInt>(std::min<size_t>(cap, 1u << 30));
    const int rc = inflate(&zs, Z_NO_FLUSH);
    raw_pos_ += avail - zs.avail_in;
    const size_t produced = static_cast<size_t>(reinterpret_cast<char*>(zs.next_out) - dst);
    if (rc == Z_STREAM_END) {
      inflateReset(&zs);  // concatenated gzip members continue
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      throw Error("corrupt compressed data in '" + path_ + "' (" + (zs.msg ? zs.msg : "zlib error") + ")",
                  ErrorCode::kCorrupt);
    } else if (rc == Z_BUF_ERROR && produced == 0 && raw_eof_ && raw_pos_ == raw_.size()) {
      throw Error("truncated compressed file '" + path_ + "'", ErrorCode::kCorrupt);
    }
    if (produced > 0) return produced;
  }
}

size_t InputStream::read(char* dst, size_t cap) {
  if (encoding_ == Encoding::kUtf8) return read_decoded(dst, cap);
  // Latin-1: every byte >= 0x80 becomes two; decode half a buffer's worth, hand it out.
  if (pending_pos_ == pending_.size()) {
    pending_.clear();
    pending_pos_ = 0;
    std::string tmp(std::max<size_t>(cap / 2, 1), '\0');
    const size_t n = read_decoded(tmp.data(), tmp.size());
    if (n == 0) return 0;
    latin1_to_utf8(tmp.data(), n, pending_);
  }
  const size_t n = std::min(cap, pending_.size() - pending_pos_);
  std::memcpy(dst, pending_.data() + pending_pos_, n);
  pending_pos_ += n;
  return n;
}

}  // namespace ss::io
