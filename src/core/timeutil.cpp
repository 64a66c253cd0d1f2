#include "core/timeutil.h"

#include <chrono>
#include <cstdio>

namespace ss {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int>(yoe + era * 400);
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

namespace {

bool read_int(std::string_view s, size_t& pos, int max_digits, int& out) {
  int n = 0, digits = 0;
  while (pos < s.size() && digits < max_digits && s[pos] >= '0' && s[pos] <= '9') {
    n = n * 10 + (s[pos++] - '0');
    ++digits;
  }
  out = n;
  return digits > 0;
}

}  // namespace

std::optional<int64_t> parse_datetime_ms(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  size_t pos = 0;
  int a, b, c;
  int year, month, day;
  if (!read_int(s, pos, 4, a) || pos >= s.size()) return std::nullopt;
  const char sep = s[pos];
  if (sep == '-') {  // ISO: yyyy-mm-dd
    ++pos;
    if (!read_int(s, pos, 2, b) || pos >= s.size() || s[pos] != '-') return std::nullopt;
    ++pos;
    if (!read_int(s, pos, 2, c)) return std::nullopt;
    year = a, month = b, day = c;
  } else if (sep == '/') {  // US: m/d/yyyy
    ++pos;
    if (!read_int(s, pos, 2, b) || pos >= s.size() || s[pos] != '/') return std::nullopt;
    ++pos;
    if (!read_int(s, pos, 4, c)) return std::nullopt;
    month = a, day = b, year = c;
  } else {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  int hh = 0, mm = 0, ss = 0, ms = 0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
    ++pos;
    if (!read_int(s, pos, 2, hh)) return std::nullopt;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!read_int(s, pos, 2, mm)) return std::nullopt;
      if (pos < s.size() && s[pos] == ':') {
        ++pos;
        if (!read_int(s, pos, 2, ss)) return std::nullopt;
        if (pos < s.size() && s[pos] == '.') {
          ++pos;
          int frac = 0, digits = 0;
          while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (digits < 3) frac = frac * 10 + (s[pos] - '0'), ++digits;
            ++pos;
          }
          while (digits < 3) frac *= 10, ++digits;
          ms = frac;
        }
      }
    }
    if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  }
  if (pos < s.size() && s[pos] == 'Z') ++pos;
  if (pos != s.size()) return std::nullopt;
  const int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * kMsPerDay + hh * kMsPerHour + mm * 60000LL + ss * 1000LL + ms;
}

std::optional<int64_t> parse_duration_ms(std::string_view s) {
  size_t pos = 0;
  double v = 0, frac = 0.1;
  bool digits = false, dot = false;
  for (; pos < s.size() && ((s[pos] >= '0' && s[pos] <= '9') || s[pos] == '.'); ++pos) {
    if (s[pos] == '.') {
      if (dot) return std::nullopt;
      dot = true;
      continue;
    }
    digits = true;
    if (dot) v += (s[pos] - '0') * frac, frac /= 10;
    else v = v * 10 + (s[pos] - '0');
  }
  if (!digits) return std::nullopt;
  const std::string_view unit = s.substr(pos);
  double scale;
  if (unit.empty() || unit == "s") scale = 1000;
  else if (unit == "ms") scale = 1;
  else if (unit == "m" || unit == "min") scale = 60000;
  else if (unit == "h") scale = 3600000;
  else if (unit == "d") scale = 86400000;
  else if (unit == "w") scale = 7 * 86400000.0;
  else return std::nullopt;
  return static_cast<int64_t>(v * scale + 0.5);
}

std::string format_datetime_ms(int64_t ms) {
  const int64_t d = day_of(ms);
  int64_t rem = ms - d * kMsPerDay;
  int y;
  unsigned m, day;
  civil_from_days(d, y, m, day);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, m, day, static_cast<int>(rem / kMsPerHour),
                static_cast<int>(rem / 60000 % 60), static_cast<int>(rem / 1000 % 60), static_cast<int>(rem % 1000));
  return buf;
}

std::string format_date(int64_t ms) {
  int y;
  unsigned m, d;
  civil_from_days(day_of(ms), y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

}  // namespace ss
