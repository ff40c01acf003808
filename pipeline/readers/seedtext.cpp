#include "pipeline/readers/seedtext.h"

#include <array>
#include <optional>
#include <string>

namespace newsdeal {
namespace {

struct Label {
  std::string_view text;
  std::string_view section;  // empty for footer fields
};

constexpr std::array<Label, 5> kLabels = {{
    {"内容总结", "summary"},
    {"中文翻译", "translation"},
    {"英文来源", "source"},
    {"文章标题", ""},
    {"文章链接", ""},
}};

struct Line {
  std::size_t start, end;  // end excludes the newline
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::size_t end = nl;
    if (end > start && text[end - 1] == '\r') --end;
    lines.push_back({start, end});
    if (nl == text.size()) break;
    start = nl + 1;
  }
  return lines;
}

// If `line` starts with a label and a colon (ASCII or full-width), the label's
// index and the offset just after the colon.
std::optional<std::pair<std::size_t, std::size_t>> match_label(std::string_view text, Line line) {
  std::string_view s = text.substr(line.start, line.end - line.start);
  for (std::size_t i = 0; i < kLabels.size(); ++i) {
    if (s.substr(0, kLabels[i].text.size()) != kLabels[i].text) continue;
    std::string_view rest = s.substr(kLabels[i].text.size());
    if (rest.substr(0, 1) == ":") return std::pair{i, line.start + kLabels[i].text.size() + 1};
    if (rest.substr(0, 3) == "\xEF\xBC\x9A") return std::pair{i, line.start + kLabels[i].text.size() + 3};
  }
  return std::nullopt;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

Span trimmed(std::string_view text, std::size_t start, std::size_t end) {
  while (start < end && is_space(text[start])) ++start;
  while (end > start && is_space(text[end - 1])) --end;
  return {start, end};
}

}  // namespace

bool looks_like_seedtext(std::string_view text) {
  int found = 0;
  for (Line line : split_lines(text.substr(0, std::min<std::size_t>(text.size(), 1 << 20))))
    if (auto m = match_label(text, line); m && !kLabels[m->first].section.empty()) ++found;
  return found >= 2;
}

void parse_seedtext(Article& article) {
  std::string_view text = article.text;
  std::vector<Line> lines = split_lines(text);
  article.sections.clear();

  // The title is the first non-empty line before any label.
  for (const Line& line : lines) {
    if (match_label(text, line)) break;
    Span t = trimmed(text, line.start, line.end);
    if (t.empty()) continue;
    article.sections.push_back({"title", t, Lang::none});
    article.title = std::string(text.substr(t.start, t.size()));
    break;
  }

  // Each labelled section runs from its label to the next label.
  std::optional<std::pair<std::string_view, std::size_t>> open;  // section name, body start
  auto close = [&](std::size_t end) {
    if (!open) return;
    Span s = trimmed(text, open->second, end);
    if (!s.empty()) article.sections.push_back({std::string(open->first), s, Lang::none});
    open.reset();
  };
  for (const Line& line : lines) {
    auto m = match_label(text, line);
    if (!m) continue;
    close(line.start);
    const Label& label = kLabels[m->first];
    if (!label.section.empty()) {
      open = std::pair{label.section, m->second};
    } else {
      Span v = trimmed(text, m->second, line.end);
      std::string value(text.substr(v.start, v.size()));
      if (label.text == "文章标题" && !value.empty()) article.title = value;
      if (label.text == "文章链接" && !value.empty()) article.source.url = value;
    }
  }
  close(text.size());
}

}  // namespace newsdeal
