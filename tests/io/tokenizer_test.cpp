#include <gtest/gtest.h>

#include <string>

#include "io/text.h"
#include "io/tokenizer.h"

namespace ss::io {
namespace {

std::vector<std::vector<std::string>> split_all(std::string text, TokenizerOptions o = {}) {
  Tokenizer t(o);
  std::vector<std::vector<std::string>> rows;
  char* p = text.data();
  char* e = text.data() + text.size();
  while (p < e) {
    auto st = t.next(p, e, true);
    EXPECT_EQ(st, Tokenizer::Status::kRecord);
    if (st != Tokenizer::Status::kRecord) break;
    rows.emplace_back(t.fields().begin(), t.fields().end());
  }
  return rows;
}

TEST(Tokenizer, PlainQuotedAndCrlf) {
  auto rows = split_all("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\n\"multi\nline\",2,3\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"x, y", "say \"hi\"", ""}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"multi\nline", "2", "3"}));
}

TEST(Tokenizer, MultiCharDelimiterAndNoTrailingNewline) {
  TokenizerOptions o;
  o.delimiter = "::";
  auto rows = split_all("1::1193::5::978300760\n2::661::3::978302109", o);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"2", "661", "3", "978302109"}));
}

TEST(Tokenizer, NeedMoreLeavesBytesUntouchedForRetry) {
  std::string text = "\"a\"\"b\",\"c";  // the second quoted field is not finished yet
  Tokenizer t({});
  char* p = text.data();
  EXPECT_EQ(t.next(p, text.data() + text.size(), false), Tokenizer::Status::kNeedMore);
  EXPECT_EQ(p, text.data());
  EXPECT_EQ(text, "\"a\"\"b\",\"c");  // not unescaped in place yet
  text += "d\"\n";
  p = text.data();
  ASSERT_EQ(t.next(p, text.data() + text.size(), false), Tokenizer::Status::kRecord);
  EXPECT_EQ(t.fields()[0], "a\"b");
  EXPECT_EQ(t.fields()[1], "cd");
}

TEST(Tokenizer, BadQuoteAndTooLong) {
  std::string text = "\"ab\"x,1\nok,2\n";
  Tokenizer t({});
  char* p = text.data();
  char* e = text.data() + text.size();
  EXPECT_EQ(t.next(p, e, true), Tokenizer::Status::kBadQuote);
  ASSERT_EQ(t.next(p, e, true), Tokenizer::Status::kRecord);
  EXPECT_EQ(t.fields()[0], "ok");
  TokenizerOptions small;
  small.max_record_bytes = 4;
  Tokenizer s(small);
  std::string longer = "abcdefgh\n";
  p = longer.data();
  EXPECT_EQ(s.next(p, longer.data() + longer.size(), true), Tokenizer::Status::kTooLong);
}

TEST(Text, CanonicalNumbersAndUtf8) {
  EXPECT_EQ(canonical_number("17850"), 17850u);
  EXPECT_FALSE(canonical_number("017850"));
  EXPECT_FALSE(canonical_number("17850.0"));
  EXPECT_EQ(canonical_number("17850.0", true), 17850u);
  EXPECT_FALSE(canonical_number("u12"));
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9", 5));
  EXPECT_FALSE(is_valid_utf8("caf\xE9", 4));        // latin-1 e-acute
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF", 2));       // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80", 3));   // surrogate
  std::string out;
  latin1_to_utf8("caf\xE9", 4, out);
  EXPECT_EQ(out, "caf\xC3\xA9");
  EXPECT_EQ(parse_int(" 42\r"), 42);
  EXPECT_FALSE(parse_int("4x2"));
  EXPECT_FALSE(parse_double("two"));
}

}  // namespace
}  // namespace ss::io
