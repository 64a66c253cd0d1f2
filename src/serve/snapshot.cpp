#include "serve/snapshot.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/timeutil.h"

namespace ss::serve {
namespace fs = std::filesystem;
namespace {

// Writes the whole file and fsyncs it: a version must be on disk before CURRENT names it.
void write_durably(const fs::path& path, const std::string& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw Error("cannot create " + path.string(), ErrorCode::kIo);
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      throw Error("cannot write " + path.string(), ErrorCode::kIo);
    }
    done += static_cast<size_t>(n);
  }
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw Error("cannot fsync " + path.string(), ErrorCode::kIo);
}

void sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) ::fsync(fd), ::close(fd);
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path.string(), ErrorCode::kIo);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Names as u32 count, then u32 length + bytes each (ids may hold any byte).
std::string encode_names(const Dictionary& d) {
  std::string out;
  auto put = [&](uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); };
  put(static_cast<uint32_t>(d.size()));
  for (uint32_t i = 0; i < d.size(); ++i) {
    const std::string_view n = d.name(i);
    put(static_cast<uint32_t>(n.size()));
    out.append(n);
  }
  return out;
}

std::vector<std::string> decode_names(const std::string& b, const std::string& what) {
  size_t pos = 0;
  auto get = [&]() {
    if (pos + 4 > b.size()) throw Error("snapshot file " + what + " is truncated", ErrorCode::kCorrupt);
    uint32_t v;
    std::memcpy(&v, b.data() + pos, 4);
    pos += 4;
    return v;
  };
  const uint32_t n = get();
  std::vector<std::string> out;
  out.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t len = get();
    if (pos + len > b.size()) throw Error("snapshot file " + what + " is truncated", ErrorCode::kCorrupt);
    out.emplace_back(b.data() + pos, len);
    pos += len;
  }
  return out;
}

std::string version_name(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "v%06llu", static_cast<unsigned long long>(v));
  return buf;
}

// Highest version present as a directory (complete ones only: temp dirs start with '.').
uint64_t newest_version(const fs::path& dir) {
  uint64_t best = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (e.is_directory() && n.size() > 1 && n[0] == 'v' && n.find_first_not_of("0123456789", 1) == std::string::npos)
      best = std::max<uint64_t>(best, std::stoull(n.substr(1)));
  }
  return best;
}

}  // namespace

SnapshotInfo publish_snapshot(const std::string& dir_s, const std::vector<SnapshotModel>& models, const Dictionaries& dicts,
                              const std::string& default_model, const Json& extra, size_t keep) {
  if (models.empty()) throw Error("nothing to publish: no models", ErrorCode::kInvalidArgument);
  const fs::path dir(dir_s);
  fs::create_directories(dir);
  // Versions only grow, also past the one CURRENT names, so a replica never mistakes a new
  // version for one it already has.
  uint64_t version = newest_version(dir) + 1;
  if (auto cur = read_current(dir_s)) version = std::max(version, cur->version + 1);
  const std::string name = version_name(version);
  const fs::path tmp = dir / ("." + name + ".tmp-" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  fs::create_directories(tmp);

  SnapshotInfo info;
  info.version = version;
  info.path = name;
  info.published_at_ms = now_ms();
  Json list = Json::array();
  for (const auto& m : models) {
    std::ostringstream body;
    m.model->save(body);
    if (!body) throw Error("cannot serialise model " + m.name, ErrorCode::kIo);
    write_durably(tmp / (m.name + ".model"), body.str());
    list.push_back({{"name", m.name}, {"spec", m.spec}, {"file", m.name + ".model"}, {"trained_at_ms", m.trained_at_ms},
                    {"train_seconds", m.train_seconds}, {"eval", m.eval}});
  }
  write_durably(tmp / "items.names", encode_names(dicts.items));
  write_durably(tmp / "users.names", encode_names(dicts.users));
  Json manifest = extra.is_object() ? extra : Json::object();
  manifest["format"] = "shopsense-snapshot 1";
  manifest["version"] = version;
  manifest["published_at_ms"] = info.published_at_ms;
  manifest["items"] = dicts.items.size();
  manifest["users"] = dicts.users.size();
  manifest["models"] = list;
  manifest["default"] = default_model;
  write_durably(tmp / "manifest.json", manifest.dump(2));
  sync_dir(tmp);
  fs::rename(tmp, dir / name);
  sync_dir(dir);
  info.manifest = manifest;

  const Json current = {{"version", version}, {"path", name}, {"published_at_ms", info.published_at_ms}};
  const fs::path cur_tmp = dir / (".CURRENT.tmp-" + std::to_string(::getpid()));
  write_durably(cur_tmp, current.dump() + "\n");
  fs::rename(cur_tmp, dir / "CURRENT");
  sync_dir(dir);

  // Old versions go last, and never the one just published.
  std::vector<uint64_t> versions;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (e.is_directory() && n.size() > 1 && n[0] == 'v' && n.find_first_not_of("0123456789", 1) == std::string::npos)
      versions.push_back(std::stoull(n.substr(1)));
  }
  std::sort(versions.rbegin(), versions.rend());
  for (size_t i = std::max<size_t>(keep, 1); i < versions.size(); ++i) {
    std::error_code ec;
    fs::remove_all(dir / version_name(versions[i]), ec);
  }
  return info;
}

