// The append-only record log under a store: each record is a 32-byte header (magic,
// payload size, payload checksum, header checksum) and a payload. A record is
// acknowledged only after fdatasync; at open, the first record that is incomplete or fails
// its checksum ends the log (a torn tail from a crash), and a writer truncates it away.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ss::store {

class LogFile {
 public:
  LogFile(const std::string& path, bool read_only, bool create);
  ~LogFile();
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;

  // The valid records found at open, as views into the memory-mapped file.
  const std::vector<std::string_view>& payloads() const { return payloads_; }
  uint64_t dropped_tail_bytes() const { return dropped_; }
  uint64_t size() const { return end_; }

  // Writes one record and (if `sync`) waits until it is on disk. On failure the file is
  // truncated back and ss::Error is thrown: nothing acknowledged is ever touched.
  void append(std::string_view payload, bool sync);

  // Writes a whole new log to `path` (records, fsynced) for compaction.
  static void write_new(const std::string& path, const std::vector<std::string>& payloads);

 private:
  std::string path_;
  int fd_ = -1;
  void* map_ = nullptr;
  uint64_t map_size_ = 0;
  uint64_t end_ = 0;
  uint64_t dropped_ = 0;
  std::vector<std::string_view> payloads_;
};

}  // namespace ss::store
