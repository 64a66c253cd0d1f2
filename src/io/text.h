// Small, allocation-free text helpers for the ingest hot loop: number parsing, UTF-8
// checks, and canonical numeric ids.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ss::io {

// Strips ASCII spaces and a trailing '\r'.
std::string_view trim(std::string_view s);

// Whole-field integer / float parses; nullopt on anything else (empty, junk, overflow).
std::optional<int64_t> parse_int(std::string_view s);
std::optional<double> parse_double(std::string_view s);

// The value of a canonical decimal id ("0", "17850", not "017", not "+5"), so numeric ids
// can be looked up without hashing the string. "17850.0" (how pandas writes an integer
// column with gaps) counts as 17850 when `allow_dot_zero`.
std::optional<uint64_t> canonical_number(std::string_view s, bool allow_dot_zero = false);

// True when every byte is < 0x80 (the common case, checked 8 bytes at a time).
bool is_ascii(const char* p, size_t n);
// Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(const char* p, size_t n);
// Each latin-1 byte as its UTF-8 encoding, appended to `out`.
void latin1_to_utf8(const char* p, size_t n, std::string& out);

// Header names compared loosely: lower case, without '_', '-', ' ' and quotes.
std::string normalize_name(std::string_view s);

}  // namespace ss::io
