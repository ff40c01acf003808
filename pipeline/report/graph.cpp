#include "pipeline/report/graph.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "pipeline/report/html.h"

extern char** environ;

namespace newsdeal::report {
namespace {

using OJson = nlohmann::ordered_json;

// The program `name` names: itself when it holds a '/', else the first
// executable of that name on PATH; empty when there is none.
std::string find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return access(name.c_str(), X_OK) == 0 ? name : "";
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t pos = 0;
  while (pos <= dirs.size()) {
    std::size_t end = dirs.find(':', pos);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(pos, end - pos);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    pos = end + 1;
  }
  return "";
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream o;
  o << in.rdbuf();
  return o.str();
}

// A temporary file removed when this goes out of scope.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& tag) {
    std::string tmpl = (std::filesystem::temp_directory_path() / ("newsdeal-report-" + tag + "-XXXXXX")).string();
    int fd = mkstemp(tmpl.data());
    if (fd < 0) throw std::runtime_error("cannot create a temporary file in " + tmpl);
    close(fd);
    path = tmpl;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

// Runs `program -Tsvg` on `dot`; the SVG, or an empty string with the reason in
// `error`. Input, output and errors go through files, so neither side can block
// on a full pipe, and no shell sees the paths.
std::string run_dot(const std::string& program, const std::string& dot, std::string& error) {
  TempFile in("dot"), out("svg"), err("err");
  {
    std::ofstream f(in.path, std::ios::binary);
    f << dot;
    if (!f.flush()) {
      error = "cannot write " + in.path;
      return "";
    }
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in.path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.path.c_str(), O_WRONLY | O_TRUNC, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err.path.c_str(), O_WRONLY | O_TRUNC, 0);
  std::string arg0 = program, arg1 = "-Tsvg";
  char* argv[] = {arg0.data(), arg1.data(), nullptr};
  pid_t pid;
  int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    error = program + ": cannot run: " + std::strerror(rc);
    return "";
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::string svg = slurp(out.path);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || svg.find("<svg") == std::string::npos) {
    std::string why = slurp(err.path);
    while (!why.empty() && (why.back() == '\n' || why.back() == '\r')) why.pop_back();
    error = program + " -Tsvg failed" + (why.empty() ? "" : ": " + why.substr(0, 300));
    return "";
  }
  return svg;
}

// Graphviz's document trimmed to its <svg> element, which scales with the page:
// the fixed width and height in points go, the viewBox stays.
std::string trim_dot_svg(const std::string& doc) {
  std::size_t start = doc.find("<svg");
  std::string svg = doc.substr(start);
  std::size_t tag_end = svg.find('>');
  std::string tag = svg.substr(0, tag_end);
  for (const char* attr : {" width=\"", " height=\""}) {
    std::size_t a = tag.find(attr);
    if (a == std::string::npos) continue;
    std::size_t b = tag.find('"', a + std::strlen(attr));
    tag.erase(a, b + 1 - a);
  }
  tag.insert(4, " class=\"graph\"");
  return tag + svg.substr(tag_end);
}

std::optional<double> number(const OJson& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::string str(const OJson& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const std::map<std::string, std::string>& kind_colours() {
  // The colours of AllocationModel::to_dot(), so both layouts read alike.
  static const std::map<std::string, std::string> c = {
      {"cpu", "#1f77b4"}, {"gpu", "#2ca02c"}, {"accelerator", "#d62728"}, {"unspecified", "#7f7f7f"}};
  return c;
}

// Rough text width in pixels at 12px: wide (CJK) characters count double.
double text_width(const std::string& s) {
  double w = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if ((c & 0xC0) == 0x80) continue;
    w += c >= 0xE0 ? 12.0 : 7.0;
  }
  return w;
}

std::string fmt(double v) {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(1);
  o << v;
  return o.str();
}

}  // namespace

