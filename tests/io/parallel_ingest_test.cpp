// The parallel Taobao path (taobao_lines.h) must give exactly what the serial loop gives:
// the same dictionary ids, events, catalogue entries, batch boundaries, and the same
// rejected rows with the same line numbers.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/thread_pool.h"
#include "io/taobao_lines.h"
#include "io_test_util.h"

using namespace ss;
using namespace ss::io;
using namespace ss::io::test;

namespace {

struct IngestRun {
  Collected c;
  std::vector<size_t> batch_sizes;
  uint64_t parallel_rows = 0;
};

IngestRun ingest(const std::string& file, const IngestOptions& o, ThreadPool* pool) {
  IngestRun r;
  Ingester ing(o, r.c.dicts, nullptr,
               [&](const EventTable& e, const std::vector<CatalogueItem>& items) {
                 r.c.events.append(e);
                 r.c.items.insert(r.c.items.end(), items.begin(), items.end());
                 r.batch_sizes.push_back(e.size());
               },
               true, pool);
  r.c.completed = ing.add_events(file);
  ing.finish();
  r.c.report = ing.report();
  r.c.accepted = ing.accepted();
  r.parallel_rows = ing.parallel_rows();
  return r;
}

void expect_same_dict(const Dictionary& a, const Dictionary& b, const char* what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (uint32_t i = 0; i < a.size(); ++i) ASSERT_EQ(a.name(i), b.name(i)) << what << " id " << i;
}

void expect_identical(const IngestRun& s, const IngestRun& p) {
  expect_same_dict(s.c.dicts.users, p.c.dicts.users, "users");
  expect_same_dict(s.c.dicts.items, p.c.dicts.items, "items");
  expect_same_dict(s.c.dicts.categories, p.c.dicts.categories, "categories");
  const EventTable &a = s.c.events, &b = p.c.events;
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.user, b.user);
  EXPECT_EQ(a.item, b.item);
  EXPECT_EQ(a.ts_ms, b.ts_ms);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.category, b.category);
  ASSERT_EQ(s.c.items.size(), p.c.items.size());
  for (size_t i = 0; i < s.c.items.size(); ++i) {
    EXPECT_EQ(s.c.items[i].item, p.c.items[i].item);
    EXPECT_EQ(s.c.items[i].category, p.c.items[i].category);
    EXPECT_EQ(s.c.items[i].category_path, p.c.items[i].category_path);
  }
  EXPECT_EQ(s.batch_sizes, p.batch_sizes);
  const IngestReport &x = s.c.report, &y = p.c.report;
  EXPECT_EQ(x.rows_read, y.rows_read);
  EXPECT_EQ(x.rows_accepted, y.rows_accepted);
  EXPECT_EQ(x.events, y.events);
  EXPECT_EQ(x.catalogue_items, y.catalogue_items);
  EXPECT_EQ(x.blank_lines, y.blank_lines);
  EXPECT_EQ(x.bytes, y.bytes);
  EXPECT_EQ(x.rejected, y.rejected);
  EXPECT_EQ(x.stopped_early, y.stopped_early);
  for (size_t k = 0; k < kNumRejects; ++k) {
    ASSERT_EQ(x.examples[k].size(), y.examples[k].size()) << kRejectNames[k];
    for (size_t i = 0; i < x.examples[k].size(); ++i) {
      EXPECT_EQ(x.examples[k][i].line, y.examples[k][i].line) << kRejectNames[k];
      EXPECT_EQ(x.examples[k][i].detail, y.examples[k][i].detail) << kRejectNames[k];
      EXPECT_EQ(x.examples[k][i].text, y.examples[k][i].text) << kRejectNames[k];
    }
  }
  EXPECT_EQ(s.c.completed, p.c.completed);
}

// `rows` Taobao lines with new ids throughout, and every kind of line the fast parser
// leaves to the serial code planted at known line numbers (returned in `planted`).
std::string taobao_file(size_t rows, std::vector<std::pair<uint64_t, std::string>>& planted) {
  std::mt19937_64 rng(11);
  const char* kinds[] = {"pv", "pv", "pv", "cart", "fav", "buy"};
  const std::vector<std::string> odd = {
      "1,2,3,pv\n",                               // wrong column count
      "1,2,3,teleport,1511544070\n",              // unknown behaviour
      "1,2,3,pv,soon\n",                          // bad timestamp
      "1,2,3,pv,15\n",                            // before 1995
      "1,2,\xff\xfe,pv,1511544070\n",             // invalid UTF-8
      "\n",                                       // blank
      "007,2,3,pv,1511544070\n",                  // not canonical: its own user "007"
      "u12,i5,c1,buy,1511544070\n",               // text ids
      " 42,99999,3,pv,1511544070\n",              // spaces: trimmed by the serial code
      "5,6,,pv,1511544070\n",                     // no category
      "5,6,7,pv,01511544070\n",                   // leading zero in the time
      "5,6,7,pv,1511544070123\n",                 // 13 digits: out of range
      "4294967295,6,7,pv,1511544070\n",           // 2^32-1: not a table key
      "5,6,7,pv,1511544070,\n",                   // trailing delimiter: 6 columns
      "5,6,7," + std::string(300, 'x') + "\n",    // longer than max_line_bytes (200)
  };
  std::string s;
  uint64_t line = 0;
  for (size_t i = 0; i < rows; ++i) {
    ++line;
    if (i % 997 == 500) {
      const std::string& o = odd[(i / 997) % odd.size()];
      planted.emplace_back(line, o);
      s += o;
      continue;
    }
    const uint64_t user = rng() % 3000, item = rng() % (20 + i), cat = rng() % 40;
    const int64_t t = 1511500000 + static_cast<int64_t>(rng() % 500000);
    s += std::to_string(user) + "," + std::to_string(item) + "," + std::to_string(cat) + "," + kinds[rng() % 6] +
         "," + std::to_string(t) + (i % 7 == 0 ? "\r\n" : "\n");
  }
  return s;
}

