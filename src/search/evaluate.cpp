#include "search/evaluate.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <fstream>
#include <unordered_set>

#include "core/error.h"

namespace ss::search {

EvalResult evaluate_ranking(const std::vector<JudgedQuery>& queries, const RankFn& rank) {
  EvalResult r;
  const auto t0 = std::chrono::steady_clock::now();
  for (const JudgedQuery& q : queries) {
    size_t positive = 0;
    std::unordered_map<uint32_t, float> gain;
    for (const Judged& j : q.items) {
      gain[j.item] = j.gain;
      positive += j.gain > 0;
    }
    if (positive == 0) continue;
    const std::vector<uint32_t> ranked = rank(q.query);
    std::vector<float> ideal;
    for (const Judged& j : q.items) ideal.push_back(j.gain);
    std::sort(ideal.rbegin(), ideal.rend());
    double dcg = 0, idcg = 0;
    for (size_t i = 0; i < std::min<size_t>(10, ideal.size()); ++i) idcg += ideal[i] / std::log2(i + 2.0);
    double rr = 0;
    size_t found = 0;
    for (size_t i = 0; i < std::min<size_t>(100, ranked.size()); ++i) {
      auto it = gain.find(ranked[i]);
      const float g = it == gain.end() ? 0.f : it->second;
      if (i < 10) dcg += g / std::log2(i + 2.0);
      if (g > 0) {
        if (rr == 0) rr = 1.0 / static_cast<double>(i + 1);
        ++found;
      }
    }
    r.ndcg10 += dcg / idcg;
    r.mrr += rr;
    r.recall100 += static_cast<double>(found) / static_cast<double>(positive);
    ++r.queries;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (r.queries) {
    r.ndcg10 /= static_cast<double>(r.queries);
    r.mrr /= static_cast<double>(r.queries);
    r.recall100 /= static_cast<double>(r.queries);
    r.ms_per_query = 1000 * secs / static_cast<double>(r.queries);
  }
  return r;
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') out.back().push_back('"'), ++i;
      else if (c == '"') quoted = false;
      else out.back().push_back(c);
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back().push_back(c);
    }
  }
  return out;
}

namespace {

// Reads CSV records, joining lines while a quoted field is open.
template <typename F>
void for_each_record(const std::string& path, F&& f) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read " + path);
  std::string line, record;
  bool header = true;
  while (std::getline(in, line)) {
    record += line;
    if (std::count(record.begin(), record.end(), '"') % 2 == 1) {
      record.push_back('\n');
      continue;
    }
    if (!header) f(split_csv_line(record));
    header = false;
    record.clear();
  }
}

}  // namespace

ProductTitles read_product_titles(const std::string& path) {
  ProductTitles p;
  for_each_record(path, [&](const std::vector<std::string>& row) {
    if (row.size() < 2) return;
    p.uid.push_back(static_cast<uint32_t>(std::stoul(row[0])));
    p.title.push_back(row[1]);
  });
  return p;
}

std::vector<JudgedQuery> read_judgments(const std::string& path, const ProductTitles& products) {
  std::unordered_map<uint32_t, uint32_t> row_of;
  for (uint32_t i = 0; i < products.uid.size(); ++i) row_of[products.uid[i]] = i;
  std::unordered_map<std::string, size_t> slot;
  std::vector<JudgedQuery> out;
  for_each_record(path, [&](const std::vector<std::string>& row) {
    if (row.size() < 3) return;
    auto it = row_of.find(static_cast<uint32_t>(std::stoul(row[1])));
    if (it == row_of.end()) return;
    auto [s, fresh] = slot.try_emplace(row[0], out.size());
    if (fresh) out.push_back({row[0], {}});
    out[s->second].items.push_back({it->second, std::stof(row[2]) - 1.f});
  });
  return out;
}

struct Fts5Ranker::Impl {
  sqlite3* db = nullptr;
  sqlite3_stmt* query = nullptr;
};

Fts5Ranker::Fts5Ranker(const std::vector<std::string>& titles) : impl_(std::make_unique<Impl>()) {
  if (sqlite3_open(":memory:", &impl_->db) != SQLITE_OK) throw Error("sqlite: cannot open an in-memory database");
  auto exec = [&](const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(impl_->db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "?";
      sqlite3_free(err);
      throw Error(std::string("sqlite: ") + msg);
    }
  };
  exec("CREATE VIRTUAL TABLE t USING fts5(title, tokenize='porter unicode61')");
  exec("BEGIN");
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(impl_->db, "INSERT INTO t(rowid, title) VALUES (?, ?)", -1, &ins, nullptr);
  for (size_t i = 0; i < titles.size(); ++i) {
    sqlite3_bind_int64(ins, 1, static_cast<sqlite3_int64>(i));
    sqlite3_bind_text(ins, 2, titles[i].data(), static_cast<int>(titles[i].size()), SQLITE_STATIC);
    sqlite3_step(ins);
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  exec("COMMIT");
  sqlite3_prepare_v2(impl_->db, "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?", -1, &impl_->query, nullptr);
}

Fts5Ranker::~Fts5Ranker() {
  if (impl_->query) sqlite3_finalize(impl_->query);
  if (impl_->db) sqlite3_close(impl_->db);
}

std::vector<uint32_t> Fts5Ranker::rank(const std::string& query, size_t k) {
  std::string match, word;
  auto flush = [&] {
    if (word.empty()) return;
    match += (match.empty() ? "\"" : " OR \"") + word + "\"";
    word.clear();
  };
  for (unsigned char c : query) {
    if (std::isalnum(c) || c >= 0x80) word.push_back(static_cast<char>(c));
    else flush();
  }
  flush();
  std::vector<uint32_t> out;
  if (match.empty()) return out;
  sqlite3_bind_text(impl_->query, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int64(impl_->query, 2, static_cast<sqlite3_int64>(k));
  while (sqlite3_step(impl_->query) == SQLITE_ROW) out.push_back(static_cast<uint32_t>(sqlite3_column_int64(impl_->query, 0)));
  sqlite3_reset(impl_->query);
  return out;
}

}  // namespace ss::search
