#include "pipeline/serve/request_body.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "lang/utf8.h"
#include "pipeline/readers/byte_source.h"
#include "pipeline/readers/document.h"
#include "pipeline/readers/jsonl.h"

namespace newsdeal::serve {
namespace {

// The body as a ByteSource, so the file readers read it as they read a file.
class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string_view s) : s_(s) {}
  std::size_t read(char* buf, std::size_t n) override {
    n = std::min(n, s_.size() - pos_);
    std::copy_n(s_.data() + pos_, n, buf);
    pos_ += n;
    return n;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool looks_like_html(std::string_view head) {
  std::size_t i = head.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || head[i] != '<') return false;
  std::string start = lower(head.substr(i, 512));
  return start.rfind("<!doctype html", 0) == 0 || start.rfind("<html", 0) == 0 ||
         start.find("<head") != std::string::npos || start.find("<body") != std::string::npos;
}

bool looks_like_json(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  std::size_t i = head.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && head[i] == '{';
}

// FNV-1a: a stable id for a body without one (not a security hash; ids only).
std::string hash_id(std::string_view body) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "body-%016llx", static_cast<unsigned long long>(h));
  return buf;
}

ArticleError body_error(std::string id, Stage stage, std::string message, std::size_t bytes) {
  ArticleError e;
  e.id = std::move(id);
  e.stage = stage;
  e.message = std::move(message);
  e.input_bytes = bytes;
  return e;
}

// The readers name the input they read; a request body is not a file.
void drop_path(ReadItem& item) {
  std::visit([](auto& x) { x.source.path.reset(); }, item);
}

BodyItem from_read_item(ReadItem&& item) {
  drop_path(item);
  if (auto* a = std::get_if<Article>(&item)) return std::move(*a);
  return std::get<ArticleError>(std::move(item));
}

}  // namespace

std::string where_in(std::string_view text, std::size_t byte) {
  byte = std::min(byte, text.size());
  std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + byte, '\n'));
  std::size_t line_start = text.rfind('\n', byte == 0 ? std::string_view::npos : byte - 1);
  std::size_t column = byte - (line_start == std::string_view::npos || byte == 0 ? 0 : line_start + 1) + 1;
  return "byte " + std::to_string(byte) + " (line " + std::to_string(line) + ", column " + std::to_string(column) +
         ")";
}

std::optional<BodyKind> body_kind(std::string_view content_type, std::string_view body) {
  std::string type = lower(content_type.substr(0, content_type.find(';')));
  type.erase(std::remove(type.begin(), type.end(), ' '), type.end());
  if (type == "text/plain") return BodyKind::text;
  if (type == "text/html" || type == "application/xhtml+xml") return BodyKind::html;
  if (type == "application/json") return BodyKind::json;
  // No type, or the ones clients send when they name none (curl -d): by content.
  if (type.empty() || type == "application/octet-stream" || type == "application/x-www-form-urlencoded") {
    std::string_view head = body.substr(0, 4096);
    if (looks_like_json(head)) return BodyKind::json;
    if (looks_like_html(head)) return BodyKind::html;
    return BodyKind::text;
  }
  return std::nullopt;
}

BodyItem article_from_body(std::string body, BodyKind kind, std::string_view content_type,
                           const ArticleParams& params, const ReadOptions& opts) {
  const std::string id = params.id.value_or(hash_id(body));
  if (body.size() > opts.max_article_bytes)
    return body_error(id, Stage::read,
                      "request body: article is " + std::to_string(body.size()) + " bytes, over the limit of " +
                          std::to_string(opts.max_article_bytes) + " (--max-article-bytes)",
                      body.size());
  if (kind == BodyKind::json) {
    // JSON strings must be UTF-8: say so, and where, before the JSON parser
    // reports it as a syntax error.
    if (auto bad = find_invalid_utf8(body))
      return BodyError{"bad_utf8", "request body: invalid UTF-8 at " + where_in(body, *bad)};
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(body);
    } catch (const nlohmann::json::parse_error& e) {
      std::string why = e.what();
      if (auto colon = why.find(": "); colon != std::string::npos) why = why.substr(colon + 2);
      // nlohmann counts the byte after the one that broke the syntax.
      std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
      return BodyError{"bad_json", "request body: not JSON at " + where_in(body, at) + ": " + why};
    }
    // One line, as the JSONL reader takes it, so the fields mean exactly what
    // they mean in a dump.
    std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::optional<BodyItem> out;
    StringSource src(line);
    read_jsonl(src, "body", {}, opts, [&](ReadItem&& item) { out = from_read_item(std::move(item)); });
    if (!out) return BodyError{"bad_json", "request body: no JSON article"};
    const bool has_id = j.is_object() && j.contains("id");
    std::visit(
        [&](auto& x) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(x)>, BodyError>) {
            if (!has_id) x.id = id;
          }
        },
        *out);
    return std::move(*out);
  }

  // Text or HTML: the file reader's own code, charset and seedtext included.
  // A type the client did not really name is left for the content to decide.
  std::string type = lower(content_type.substr(0, content_type.find(';')));
  DocumentInfo info;
  info.name = "request body";
  info.id = id;
  info.url = params.url;
  if (type.rfind("text/", 0) == 0 || type == "application/xhtml+xml") info.content_type = std::string(content_type);
  std::vector<ReadItem> items;
  read_document(body, info, opts, [&](ReadItem&& item) { items.push_back(std::move(item)); });
  if (items.size() != 1)
    return BodyError{"not_one_article", "request body holds " + std::to_string(items.size()) +
                                            " articles (a feed?); POST /v1/extract takes one, POST /v1/batch "
                                            "takes them as JSONL"};
  drop_path(items[0]);
  if (auto* a = std::get_if<Article>(&items[0])) {
    if (params.title) a->title = params.title;
    if (params.published) a->source.published = params.published;
    if (params.lang) a->lang_hint = params.lang;
    return std::move(*a);
  }
  return std::get<ArticleError>(std::move(items[0]));
}

std::vector<ReadItem> articles_from_jsonl(const std::string& body, const ReadOptions& opts) {
  std::vector<ReadItem> items;
  StringSource src(body);
  read_jsonl(src, "batch", {}, opts, [&](ReadItem&& item) {
    drop_path(item);
    items.push_back(std::move(item));
  });
  // The JSONL reader reports a line with invalid UTF-8 as "not JSON": name the
  // real fault and its byte.
  std::vector<std::size_t> starts{0};
  for (std::size_t i = body.find('\n'); i != std::string::npos; i = body.find('\n', i + 1)) starts.push_back(i + 1);
  for (auto& item : items) {
    auto* err = std::get_if<ArticleError>(&item);
    if (!err || err->stage != Stage::parse) continue;
    const std::string prefix = "batch:";
    std::size_t colon = err->message.find(": not JSON");
    if (err->message.rfind(prefix, 0) != 0 || colon == std::string::npos) continue;
    std::size_t lineno = std::stoul(err->message.substr(prefix.size(), colon - prefix.size()));
    if (lineno == 0 || lineno > starts.size()) continue;
    std::size_t begin = starts[lineno - 1];
    std::size_t end = lineno < starts.size() ? starts[lineno] - 1 : body.size();
    std::string_view line(body.data() + begin, end - begin);
    if (auto bad = find_invalid_utf8(line)) {
      err->stage = Stage::decode;
      err->message = prefix + std::to_string(lineno) + ": invalid UTF-8 at byte " + std::to_string(*bad) +
                     " of the line";
    }
  }
  return items;
}

}  // namespace newsdeal::serve
