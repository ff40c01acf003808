#include "pipeline/readers/feed_date.h"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <vector>

namespace newsdeal {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

int month_of(std::string_view m) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (m.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    bool eq = true;
    for (int k = 0; k < 3; ++k)
      if (std::tolower(static_cast<unsigned char>(m[k])) != kMonths[i][k]) eq = false;
    if (eq) return i + 1;
  }
  return 0;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

std::string normalize_feed_date(std::string_view date) {
  std::string_view d = trim(date);
  // Words: [weekday,] day month year hh:mm[:ss] zone
  std::vector<std::string_view> w;
  for (std::size_t i = 0; i < d.size();) {
    while (i < d.size() && (d[i] == ' ' || d[i] == ',')) ++i;
    std::size_t s = i;
    while (i < d.size() && d[i] != ' ' && d[i] != ',') ++i;
    if (i > s) w.push_back(d.substr(s, i - s));
  }
  if (!w.empty() && !all_digits(w[0])) w.erase(w.begin());  // weekday
  if (w.size() != 5 || !all_digits(w[0]) || !all_digits(w[2])) return std::string(d);
  int day = std::stoi(std::string(w[0])), month = month_of(w[1]), year = std::stoi(std::string(w[2]));
  if (w[2].size() == 2) year += year < 50 ? 2000 : 1900;
  int hh = 0, mm = 0, ss = 0;
  if (!month || day < 1 || day > 31 || std::sscanf(std::string(w[3]).c_str(), "%d:%d:%d", &hh, &mm, &ss) < 2 ||
      hh > 23 || mm > 59 || ss > 60)
    return std::string(d);
  std::string zone;
  std::string_view z = w[4];
  if (z == "GMT" || z == "UT" || z == "UTC" || z == "Z") {
    zone = "Z";
  } else if (z.size() == 5 && (z[0] == '+' || z[0] == '-') && all_digits(z.substr(1))) {
    zone = std::string(z.substr(0, 3)) + ":" + std::string(z.substr(3));
    if (zone == "+00:00" || zone == "-00:00") zone = "Z";
  } else {
    return std::string(d);
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hh, mm, ss);
  return buf + zone;
}

}  // namespace newsdeal
