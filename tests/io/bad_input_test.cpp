// Bad input never crashes nor corrupts; every reason counted with line numbers. Also the
// input variants: gzip, stdin, JSON Lines, latin-1, config files, pseudonyms, failures.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "core/error.h"
#include "io/pseudonym.h"
#include "io_test_util.h"

namespace ss::io::test {
namespace {

IngestOptions generic() {
  IngestOptions o;
  parse_columns("user=0,item=1,behavior=2,timestamp=3,price=4", o);
  return o;
}

TEST(BadInput, EveryReasonCountedWithLineNumbers) {
  TempDir dir("bad");
  const std::string text =
      "u1,i1,view,1700000000,\n"          // 1 ok
      "u1,i1,view\n"                      // 2 wrong column count
      "u2,i2,cart,1700000001,abc\n"       // 3 bad number
      "u2,i2,cart,yesterday,\n"           // 4 bad timestamp
      "u2,i2,cart,15,\n"                  // 5 out of range
      "u\xE9,i2,cart,1700000002,\n"       // 6 invalid UTF-8
      "u3,i3,teleport,1700000003,\n"      // 7 unknown behaviour
      "\n"                                // 8 blank
      "u3,i3,\"unclosed,1700000004,\n"    // 9 bad quoting (to the end of input)
      ;
  Collected c;
  ingest_into(c, {dir.write("bad.csv", text)}, generic());
  EXPECT_EQ(c.report.rows_read, 8u);
  EXPECT_EQ(c.report.rows_accepted, 1u);
  EXPECT_EQ(c.report.blank_lines, 1u);
  const std::pair<Reject, uint64_t> expect[] = {{Reject::kColumnCount, 2}, {Reject::kBadNumber, 3},
                                                {Reject::kBadTime, 4},     {Reject::kTimeRange, 5},
                                                {Reject::kBadUtf8, 6},     {Reject::kUnknownBehavior, 7},
                                                {Reject::kBadQuote, 9}};
  for (auto [why, line] : expect) {
    SCOPED_TRACE(std::string(kRejectNames[static_cast<size_t>(why)]));
    ASSERT_EQ(rejected(c.report, why), 1u);
    EXPECT_EQ(c.report.examples[static_cast<size_t>(why)][0].line, line);
  }
  EXPECT_FALSE(c.accepted);
  ASSERT_EQ(c.events.size(), 1u);
  EXPECT_EQ(c.dicts.users.size(), 1u);  // nothing from rejected rows leaked into the dictionaries
  const std::string json = c.report.to_json();
  EXPECT_NE(json.find("\"timestamp_out_of_range\""), std::string::npos);
}

TEST(BadInput, EmptyFilesAndLongLines) {
  TempDir dir("long");
  Collected empty;
  ingest_into(empty, {dir.write("empty.csv", "")}, generic());
  EXPECT_EQ(empty.report.rows_read, 0u);
  EXPECT_EQ(empty.events.size(), 0u);
  EXPECT_TRUE(empty.accepted);
  IngestOptions o = generic();
  o.max_line_bytes = 100;
  o.max_reject_fraction = 0.5;
  const std::string text = "u1,i1,view,1700000000,\nu2," + std::string(5000, 'x') + ",view,1700000000,\nu3,i3,view,1700000001,\n";
  Collected c;
  ingest_into(c, {dir.write("long.csv", text)}, o);
  EXPECT_EQ(c.report.rows_read, 3u);
  EXPECT_EQ(rejected(c.report, Reject::kLineTooLong), 1u);
  EXPECT_EQ(c.report.examples[static_cast<size_t>(Reject::kLineTooLong)][0].line, 2u);
  ASSERT_EQ(c.events.size(), 2u);
  EXPECT_EQ(c.dicts.users.name(c.events.user[1]), "u3");
  EXPECT_TRUE(c.accepted);
}

TEST(BadInput, MaxErrorsStopsEarly) {
  TempDir dir("maxerr");
  std::string text;
  for (int i = 0; i < 100; ++i) text += "u" + std::to_string(i) + ",i1," + (i % 2 ? "bogus" : "view") + ",1700000000,\n";
  IngestOptions o = generic();
  o.max_errors = 3;
  Collected c;
  ingest_into(c, {dir.write("m.csv", text)}, o);
  EXPECT_FALSE(c.completed);
  EXPECT_TRUE(c.report.stopped_early);
  EXPECT_EQ(rejected(c.report, Reject::kUnknownBehavior), 4u);
  EXPECT_EQ(c.report.rows_read, 8u);  // stopped at line 8, the 4th bad row
  EXPECT_EQ(c.events.size(), 4u);     // the good rows before it were still handed on
  EXPECT_FALSE(c.accepted);
}

TEST(Input, GzipStdinAndLatin1) {
  TempDir dir("gz");
  std::string text = "user,item,event,ts\n";
  for (int i = 0; i < 3000; ++i) text += "u" + std::to_string(i % 17) + ",i" + std::to_string(i % 29) + ",view," + std::to_string(1700000000 + i) + "\n";
  Collected gz;
  ingest_into(gz, {dir.write_gz("log.csv.gz", text)}, IngestOptions{});  // header names auto-mapped
  EXPECT_EQ(gz.report.rows_accepted, 3000u);
  EXPECT_EQ(gz.dicts.items.size(), 29u);

  // Standard input: swap fd 0 for a file for the duration.
  const auto path = dir.write("stdin.csv", text);
  const int saved = dup(STDIN_FILENO);
  const int fd = open(path.c_str(), O_RDONLY);
  dup2(fd, STDIN_FILENO);
  Collected in;
  ingest_into(in, {"-"}, IngestOptions{});
  dup2(saved, STDIN_FILENO);
  close(fd), close(saved);
  EXPECT_EQ(in.report.rows_accepted, 3000u);
  EXPECT_EQ(in.report.examples.size(), kNumRejects);

  const std::string latin = "user,item,event,ts\ncaf\xE9,i1,view,1700000000\n";
  Collected strict, conv;
  ingest_into(strict, {dir.write("latin.csv", latin)}, IngestOptions{});
  EXPECT_EQ(rejected(strict.report, Reject::kBadUtf8), 1u);
  IngestOptions o;
  o.encoding = Encoding::kLatin1;
  ingest_into(conv, {dir.write("latin.csv", latin)}, o);
  ASSERT_EQ(conv.events.size(), 1u);
  EXPECT_EQ(conv.dicts.users.name(conv.events.user[0]), "caf\xC3\xA9");
}

TEST(Input, JsonLines) {
  TempDir dir("jsonl");
  const std::string text =
      "{\"user_id\":\"u1\",\"item_id\":17,\"event\":\"addToBasket\",\"ts\":1700000000123,\"price\":9.5}\n"
      "{\"user_id\":\"u2\",\"item_id\":\"18\",\"event\":\"view\",\"ts\":\"2024-01-02T03:04:05Z\",\"extra\":[1,2]}\n"
      "{\"user_id\":\"u2\",\"item_id\":\"18\",\n"
      "{\"user_id\":\"u3\",\"event\":\"view\",\"ts\":1700000000}\n";
  IngestOptions o;
  parse_behavior_map("addToBasket=cart", o);
  Collected c;
  ingest_into(c, {dir.write("events.jsonl", text)}, o);
  EXPECT_EQ(c.report.rows_read, 4u);
  EXPECT_EQ(c.report.rows_accepted, 2u);
  EXPECT_EQ(rejected(c.report, Reject::kBadJson), 1u);
  EXPECT_EQ(c.report.examples[static_cast<size_t>(Reject::kBadJson)][0].line, 3u);
  EXPECT_EQ(rejected(c.report, Reject::kMissingId), 1u);
  ASSERT_EQ(c.events.size(), 2u);
  EXPECT_EQ(c.events.type[0], Behavior::kAddToCart);
  EXPECT_EQ(c.events.ts_ms[0], 1700000000123);
  EXPECT_FLOAT_EQ(c.events.price[0], 9.5f);
  EXPECT_EQ(c.dicts.items.name(c.events.item[0]), "17");
}

TEST(Input, TomlAndJsonConfigFiles) {
  TempDir dir("cfg");
  const std::string text = "2024-01-01 10:00:00|visitor9|basket|sku-1\n2024-01-01 10:05:00|visitor9|checkout|sku-1\n";
  const auto data = dir.write("shop.psv", text);
  IngestOptions t;
  load_config_file(dir.write("map.toml",
                             "delimiter = \"|\"\nheader = false\n[columns]\nuser = 1\nitem = 3\nbehavior = 2\ntimestamp = 0\n"
                             "[behavior_map]\nbasket = \"cart\"\ncheckout = \"purchase\"\n"),
                   t);
  Collected a;
  ingest_into(a, {data}, t);
  ASSERT_EQ(a.events.size(), 2u);
  EXPECT_EQ(a.events.type[1], Behavior::kPurchase);
  IngestOptions j;
  load_config_file(dir.write("map.json",
                             R"({"delimiter":"|","header":false,"columns":{"user":1,"item":3,"behavior":2,"timestamp":0},)"
                             R"("behavior_map":{"basket":"cart","checkout":"purchase"}})"),
                   j);
  Collected b;
  ingest_into(b, {data}, j);
  EXPECT_EQ(b.events.type, a.events.type);
  IngestOptions bad;
  EXPECT_THROW(load_config_file(dir.write("bad.toml", "colums = 3\n"), bad), Error);
  EXPECT_THROW(parse_columns("usr=0", bad), Error);
}

TEST(Privacy, PseudonymisedUserIdsAreKeyedAndStable) {
  TempDir dir("pseudo");
  const auto path = dir.write("p.csv", "u1,i1,view,1700000000,\nu2,i1,view,1700000001,\nu1,i2,view,1700000002,\n");
  IngestOptions o = generic();
  o.pseudonymise_key = "secret-1";
  Collected a, b;
  ingest_into(a, {path}, o);
  ingest_into(b, {path}, o);
  ASSERT_EQ(a.dicts.users.size(), 2u);
  EXPECT_EQ(a.dicts.users.find("u1"), kNone);
  EXPECT_EQ(a.dicts.users.name(0), b.dicts.users.name(0));
  EXPECT_EQ(a.dicts.users.name(0), Pseudonymiser("secret-1")("u1"));
  EXPECT_NE(Pseudonymiser("secret-2")("u1"), Pseudonymiser("secret-1")("u1"));
  EXPECT_EQ(a.events.user[0], a.events.user[2]);
  EXPECT_EQ(a.dicts.users.name(0).size(), 32u);
}

TEST(Durability, AFailingSinkKeepsEarlierBatches) {
  TempDir dir("sink");
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "u" + std::to_string(i) + ",i1,view," + std::to_string(1700000000 + i) + ",\n";
  IngestOptions o = generic();
  o.batch_rows = 300;
  Dictionaries dicts;
  std::vector<size_t> stored;
  Ingester ing(o, dicts, nullptr, [&](const EventTable& e, const std::vector<CatalogueItem>&) {
    if (stored.size() == 2) throw Error("disk full", ErrorCode::kIo);
    stored.push_back(e.size());
  });
  EXPECT_THROW(ing.add_events(dir.write("s.csv", text)), Error);
  EXPECT_EQ(stored, (std::vector<size_t>{300, 300}));
  EXPECT_EQ(ing.report().events, 600u);  // only what was acknowledged
  EXPECT_EQ(ing.report().batches, 2u);
}

}  // namespace
}  // namespace ss::io::test
