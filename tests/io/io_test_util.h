// Helpers for the io tests: temp files, and an ingest that collects batches in memory.
#pragma once
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "io/ingest.h"

namespace ss::io::test {

struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name)
      : path(std::filesystem::temp_directory_path() / ("ss_io_" + name + "_" + std::to_string(getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = (path / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  std::string write_gz(const std::string& name, const std::string& text) const {
    const auto p = (path / name).string();
    gzFile f = gzopen(p.c_str(), "wb");
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
    return p;
  }
};

struct Collected {
  Dictionaries dicts;
  EventTable events;
  std::vector<CatalogueItem> items;
  IngestReport report, catalogue_report;
  bool accepted = false, completed = true;
  size_t batches = 0;
};

inline void ingest_into(Collected& c, const std::vector<std::string>& files, const IngestOptions& o,
                        const std::vector<std::string>& catalogues = {}) {
  Ingester ing(o, c.dicts, nullptr, [&](const EventTable& e, const std::vector<CatalogueItem>& items) {
    c.events.append(e);
    c.items.insert(c.items.end(), items.begin(), items.end());
    ++c.batches;
  });
  for (const auto& f : catalogues) c.completed &= ing.add_catalogue(f);
  for (const auto& f : files) c.completed &= ing.add_events(f);
  ing.finish();
  c.report = ing.report();
  c.catalogue_report = ing.catalogue_report();
  c.accepted = ing.accepted();
}

inline IngestOptions preset(Preset p) {
  IngestOptions o;
  apply_preset(o, p);
  return o;
}

inline uint64_t rejected(const IngestReport& r, Reject why) { return r.rejected[static_cast<size_t>(why)]; }

}  // namespace ss::io::test
