#include "pipeline/readers/input.h"

#include <algorithm>
#include <filesystem>
#include <cstring>
#include <system_error>

#include "pipeline/readers/byte_source.h"
#include "pipeline/readers/html_text.h"
#include "pipeline/readers/jsonl.h"
#include "pipeline/readers/seedtext.h"

namespace fs = std::filesystem;

namespace newsdeal {
namespace {

std::string lower_extension(const std::string& name) {
  std::string ext = fs::path(name).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

bool is_jsonl_name(const std::string& name) {
  std::string ext = lower_extension(name);
  return ext == ".jsonl" || ext == ".ndjson";
}

bool is_html_name(const std::string& name) {
  std::string ext = lower_extension(name);
  return ext == ".html" || ext == ".htm";
}

// A JSONL file starts with '{' (after white space or a BOM) on its first line.
bool looks_like_jsonl(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  std::size_t i = head.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && head[i] == '{';
}

bool looks_like_html(std::string_view head) {
  std::size_t i = head.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || head[i] != '<') return false;
  std::string start(head.substr(i, 200));
  std::transform(start.begin(), start.end(), start.begin(), [](unsigned char c) { return std::tolower(c); });
  return start.rfind("<!doctype html", 0) == 0 || start.rfind("<html", 0) == 0 ||
         start.find("<head") != std::string::npos || start.find("<body") != std::string::npos;
}

ArticleError read_error(const std::string& path, std::string message, std::optional<std::size_t> bytes = {}) {
  ArticleError e;
  e.id = id_from_path(path);
  e.source.format = SourceFormat::text;
  e.source.path = path == "-" ? std::nullopt : std::optional<std::string>(path);
  e.stage = Stage::read;
  e.message = std::move(message);
  e.input_bytes = bytes;
  return e;
}

void read_one_file(const std::string& path, const ReadOptions& opts, const ReadSink& sink) {
  const std::string shown = path == "-" ? "stdin" : path;
  std::unique_ptr<ByteSource> src;
  try {
    src = open_file_source(path);
  } catch (const InputError& e) {
    sink(read_error(path, e.what()));
    return;
  }
  try {
    if (is_jsonl_name(path)) {
      read_jsonl(*src, path, {}, opts, sink);
      return;
    }
    // Enough of the head to recognize the format; the rest streams for JSONL.
    std::string head = read_capped(*src, 64 * 1024 - 1);
    if (looks_like_jsonl(head) && !is_html_name(path)) {
      read_jsonl(*src, path, std::move(head), opts, sink);
      return;
    }
    std::string text = std::move(head);
    if (text.size() >= 64 * 1024) text += read_capped(*src, opts.max_article_bytes - std::min(opts.max_article_bytes, text.size()));
    if (text.size() > opts.max_article_bytes) {
      std::size_t total = text.size();
      char buf[1 << 16];
      for (std::size_t got; (got = src->read(buf, sizeof buf)) > 0;) total += got;
      sink(read_error(path,
                      shown + ": article is " + std::to_string(total) + " bytes, over the limit of " +
                          std::to_string(opts.max_article_bytes) + " (--max-article-bytes)",
                      total));
      return;
    }
    if (text.empty()) {
      sink(read_error(path, shown + ": empty input", 0));
      return;
    }
    Article a;
    a.id = id_from_path(path);
    if (path != "-") a.source.path = path;
    if (is_html_name(path) || looks_like_html(text)) {
      a.source.format = SourceFormat::html;
      try {
        a.text = html_to_text(text);
      } catch (const HtmlTooDeep& e) {
        ArticleError err = read_error(path, shown + ": " + e.what(), text.size());
        err.stage = Stage::parse;
        err.source.format = SourceFormat::html;
        sink(std::move(err));
        return;
      }
    } else {
      a.text = std::move(text);
      if (looks_like_seedtext(a.text)) {
        a.source.format = SourceFormat::seedtext;
        parse_seedtext(a);
      } else {
        a.source.format = SourceFormat::text;
      }
    }
    sink(std::move(a));
  } catch (const InputError& e) {
    sink(read_error(path, e.what()));
  }
}

}  // namespace

std::string id_from_path(const std::string& path) {
  if (path == "-") return "stdin";
  fs::path p(path);
  std::string name = p.filename().string();
  // Strip a compression suffix, then the format extension: x.jsonl.gz -> x.
  for (const char* z : {".gz", ".zst"})
    if (name.size() > std::strlen(z) && name.compare(name.size() - std::strlen(z), std::string::npos, z) == 0)
      name.resize(name.size() - std::strlen(z));
  std::string stem = fs::path(name).stem().string();
  return stem.empty() ? name : stem;
}

bool has_article_extension(const std::string& filename) {
  std::string ext = lower_extension(filename);
  return ext == ".txt" || ext == ".text" || ext == ".jsonl" || ext == ".ndjson" || ext == ".html" || ext == ".htm";
}

std::vector<std::string> expand_input(const std::string& input) {
  std::error_code ec;
  if (input == "-" || !fs::is_directory(input, ec)) return {input};
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && has_article_extension(name)) files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void read_inputs(const std::vector<std::string>& inputs, const ReadOptions& opts, const ReadSink& sink) {
  for (const auto& input : inputs) {
    std::error_code ec;
    if (input != "-" && !fs::exists(input, ec)) {
      sink(read_error(input, input + ": no such file or folder"));
      continue;
    }
    for (const auto& file : expand_input(input)) read_one_file(file, opts, sink);
  }
}

}  // namespace newsdeal
