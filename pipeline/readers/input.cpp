#include "pipeline/readers/input.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <cstring>
#include <system_error>

#include "pipeline/readers/byte_source.h"
#include "pipeline/readers/decompress.h"
#include "pipeline/readers/document.h"
#include "pipeline/readers/jsonl.h"
#include "pipeline/readers/warc.h"

namespace fs = std::filesystem;

namespace newsdeal {
namespace {

// Enough of the head to recognize a format; the rest streams for JSONL and WARC.
constexpr std::size_t kSniffBytes = 64 * 1024;

bool is_jsonl_name(const std::string& name) {
  std::string ext = lower_extension(name);
  return ext == ".jsonl" || ext == ".ndjson";
}

bool is_markup_name(const std::string& name) {
  std::string ext = lower_extension(name);
  return ext == ".html" || ext == ".htm" || ext == ".xhtml" || ext == ".rss" || ext == ".atom" || ext == ".xml";
}

// A JSONL file starts with '{' (after white space or a BOM) on its first line.
bool looks_like_jsonl(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  std::size_t i = head.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && head[i] == '{';
}

// A source that failed: every read raises the failure again, so a reader that
// got the bytes before it reports it when it reaches that point.
class FailedSource : public ByteSource {
 public:
  explicit FailedSource(std::string message) : message_(std::move(message)) {}
  std::size_t read(char*, std::size_t) override { throw InputError(message_); }

 private:
  std::string message_;
};

// Reads up to `cap` bytes. A failure midway (truncated gzip) keeps what came
// before it, and `src` becomes a FailedSource raising it again later.
std::string read_head(std::unique_ptr<ByteSource>& src, std::size_t cap) {
  std::string out;
  char buf[1 << 16];
  try {
    while (out.size() < cap) {
      std::size_t got = src->read(buf, std::min(sizeof buf, cap - out.size()));
      if (got == 0) break;
      out.append(buf, got);
    }
  } catch (const InputError& e) {
    src = std::make_unique<FailedSource>(e.what());
  }
  return out;
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
  // The name without .gz/.zst says the format; the content decides whether it
  // is compressed.
  const std::string logical = path == "-" ? std::string() : without_compression_suffix(path);
  std::unique_ptr<ByteSource> src;
  Compression compression = Compression::none;
  try {
    src = open_decompressed(open_file_source(path), shown, &compression);
  } catch (const InputError& e) {
    sink(read_error(path, e.what()));
    return;
  }
  try {
    if (is_jsonl_name(logical)) {
      read_jsonl(*src, path, {}, opts, sink);
      return;
    }
    std::string head = read_head(src, kSniffBytes);
    if (looks_like_warc(head) || lower_extension(logical) == ".warc") {
      read_warc(*src, path, std::move(head), opts, sink);
      return;
    }
    if (looks_like_jsonl(head) && !is_markup_name(logical)) {
      read_jsonl(*src, path, std::move(head), opts, sink);
      return;
    }
    std::string text = std::move(head);
    // Read on even when the head came short: a failed source raises its error.
    text += read_capped(*src, opts.max_article_bytes - std::min(opts.max_article_bytes, text.size()));
    if (text.size() > opts.max_article_bytes) {
      if (compression != Compression::none) {
        // Decompressing the rest only to count it is what a gzip bomb wants.
        sink(read_error(path, shown + ": article is over " + std::to_string(opts.max_article_bytes) +
                                  " bytes decompressed, the limit (--max-article-bytes); stopped reading there"));
        return;
      }
      std::size_t total = text.size();
      char buf[1 << 16];
      for (std::size_t got; (got = src->read(buf, sizeof buf)) > 0;) total += got;
      sink(read_error(path,
                      shown + ": article is " + std::to_string(total) + " bytes, over the limit of " +
                          std::to_string(opts.max_article_bytes) + " (--max-article-bytes)",
                      total));
      return;
    }
    DocumentInfo info;
    info.name = shown;
    info.id = id_from_path(path);
    info.filename = logical;
    if (path != "-") info.path = path;
    read_document(text, info, opts, sink);
  } catch (const InputError& e) {
    sink(read_error(path, e.what()));
  }
}

}  // namespace

std::string without_compression_suffix(const std::string& path) {
  for (const char* z : {".gz", ".zst"}) {
    std::size_t n = std::strlen(z);
    if (path.size() > n && lower_extension(path) == z) return path.substr(0, path.size() - n);
  }
  return path;
}

std::string lower_extension(const std::string& name) {
  std::string ext = fs::path(name).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

std::string id_from_path(const std::string& path) {
  if (path == "-") return "stdin";
  // Strip a compression suffix, then the format extension: x.jsonl.gz -> x.
  std::string name = without_compression_suffix(fs::path(path).filename().string());
  std::string stem = fs::path(name).stem().string();
  return stem.empty() ? name : stem;
}

bool has_article_extension(const std::string& filename) {
  std::string ext = lower_extension(without_compression_suffix(filename));
  for (const char* e : kArticleExtensions)
    if (ext == e) return true;
  return false;
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
