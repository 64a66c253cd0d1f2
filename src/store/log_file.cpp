#include "store/log_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace ss::store {
namespace {

constexpr uint32_t kMagic = 0x31525353;  // "SSR1"
constexpr size_t kHeaderSize = 32;

struct Header {
  uint32_t magic;
  uint32_t reserved;
  uint64_t payload_size;
  uint64_t payload_hash;
  uint64_t header_hash;  // of the 24 bytes before it
};
static_assert(sizeof(Header) == kHeaderSize);

Header make_header(std::string_view payload) {
  Header h{kMagic, 0, payload.size(), XXH3_64bits(payload.data(), payload.size()), 0};
  h.header_hash = XXH3_64bits(&h, 24);
  return h;
}

[[noreturn]] void io_error(const std::string& what, const std::string& path) {
  throw Error(what + " " + path + ": " + std::strerror(errno), ErrorCode::kIo);
}

void write_all(int fd, const char* p, size_t n, uint64_t offset, const std::string& path) {
  while (n > 0) {
    const ssize_t w = ::pwrite(fd, p, n, static_cast<off_t>(offset));
    if (w < 0) {
      if (errno == EINTR) continue;
      io_error("cannot write", path);
    }
    p += w;
    n -= static_cast<size_t>(w);
    offset += static_cast<uint64_t>(w);
  }
}

}  // namespace

LogFile::LogFile(const std::string& path, bool read_only, bool create) : path_(path) {
  int flags = read_only ? O_RDONLY : O_RDWR;
  if (create && !read_only) flags |= O_CREAT;
  fd_ = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
  if (fd_ < 0) io_error("cannot open", path);
  struct stat st {};
  if (::fstat(fd_, &st) != 0) io_error("cannot stat", path);
  map_size_ = static_cast<uint64_t>(st.st_size);
  if (map_size_ > 0) {
    map_ = ::mmap(nullptr, map_size_, PROT_READ, MAP_SHARED, fd_, 0);
    if (map_ == MAP_FAILED) io_error("cannot map", path);
  }
  const char* base = static_cast<const char*>(map_);
  uint64_t pos = 0;
  while (pos + kHeaderSize <= map_size_) {
    Header h;
    std::memcpy(&h, base + pos, kHeaderSize);
    if (h.magic != kMagic || h.header_hash != XXH3_64bits(&h, 24)) break;
    if (h.payload_size > map_size_ - pos - kHeaderSize) break;
    const char* payload = base + pos + kHeaderSize;
    if (XXH3_64bits(payload, h.payload_size) != h.payload_hash) break;
    payloads_.emplace_back(payload, h.payload_size);
    pos += kHeaderSize + h.payload_size;
  }
  end_ = pos;
  dropped_ = map_size_ - pos;
  // Only a writer may cut the torn tail; the records before it stay mapped and valid.
  if (dropped_ > 0 && !read_only) {
    if (::ftruncate(fd_, static_cast<off_t>(end_)) != 0) io_error("cannot truncate torn tail of", path);
    ::fdatasync(fd_);
  }
}

LogFile::~LogFile() {
  if (map_ && map_ != MAP_FAILED) ::munmap(map_, map_size_);
  if (fd_ >= 0) ::close(fd_);
}

void LogFile::append(std::string_view payload, bool sync) {
  const Header h = make_header(payload);
  std::string record(kHeaderSize + payload.size(), '\0');
  std::memcpy(record.data(), &h, kHeaderSize);
  std::memcpy(record.data() + kHeaderSize, payload.data(), payload.size());
  try {
    write_all(fd_, record.data(), record.size(), end_, path_);
    if (sync && ::fdatasync(fd_) != 0) io_error("cannot sync", path_);
  } catch (...) {
    // Leave the file exactly as acknowledged before this call.
    if (::ftruncate(fd_, static_cast<off_t>(end_)) == 0) ::fdatasync(fd_);
    throw;
  }
  end_ += record.size();
}

void LogFile::write_new(const std::string& path, const std::vector<std::string>& payloads) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) io_error("cannot create", path);
  uint64_t offset = 0;
  try {
    for (const auto& p : payloads) {
      const Header h = make_header(p);
      write_all(fd, reinterpret_cast<const char*>(&h), kHeaderSize, offset, path);
      write_all(fd, p.data(), p.size(), offset + kHeaderSize, path);
      offset += kHeaderSize + p.size();
    }
    if (::fsync(fd) != 0) io_error("cannot sync", path);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

}  // namespace ss::store