std::optional<SnapshotInfo> read_current(const std::string& dir) {
  const fs::path cur = fs::path(dir) / "CURRENT";
  std::error_code ec;
  if (!fs::exists(cur, ec)) return std::nullopt;
  Json j;
  try {
    j = Json::parse(read_all(cur));
  } catch (const Json::exception& e) {
    throw Error("snapshot pointer " + cur.string() + " is not valid JSON: " + e.what(), ErrorCode::kCorrupt);
  }
  SnapshotInfo info;
  info.version = j.at("version").get<uint64_t>();
  info.path = j.at("path").get<std::string>();
  info.published_at_ms = j.value("published_at_ms", int64_t{0});
  if (info.path.empty() || info.path.find('/') != std::string::npos || info.path[0] == '.')
    throw Error("snapshot pointer " + cur.string() + " names a bad path '" + info.path + "'", ErrorCode::kCorrupt);
  return info;
}

LoadedSnapshot load_snapshot(const std::string& dir, const SnapshotInfo& info, const ModelFactory& factory) {
  if (!factory) throw Error("this build has no model registry; cannot load snapshots", ErrorCode::kUnsupported);
  const fs::path vdir = fs::path(dir) / info.path;
  LoadedSnapshot out;
  out.info = info;
  out.info.manifest = Json::parse(read_all(vdir / "manifest.json"));
  const Json& man = out.info.manifest;
  if (man.value("format", std::string()) != "shopsense-snapshot 1")
    throw Error(vdir.string() + " is not a ShopSense snapshot (format " + man.value("format", std::string("?")) + ")",
                ErrorCode::kCorrupt);
  out.items = decode_names(read_all(vdir / "items.names"), "items.names");
  out.users = decode_names(read_all(vdir / "users.names"), "users.names");
  out.default_model = man.value("default", std::string());
  for (const Json& m : man.at("models")) {
    SnapshotModel sm;
    sm.name = m.at("name").get<std::string>();
    sm.spec = m.at("spec").get<std::string>();
    sm.trained_at_ms = m.value("trained_at_ms", int64_t{0});
    sm.train_seconds = m.value("train_seconds", 0.0);
    sm.eval = m.value("eval", Json());
    const std::string file = m.at("file").get<std::string>();
    if (file.find('/') != std::string::npos) throw Error("snapshot model file '" + file + "' has a path", ErrorCode::kCorrupt);
    std::ifstream in(vdir / file, std::ios::binary);
    if (!in) throw Error("cannot read " + (vdir / file).string(), ErrorCode::kIo);
    auto model = factory(sm.spec);
    model->load(in);
    sm.model = std::move(model);
    out.models.push_back(std::move(sm));
  }
  return out;
}

}  // namespace ss::serve
