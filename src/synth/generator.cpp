#include "synth/generator.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/rng.h"
#include "core/timeutil.h"
#include "synth/shop_model.h"

namespace ss {

void generate_shop_streaming(const GeneratorConfig& config, SyntheticShop& shop,
                             const std::function<void(const EventTable&)>& sink) {
  synth::ShopModel model(config, shop);
  EventTable batch;
  for (uint32_t u = 0; u < config.users; ++u) {
    batch.clear();
    model.simulate_user(u, batch);
    if (!batch.empty()) sink(batch);
  }
}

SyntheticShop generate_shop(const GeneratorConfig& config) {
  SyntheticShop shop;
  EventTable& all = shop.data.events;
  generate_shop_streaming(config, shop, [&](const EventTable& t) { all.append(t); });
  all.sort_by_time();
  return shop;
}

namespace {

// A buffered writer that formats numbers without iostreams: files reach 100M rows.
class CsvOut {
 public:
  explicit CsvOut(const std::string& path) : f_(std::fopen(path.c_str(), "wb")) {
    if (!f_) throw Error("cannot write " + path, ErrorCode::kIo);
    buf_.reserve(kCap + 4096);
  }
  ~CsvOut() { close(); }
  void close() {
    if (!f_) return;
    flush();
    std::fclose(f_);
    f_ = nullptr;
  }
  CsvOut& str(std::string_view s) {
    buf_.append(s);
    return *this;
  }
  CsvOut& ch(char c) {
    buf_.push_back(c);
    return *this;
  }
  CsvOut& num(int64_t v) {
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, r.ptr);
    return *this;
  }
  CsvOut& real(float v) {
    char tmp[32];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, r.ptr);
    return *this;
  }
  // Quotes a field when it holds a delimiter, quote or newline (RFC 4180).
  CsvOut& quoted(std::string_view s) {
    if (s.find_first_of(",\"\n") == std::string_view::npos) return str(s);
    buf_.push_back('"');
    for (char c : s) {
      if (c == '"') buf_.push_back('"');
      buf_.push_back(c);
    }
    buf_.push_back('"');
    return *this;
  }
  void end_row() {
    buf_.push_back('\n');
    if (buf_.size() >= kCap) flush();
  }

 private:
  static constexpr size_t kCap = 1 << 20;
  void flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size())
      throw Error("write failed (disk full?)", ErrorCode::kIo);
    buf_.clear();
  }
  std::FILE* f_;
  std::string buf_;
};

void write_catalogue(const SyntheticShop& shop, const std::string& path) {
  CsvOut out(path);
  out.str("item_id,title,description,category_path,brand,price,created_at,in_stock").end_row();
  for (const auto& it : shop.data.catalogue.items()) {
    out.str(shop.data.dicts.items.name(it.item)).ch(',').quoted(it.title).ch(',').quoted(it.description).ch(',');
    out.quoted(it.category_path).ch(',').quoted(shop.data.dicts.brands.name(it.brand)).ch(',').real(it.price).ch(',');
    out.str(format_datetime_ms(it.created_ms)).ch(',').str(it.in_stock ? "true" : "false").end_row();
  }
}

void write_truth(const SyntheticShop& shop, const std::string& path) {
  nlohmann::json users = nlohmann::json::array();
  const auto& d = shop.data.dicts;
  for (size_t u = 0; u < shop.truth.users.size(); ++u) {
    const auto& t = shop.truth.users[u];
    nlohmann::json cats = nlohmann::json::array();
    for (uint32_t c : t.categories) cats.push_back(d.categories.name(c));
    users.push_back({{"user", d.users.name(static_cast<uint32_t>(u))},
                     {"categories", cats},
                     {"brand", d.brands.name(t.brand)},
                     {"price_band", t.price_band},
                     {"churner", t.churner},
                     {"churn_at", format_datetime_ms(t.churn_ms)},
                     {"bot", t.bot}});
  }
  nlohmann::json complements = nlohmann::json::object();
  for (size_t i = 0; i < shop.truth.complement.size(); ++i)
    complements[std::string(d.items.name(static_cast<uint32_t>(i)))] = d.items.name(shop.truth.complement[i]);
  nlohmann::json j = {{"users", users}, {"complements", complements}, {"duplicates", shop.truth.duplicates}};
  std::ofstream(path) << j.dump(1) << "\n";
}

}  // namespace