std::string edge_kind(const OJson& a) {
  std::vector<std::string> kinds;
  if (auto it = a.find("kinds"); it != a.end() && it->is_array())
    for (const auto& k : *it)
      if (k.is_string()) kinds.push_back(k.get<std::string>());
  std::sort(kinds.begin(), kinds.end());
  if (kinds.empty()) return "unspecified";
  std::string kind = kinds.front();
  if (kinds.size() > 1 && std::count(kinds.begin(), kinds.end(), "unspecified"))
    for (const auto& k : kinds)
      if (k != "unspecified") kind = k;
  return kind_colours().count(kind) ? kind : "unspecified";
}

double edge_width(const OJson& a) {
  if (auto it = a.find("value"); it != a.end() && it->is_array())
    for (const auto& v : *it)
      if (str(v, "currency") == "USD") {
        double x = number(v, "max").value_or(number(v, "min").value_or(0));
        return 1.0 + std::max(0.0, std::log10(std::max(x, 1.0)) - 8.0);
      }
  return 1.0;
}

std::string builtin_graph(const OJson& m) {
  // Columns: companies that only sell (left), those that both buy and sell
  // (middle), those that only buy (right); edges run from vendor to buyer.
  std::map<std::string, std::string> names;
  if (auto it = m.find("names"); it != m.end() && it->is_object())
    for (const auto& [k, v] : it->items())
      if (v.is_string()) names[k] = v.get<std::string>();
  auto name = [&](const std::string& k) { return names.count(k) ? names[k] : k; };
  struct Edge {
    std::string vendor, buyer, kind;
    double width;
  };
  std::vector<Edge> edges;
  std::set<std::string> buyers, vendors;
  if (auto it = m.find("allocations"); it != m.end() && it->is_array())
    for (const auto& a : *it) {
      std::string b = str(a, "buyer"), v = str(a, "vendor");
      if (b.empty() || v.empty()) continue;
      edges.push_back({v, b, edge_kind(a), edge_width(a)});
      buyers.insert(b);
      vendors.insert(v);
    }
  std::vector<std::vector<std::string>> cols(3);
  std::map<std::string, int> col_of;
  for (const auto& v : vendors) col_of[v] = buyers.count(v) ? 1 : 0;
  for (const auto& b : buyers)
    if (!vendors.count(b)) col_of[b] = 2;
  for (const auto& [k, c] : col_of) cols[c].push_back(k);
  for (auto& c : cols) std::sort(c.begin(), c.end(), [&](auto& x, auto& y) { return name(x) < name(y); });

  // A few rounds of the barycentre heuristic: each node moves toward the mean
  // position of its neighbours, which untangles most crossings.
  std::map<std::string, std::vector<std::string>> nbrs;
  for (const auto& e : edges) {
    nbrs[e.vendor].push_back(e.buyer);
    nbrs[e.buyer].push_back(e.vendor);
  }
  auto position = [&](std::map<std::string, double>& pos) {
    for (const auto& c : cols)
      for (std::size_t i = 0; i < c.size(); ++i) pos[c[i]] = (i + 0.5) / c.size();
  };
  std::map<std::string, double> pos;
  position(pos);
  for (int round = 0; round < 6; ++round) {
    for (int ci : {1, 2, 0, 1}) {
      auto& c = cols[ci];
      std::map<std::string, double> bary;
      for (const auto& k : c) {
        double sum = 0;
        for (const auto& n : nbrs[k]) sum += pos[n];
        bary[k] = nbrs[k].empty() ? pos[k] : sum / nbrs[k].size();
      }
      std::stable_sort(c.begin(), c.end(), [&](auto& x, auto& y) { return bary[x] < bary[y]; });
      position(pos);
    }
  }

  const double row = 30, node_h = 22, pad = 10, gap = 120;
  std::vector<double> col_w(3, 0), col_x(3, pad);
  for (int c = 0; c < 3; ++c)
    for (const auto& k : cols[c]) col_w[c] = std::max(col_w[c], text_width(name(k)) + 16);
  std::size_t rows = std::max({cols[0].size(), cols[1].size(), cols[2].size(), std::size_t(1)});
  double height = rows * row + 2 * pad;
  for (int c = 1; c < 3; ++c) col_x[c] = col_x[c - 1] + col_w[c - 1] + (col_w[c - 1] > 0 ? gap : 0);
  double width = col_x[2] + col_w[2] + pad + (cols[1].empty() ? 0 : 60);
  struct Box {
    double x, y, w;
  };
  std::map<std::string, Box> box;
  for (int c = 0; c < 3; ++c) {
    double top = pad + (rows - cols[c].size()) * row / 2;  // centred in its column
    for (std::size_t i = 0; i < cols[c].size(); ++i) box[cols[c][i]] = {col_x[c], top + i * row, col_w[c]};
  }

  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph builtin\" viewBox=\"0 0 " << fmt(width) << ' '
    << fmt(height) << "\" width=\"" << fmt(width) << "\" height=\"" << fmt(height)
    << "\" role=\"img\" aria-label=\"allocation graph\">\n<defs>";
  for (const auto& [kind, colour] : kind_colours())
    o << "<marker id=\"arrow-" << kind << "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" "
      << "markerHeight=\"6\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\""
      << colour << "\"/></marker>";
  o << "</defs>\n";
  for (const auto& e : edges) {
    const Box &v = box[e.vendor], &b = box[e.buyer];
    double x1 = v.x + v.w, y1 = v.y + node_h / 2, y2 = b.y + node_h / 2, x2, c1, c2;
    if (col_of[e.vendor] < col_of[e.buyer]) {  // left to right
      x2 = b.x;
      c1 = x1 + (x2 - x1) / 2;
      c2 = c1;
    } else {  // within the middle column: a loop out to its right
      x2 = b.x + b.w;
      c1 = x1 + 50;
      c2 = x2 + 50;
    }
    o << "<g class=\"edge\" data-vendor=\"" << escape(e.vendor) << "\" data-buyer=\"" << escape(e.buyer)
      << "\" data-kind=\"" << e.kind << "\"><title>" << escape(e.vendor + "->" + e.buyer) << "</title><path d=\"M"
      << fmt(x1) << ',' << fmt(y1) << " C" << fmt(c1) << ',' << fmt(y1) << ' ' << fmt(c2) << ',' << fmt(y2) << ' '
      << fmt(x2) << ',' << fmt(y2) << "\" fill=\"none\" stroke=\"" << kind_colours().at(e.kind)
      << "\" stroke-width=\"" << fmt(e.width) << "\" marker-end=\"url(#arrow-" << e.kind << ")\"/></g>\n";
  }
  for (const auto& [k, c] : col_of) {
    const Box& b = box[k];
    const char* role = c == 0 ? "vendor" : c == 1 ? "both" : "buyer";
    o << "<g class=\"node " << role << "\" data-key=\"" << escape(k) << "\"><title>" << escape(k)
      << "</title><rect x=\"" << fmt(b.x) << "\" y=\"" << fmt(b.y) << "\" width=\"" << fmt(b.w) << "\" height=\""
      << fmt(node_h) << "\" rx=\"" << (c == 2 ? 11 : 3) << "\"/><text x=\"" << fmt(b.x + b.w / 2) << "\" y=\""
      << fmt(b.y + node_h / 2 + 4) << "\" text-anchor=\"middle\">" << escape(name(k)) << "</text></g>\n";
  }
  o << "</svg>";
  return o.str();
}

GraphSvg draw_graph(const AllocationModel& model, const OJson& model_json, const ReportOptions& opts) {
  GraphSvg g;
  if (opts.layout != Layout::builtin) {
    std::string program = find_program(opts.dot_program);
    std::string error;
    std::string svg;
    if (program.empty())
      error = opts.dot_program + " not found on PATH (Debian package graphviz)";
    else
      svg = run_dot(program, model.to_dot(), error);
    if (!svg.empty()) {
      g.svg = trim_dot_svg(svg);
      g.layout = "dot";
      return g;
    }
    if (opts.layout == Layout::dot) throw std::runtime_error(error);
    g.note = error;
  }
  g.svg = builtin_graph(model_json);
  g.layout = "builtin";
  return g;
}

}  // namespace newsdeal::report
