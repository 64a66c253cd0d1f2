// Timestamps are int64 milliseconds since the Unix epoch, UTC.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ss {

inline constexpr int64_t kMsPerSecond = 1000;
inline constexpr int64_t kMsPerHour = 3600 * kMsPerSecond;
inline constexpr int64_t kMsPerDay = 24 * kMsPerHour;

// The wall clock now, in the same unit (for "trained at", "published at", event defaults).
int64_t now_ms();

// Parses "2011-12-09 12:50:00", "2011-12-09T12:50:00Z", "2011-12-09", "12/9/2011 12:50"
// (US month/day/year, as in the UCI Online Retail file), with optional fractional seconds.
std::optional<int64_t> parse_datetime_ms(std::string_view s);
// "2017-11-26T01:00:00.000Z"
std::string format_datetime_ms(int64_t ms);
// "2017-11-26"
std::string format_date(int64_t ms);
// Days since epoch (floor), and 0=Monday..6=Sunday, hour of day.
inline int64_t day_of(int64_t ms) { return ms >= 0 ? ms / kMsPerDay : (ms - kMsPerDay + 1) / kMsPerDay; }
inline int weekday_of(int64_t ms) { return static_cast<int>(((day_of(ms) % 7) + 7 + 3) % 7); }
inline int hour_of(int64_t ms) { return static_cast<int>((ms - day_of(ms) * kMsPerDay) / kMsPerHour); }
// "90d", "12h", "30m", "45s", "1500ms" or a plain number of seconds.
std::optional<int64_t> parse_duration_ms(std::string_view s);
// Civil date helpers (proleptic Gregorian).
int64_t days_from_civil(int y, unsigned m, unsigned d);
void civil_from_days(int64_t z, int& y, unsigned& m, unsigned& d);

}  // namespace ss