uint64_t write_shop_files(const GeneratorConfig& config, const std::string& dir, uint64_t dirty_rows) {
  std::filesystem::create_directories(dir);
  SyntheticShop shop;
  CsvOut events(dir + "/events.csv");
  events.str("user_id,item_id,behavior,timestamp,session_id,query,quantity,price").end_row();
  Rng dirt(config.seed ^ 0xD1A7ull);
  uint64_t rows = 0, dirty_left = dirty_rows;
  const double dirty_p = static_cast<double>(dirty_rows) / std::max<double>(1, config.users * 30.0);
  auto dirty_row = [&] {
    switch (dirt.below(4)) {
      case 0: events.str("u1,i1,view"); break;                                         // too few columns
      case 1: events.str("u1,i1,view,not-a-time,s1,,,"); break;                        // bad timestamp
      case 2: events.str("u1,i1,teleport,2024-01-02T00:00:00.000Z,s1,,,"); break;     // unknown behaviour
      default: events.str("u1,i1,purchase,2024-01-02T00:00:00.000Z,s1,,two,9.99"); break;  // bad number
    }
    events.end_row();
    ++rows;
    --dirty_left;
  };
  generate_shop_streaming(config, shop, [&](const EventTable& t) {
    const auto& d = shop.data.dicts;
    for (size_t i = 0; i < t.size(); ++i) {
      if (dirty_left > 0 && dirt.bernoulli(dirty_p)) dirty_row();
      events.str(d.users.name(t.user[i])).ch(',');
      if (t.item[i] != kNone) events.str(d.items.name(t.item[i]));
      events.ch(',').str(behavior_name(t.type[i])).ch(',').str(format_datetime_ms(t.ts_ms[i])).ch(',');
      events.ch('s').num(t.session[i]).ch(',');
      if (t.has_query() && t.query[i] != kNone) events.quoted(d.queries.name(t.query[i]));
      events.ch(',');
      if (t.has_quantity() && !std::isnan(t.quantity[i])) events.real(t.quantity[i]);
      events.ch(',');
      if (t.has_price() && !std::isnan(t.price[i])) events.real(t.price[i]);
      events.end_row();
      ++rows;
    }
  });
  while (dirty_left > 0) dirty_row();
  events.close();
  write_catalogue(shop, dir + "/catalogue.csv");
  write_truth(shop, dir + "/truth.json");
  return rows;
}

uint64_t write_taobao_file(const GeneratorConfig& config, const std::string& path, uint64_t target) {
  GeneratorConfig cfg = config;
  cfg.users = 0;  // users are added until the file holds `target` events
  cfg.bot_fraction = 0;
  cfg.duplicate_fraction = 0;
  SyntheticShop shop;
  synth::ShopModel model(cfg, shop);
  CsvOut out(path);
  EventTable batch;
  uint64_t rows = 0;
  static constexpr const char* kTaobaoType[] = {"pv", nullptr, nullptr, "cart", nullptr, "fav", "buy", nullptr, nullptr};
  for (uint32_t u = 0; rows < target; ++u) {
    model.add_user(u);
    batch.clear();
    model.simulate_user(u, batch);
    for (size_t i = 0; i < batch.size() && rows < target; ++i) {
      const char* type = kTaobaoType[static_cast<int>(batch.type[i])];
      if (!type || batch.item[i] == kNone) continue;
      // Taobao ids are plain integers; offset them so they look like the real file's.
      out.num(100000 + u).ch(',').num(1000000 + batch.item[i]).ch(',');
      out.num(2000 + shop.truth.item_category[batch.item[i]]).ch(',').str(type).ch(',');
      out.num(batch.ts_ms[i] / 1000).end_row();
      ++rows;
    }
  }
  return rows;
}

}  // namespace ss
