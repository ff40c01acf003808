#include "pipeline/fetch/retry.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <string>
#include <vector>

namespace newsdeal::fetch {
namespace {

int month_of(std::string_view m) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (m.size() != 3) return 0;
  for (int i = 0; i < 12; ++i) {
    bool eq = true;
    for (int k = 0; k < 3; ++k) eq &= std::tolower(static_cast<unsigned char>(m[k])) == kMonths[i][k];
    if (eq) return i + 1;
  }
  return 0;
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view s) { return std::stoi(std::string(s)); }

// "08:49:37" -> seconds of the day.
std::optional<int> time_of_day(std::string_view t) {
  if (t.size() != 8 || t[2] != ':' || t[5] != ':') return std::nullopt;
  if (!digits(t.substr(0, 2)) || !digits(t.substr(3, 2)) || !digits(t.substr(6, 2))) return std::nullopt;
  int h = number(t.substr(0, 2)), m = number(t.substr(3, 2)), s = number(t.substr(6, 2));
  if (h > 23 || m > 59 || s > 60) return std::nullopt;
  return h * 3600 + m * 60 + s;
}

long long days_from_civil(int y, int m, int d) {  // Howard Hinnant's algorithm
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097LL + static_cast<long long>(doe) - 719468;
}

}  // namespace

std::optional<long long> parse_http_date(std::string_view value) {
  // Words split on spaces, commas and (for RFC 850's "06-Nov-94") dashes.
  std::vector<std::string_view> w;
  for (std::size_t i = 0; i < value.size();) {
    while (i < value.size() && (value[i] == ' ' || value[i] == ',' || value[i] == '-' || value[i] == '\t')) ++i;
    std::size_t s = i;
    while (i < value.size() && value[i] != ' ' && value[i] != ',' && value[i] != '-' && value[i] != '\t') ++i;
    if (i > s) w.push_back(value.substr(s, i - s));
  }
  int day = 0, month = 0, year = 0;
  std::optional<int> secs;
  if (w.size() == 6 && w[5] == "GMT" && digits(w[1]) && digits(w[3])) {
    // IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" or RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT".
    day = number(w[1]);
    month = month_of(w[2]);
    year = number(w[3]);
    if (w[3].size() == 2) year += year < 70 ? 2000 : 1900;
    secs = time_of_day(w[4]);
  } else if (w.size() == 5 && digits(w[2]) && digits(w[4])) {
    // asctime "Sun Nov  6 08:49:37 1994".
    month = month_of(w[1]);
    day = number(w[2]);
    year = number(w[4]);
    secs = time_of_day(w[3]);
  } else {
    return std::nullopt;
  }
  if (!month || !secs || day < 1 || day > 31 || year < 1970 || year > 9999) return std::nullopt;
  return days_from_civil(year, month, day) * 86400 + *secs;
}

std::optional<double> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
  if (digits(value)) return value.size() > 9 ? 1e9 : static_cast<double>(number(value));
  auto when = parse_http_date(value);
  if (!when) return std::nullopt;
  double now_s = std::chrono::duration<double>(now.time_since_epoch()).count();
  return std::max(0.0, static_cast<double>(*when) - now_s);
}

double backoff_seconds(int n, double base, double cap, std::mt19937_64& rng) {
  double full = std::min(cap, base * std::ldexp(1.0, std::min(n, 30)));
  std::uniform_real_distribution<double> half(0.0, full / 2);
  return full / 2 + half(rng);
}

}  // namespace newsdeal::fetch
