#include "store/store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <filesystem>

#include "core/error.h"
#include "store/batch.h"
#include "store/log_file.h"

namespace ss {
namespace {

namespace fs = std::filesystem;
constexpr const char* kLogName = "log.ssl";
constexpr size_t kCompactChunkRows = 1 << 22;

void sync_dir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

class LogStore final : public Store {
 public:
  LogStore(const std::string& dir, const StoreOptions& opt) : dir_(dir), opt_(opt) {
    std::error_code ec;
    if (!fs::exists(dir)) {
      if (!opt.create_if_missing || opt.read_only)
        throw Error("no data directory at '" + dir + "' (run `shopsense ingest` first)", ErrorCode::kNotFound);
      fs::create_directories(dir, ec);
      if (ec) throw Error("cannot create data directory '" + dir + "': " + ec.message(), ErrorCode::kIo);
    }
    if (!opt.read_only) lock_writer();
    const std::string log = dir + "/" + kLogName;
    if (opt.read_only && !fs::exists(log))
      throw Error("'" + dir + "' holds no ShopSense store (no " + kLogName + ")", ErrorCode::kNotFound);
    open_log();
    if (!opt.read_only) sync_dir(dir);
  }

  ~LogStore() override {
    if (lock_fd_ >= 0) ::close(lock_fd_);
  }

  Dictionaries& dicts() override { return state_.dicts; }
  const Catalogue& catalogue() const override { return state_.catalogue; }
  const std::vector<UserAttributes>& users() const override { return state_.users; }
  uint64_t num_events() const override { return state_.events; }
  const std::string& dir() const override { return dir_; }

  void append(const EventTable& events, const std::vector<CatalogueItem>& items,
              const std::vector<UserAttributes>& users) override {
    store::BatchContents c;
    c.events = &events;
    c.items = &items;
    c.users = &users;
    write(c);
  }

  void remove_items(const std::vector<uint32_t>& items) override {
    store::BatchContents c;
    c.removed_items = items;
    write(c);
  }

  void delete_user(uint32_t user, Context& ctx) override {
    if (user >= state_.dicts.users.size()) throw Error("no user with id " + std::to_string(user), ErrorCode::kNotFound);
    store::BatchContents c;
    c.deleted_users = {user};
    write(c);
    compact(ctx);  // the deletion must be physical, not only a tombstone
  }

  EventTable scan_events(Context& ctx) const override {
    EventTable out;
    const size_t n = state_.events;
    out.user.resize(n);
    out.item.resize(n);
    out.ts_ms.resize(n);
    out.type.resize(n);
    // An optional column exists in the output if any batch has it.
    std::array<bool, store::kNumEventColumns> present{};
    std::vector<size_t> offsets;
    size_t off = 0;
    for (const auto& b : state_.batches) {
      offsets.push_back(off);
      off += b.rows;
      for (int k = 0; k < store::kNumEventColumns; ++k) present[k] |= !b.data[k].empty();
    }
    if (present[4]) out.session.resize(n);
    if (present[5]) out.query.resize(n);
    if (present[6]) out.category.resize(n);
    if (present[7]) out.ref.resize(n);
    if (present[8]) out.context.resize(n);
    if (present[9]) out.quantity.resize(n);
    if (present[10]) out.price.resize(n);
    if (present[11]) out.value.resize(n);
    ctx.pool->parallel_tasks(state_.batches.size(),
                             [&](size_t i) { store::decode_events(state_.batches[i], out, offsets[i]); });
    if (std::find(state_.deleted.begin(), state_.deleted.end(), true) != state_.deleted.end()) {
      std::vector<bool> keep(n);
      for (size_t i = 0; i < n; ++i) keep[i] = !is_deleted(out.user[i]);
      out.filter(keep);
    }
    return out;
  }

  Dataset load(Context& ctx) const override {
    Dataset d;
    d.events = scan_events(ctx);
    d.dicts = state_.dicts;
    d.catalogue = state_.catalogue;
    d.users = state_.users;
    return d;
  }

