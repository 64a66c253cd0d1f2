// Random bytes through every preset: nothing crashes, every row is either accepted or
// rejected exactly once, and the only exception is an ss::Error about unusable input.
#include <gtest/gtest.h>

#include <random>

#include "core/error.h"
#include "io_test_util.h"

namespace ss::io::test {
namespace {

std::string noise(std::mt19937& rng, size_t n) {
  static const std::string kAlphabet = "0123456789,,,;;\t \"\"\n\n\r:pvbuycartfav{}[]:\"-.T Z\xE9\xC3\xA9\xFF";
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(kAlphabet[rng() % kAlphabet.size()]);
  return s;
}

TEST(Fuzz, RandomBytesNeverCrashAndEveryRowIsCounted) {
  TempDir dir("fuzz");
  std::mt19937 rng(7);
  const Preset presets[] = {Preset::kGeneric, Preset::kShopsense, Preset::kTaobao,  Preset::kOnlineRetail,
                            Preset::kDiginetica, Preset::kS3Rec,   Preset::kMovieLens};
  int errors = 0, runs = 0;
  for (int round = 0; round < 6; ++round) {
    std::string text = noise(rng, 4000);
    if (round % 3 == 0) text = "1,2,3,pv,1511658000\n" + text;  // a plausible start
    const auto path = dir.write("f" + std::to_string(round) + ".txt", text);
    for (Preset p : presets) {
      IngestOptions o = preset(p);
      if (p == Preset::kGeneric) parse_columns("user=0,item=1,behavior=3,timestamp=4", o);
      o.max_line_bytes = 256 + round * 64;
      if (round % 2) o.encoding = Encoding::kLatin1;
      Collected c;
      ++runs;
      try {
        ingest_into(c, {path}, o, round == 5 ? std::vector<std::string>{path} : std::vector<std::string>{});
      } catch (const Error&) {
        ++errors;  // e.g. a header without the columns a preset needs
        continue;
      }
      EXPECT_EQ(c.report.rows_read, c.report.rows_accepted + c.report.rejected_total()) << preset_name(p);
      EXPECT_LE(c.events.size(), c.report.events);
    }
  }
  EXPECT_LT(errors, runs);  // most runs got through to row-level rejections
}

}  // namespace
}  // namespace ss::io::test