IngestOptions taobao_options() {
  IngestOptions o = preset(Preset::kTaobao);
  o.max_line_bytes = 200;
  o.batch_rows = 7001;  // several batches, cut at the same rows both ways
  o.max_examples = 1000;
  return o;
}

}  // namespace

TEST(ParallelIngest, SameStoreAndSameRejectedLinesAsSerial) {
  TempDir dir("parallel");
  std::vector<std::pair<uint64_t, std::string>> planted;
  const std::string file = dir.write("t.csv", taobao_file(60000, planted));
  const IngestOptions o = taobao_options();
  ThreadPool pool(4);
  const IngestRun serial = ingest(file, o, nullptr);
  const IngestRun parallel = ingest(file, o, &pool);
  EXPECT_EQ(serial.parallel_rows, 0u);
  EXPECT_GT(parallel.parallel_rows, 55000u);  // the path under test really ran
  expect_identical(serial, parallel);

  // And the reports point at the planted lines themselves.
  auto first_line = [&](Reject why) {
    const auto& ex = parallel.c.report.examples[static_cast<size_t>(why)];
    return ex.empty() ? uint64_t{0} : ex.front().line;
  };
  auto planted_line = [&](const std::string& prefix) {
    for (const auto& [l, text] : planted)
      if (text.starts_with(prefix)) return l;
    return uint64_t{0};
  };
  EXPECT_EQ(first_line(Reject::kColumnCount), planted_line("1,2,3,pv\n"));
  EXPECT_EQ(first_line(Reject::kUnknownBehavior), planted_line("1,2,3,teleport"));
  EXPECT_EQ(first_line(Reject::kBadTime), planted_line("1,2,3,pv,soon"));
  EXPECT_EQ(first_line(Reject::kTimeRange), planted_line("1,2,3,pv,15\n"));
  EXPECT_EQ(first_line(Reject::kBadUtf8), planted_line("1,2,\xff"));
  EXPECT_EQ(first_line(Reject::kLineTooLong), planted_line("5,6,7,xxx"));
  EXPECT_NE(first_line(Reject::kColumnCount), 0u);
  // Odd-but-valid ids went through the serial code and kept their own text.
  EXPECT_NE(parallel.c.dicts.users.find("007"), kNone);
  EXPECT_NE(parallel.c.dicts.users.find("u12"), kNone);
  EXPECT_NE(parallel.c.dicts.users.find("4294967295"), kNone);
  EXPECT_EQ(parallel.c.report.blank_lines, 4u);  // 60 planted lines, every 15th blank
}

TEST(ParallelIngest, StopsAtTheSameRowWithMaxErrors) {
  TempDir dir("parallel_stop");
  std::vector<std::pair<uint64_t, std::string>> planted;
  const std::string file = dir.write("t.csv", taobao_file(40000, planted));
  IngestOptions o = taobao_options();
  o.max_errors = 5;
  ThreadPool pool(3);
  const IngestRun serial = ingest(file, o, nullptr);
  const IngestRun parallel = ingest(file, o, &pool);
  EXPECT_TRUE(serial.c.report.stopped_early);
  EXPECT_GT(parallel.parallel_rows, 0u);
  expect_identical(serial, parallel);
}

TEST(ParallelIngest, QuotedTextFallsBackToTheSerialLoop) {
  TempDir dir("parallel_quote");
  std::vector<std::pair<uint64_t, std::string>> planted;
  std::string text = taobao_file(20000, planted);
  text += "\"1\n2\",3,4,pv,1511544070\n";  // a quoted id holding a newline: one record, two lines
  text += "8,9,10,pv,1511544070\n";
  const std::string file = dir.write("t.csv", text);
  IngestOptions o = taobao_options();
  o.quote = '"';  // the preset reads quotes as plain text; a file with quoting says so
  ThreadPool pool(3);
  const IngestRun serial = ingest(file, o, nullptr);
  const IngestRun parallel = ingest(file, o, &pool);
  // The window holding the quote (here all but the first few kB) went through the serial loop.
  EXPECT_LT(parallel.parallel_rows, parallel.c.report.rows_read - 1000);
  EXPECT_NE(parallel.c.dicts.users.find("1\n2"), kNone);
  expect_identical(serial, parallel);
}

TEST(TaobaoLines, FastFormOnlyForPlainRows) {
  TaobaoLineRules r;
  r.min_ms = 788918400000;
  r.max_ms = 4102444800000;
  auto parse = [&](const std::string& s) { return parse_taobao_line(s.data(), s.data() + s.find('\n'), r); };
  const TaobaoRow ok = parse("17850,2,30,cart,1511544070\r\n");
  ASSERT_FALSE(ok.slow);
  EXPECT_EQ(ok.user, 17850u);
  EXPECT_EQ(ok.item, 2u);
  EXPECT_EQ(ok.category, 30u);
  EXPECT_EQ(ok.type, Behavior::kAddToCart);
  EXPECT_EQ(ok.ts_ms, 1511544070000);
  EXPECT_FALSE(parse("0,0,0,buy,1511544070\n").slow);
  for (const char* s : {"017,2,3,pv,1511544070\n", "1,2,3,pvx,1511544070\n", "1,2,3,pv,1511544070 \n",
                        "1,2,3,pv,-1511544070\n", "1,2,,pv,1511544070\n", "1,2,3,pv,15\n", "1,2,3,c\n",
                        "99999999999,2,3,pv,1511544070\n", "1,2,3,fav\n", "\n"})
    EXPECT_TRUE(parse(s).slow) << s;
}