  void compact(Context& ctx) override {
    require_writer();
    EventTable events = scan_events(ctx);
    events.sort_by_user_time();
    // Record 1: every dictionary entry, the catalogue and user attributes; then events in
    // large sorted chunks, compressed in parallel.
    std::vector<std::string> payloads(1 + (events.size() + kCompactChunkRows - 1) / kCompactChunkRows);
    std::vector<CatalogueItem> items = state_.catalogue.items();
    store::BatchContents head;
    head.items = &items;
    head.users = &state_.users;
    head.all_dictionary_entries = true;
    head.zstd_level = 3;
    payloads[0] = store::encode_batch(state_.dicts, head);
    ctx.pool->parallel_tasks(payloads.size() - 1, [&](size_t i) {
      EventTable chunk;
      const size_t b = i * kCompactChunkRows, e = std::min(events.size(), b + kCompactChunkRows);
      chunk = slice(events, b, e);
      store::BatchContents c;
      c.events = &chunk;
      c.zstd_level = 3;
      Dictionaries none;
      payloads[i + 1] = store::encode_batch(none, c);
    });
    const std::string tmp = dir_ + "/" + kLogName + ".compact";
    store::LogFile::write_new(tmp, payloads);
    log_.reset();
    fs::rename(tmp, dir_ + "/" + kLogName);
    sync_dir(dir_);
    open_log();
  }

  StoreStats stats() const override {
    StoreStats s;
    s.records = log_->payloads().size() + owned_.size();
    s.event_batches = state_.batches.size();
    s.events = state_.events;
    s.bytes_on_disk = log_->size();
    s.dropped_tail_bytes = log_->dropped_tail_bytes();
    return s;
  }

 private:
  static EventTable slice(const EventTable& t, size_t b, size_t e) {
    EventTable out;
    auto copy = [&](auto& dst, const auto& src) {
      if (!src.empty()) dst.assign(src.begin() + b, src.begin() + e);
    };
    copy(out.user, t.user); copy(out.item, t.item); copy(out.ts_ms, t.ts_ms); copy(out.type, t.type);
    copy(out.session, t.session); copy(out.query, t.query); copy(out.category, t.category);
    copy(out.ref, t.ref); copy(out.context, t.context); copy(out.quantity, t.quantity);
    copy(out.price, t.price); copy(out.value, t.value);
    return out;
  }

  bool is_deleted(uint32_t u) const { return u < state_.deleted.size() && state_.deleted[u]; }

  void lock_writer() {
    const std::string path = dir_ + "/LOCK";
    lock_fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) throw Error("cannot open lock file " + path, ErrorCode::kIo);
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0)
      throw Error("data directory '" + dir_ + "' is in use by another writer (a running `shopsense serve` or ingest?)",
                  ErrorCode::kIo);
  }

  void require_writer() const {
    if (opt_.read_only) throw Error("store opened read-only", ErrorCode::kInvalidArgument);
  }

  void open_log() {
    state_ = store::StoreState{};
    owned_.clear();
    log_ = std::make_unique<store::LogFile>(dir_ + "/" + kLogName, opt_.read_only, true);
    for (auto payload : log_->payloads()) store::replay_batch(payload, state_);
    state_.dicts.for_each([](const char*, Dictionary& d) { d.mark_committed(); });
    if (log_->dropped_tail_bytes() > 0)
      std::fprintf(stderr, "warning: %s: dropped %llu bytes at the end of the log that are torn or fail their checksum (an unacknowledged write cut short by a crash)\n",
                   dir_.c_str(), static_cast<unsigned long long>(log_->dropped_tail_bytes()));
  }

  void write(const store::BatchContents& c) {
    require_writer();
    std::string payload;
    try {
      payload = store::encode_batch(state_.dicts, c);
      log_->append(payload, opt_.sync);
    } catch (...) {
      state_.dicts.for_each([](const char*, Dictionary& d) { d.rollback_uncommitted(); });
      throw;
    }
    // Replaying our own payload keeps one code path for "what a record means"; its
    // dictionary entries are already in memory and only become committed.
    state_.dicts.for_each([](const char*, Dictionary& d) { d.mark_committed(); });
    owned_.push_back(std::move(payload));
    store::replay_batch(owned_.back(), state_, /*dictionaries_applied=*/true);
  }

  std::string dir_;
  StoreOptions opt_;
  int lock_fd_ = -1;
  std::unique_ptr<store::LogFile> log_;
  store::StoreState state_;
  std::deque<std::string> owned_;  // payloads appended since open (stable addresses)
};

}  // namespace
}  // namespace ss

namespace ss {

std::unique_ptr<Store> Store::open(const std::string& dir, const StoreOptions& options) {
  return std::make_unique<LogStore>(dir, options);
}

}  // namespace ss
