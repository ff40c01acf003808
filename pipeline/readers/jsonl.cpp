#include "pipeline/readers/jsonl.h"

#include <nlohmann/json.hpp>

#include "lang/utf8.h"
#include "pipeline/readers/html_text.h"
#include "pipeline/readers/jsonl_object.h"

namespace newsdeal {

void read_jsonl(ByteSource& src, const std::string& name, std::string prefix, const ReadOptions& opts,
                const ReadSink& sink) {
  const std::string stem = id_from_path(name);
  LineReader lines(src, opts.max_article_bytes, std::move(prefix));
  std::string line;
  bool too_long = false;
  std::size_t line_bytes = 0;
  std::size_t lineno = 0;
  while (lines.next(line, too_long, line_bytes)) {
    ++lineno;
    if (!too_long && line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank line
    const std::string where = name + ":" + std::to_string(lineno);
    ArticleError err;
    err.id = stem + ":" + std::to_string(lineno);
    err.source.format = SourceFormat::jsonl;
    err.source.path = name;
    err.input_bytes = line_bytes;
    if (too_long) {
      err.stage = Stage::read;
      err.message = where + ": line is " + std::to_string(line_bytes) + " bytes, over the limit of " +
                    std::to_string(opts.max_article_bytes) + " (--max-article-bytes)";
      sink(std::move(err));
      continue;
    }
    err.stage = Stage::parse;
    std::optional<JsonlObject> fields = read_object_fast(line);
    nlohmann::json j;
    if (!fields) j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!fields && j.is_discarded()) {
      if (std::optional<std::size_t> bad = find_invalid_utf8(line)) {
        // JSON text is UTF-8; say so rather than "not JSON", and keep the line's id
        // when the rest of it reads (bad bytes stood in for by '?').
        std::string repaired = line;
        for (std::optional<std::size_t> b = bad; b; b = find_invalid_utf8(repaired)) repaired[*b] = '?';
        nlohmann::json k = nlohmann::json::parse(repaired, nullptr, /*allow_exceptions=*/false);
        if (k.is_object())
          if (auto id = object_fields(k).id; id && !id->empty()) err.id = *id;
        err.stage = Stage::decode;
        err.message = where + ": invalid UTF-8 at byte " + std::to_string(*bad) + " of the line";
        sink(std::move(err));
        continue;
      }
      // Say where the JSON breaks: re-parse with exceptions for the position.
      std::string why = "not JSON";
      try {
        nlohmann::json again = nlohmann::json::parse(line);
        (void)again;
      } catch (const nlohmann::json::parse_error& e) {
        why = "not JSON (byte " + std::to_string(e.byte) + " of the line)";
      }
      err.message = where + ": " + why;
      sink(std::move(err));
      continue;
    }
    if (!fields && !j.is_object()) {
      err.message = where + ": not a JSON object";
      sink(std::move(err));
      continue;
    }
    JsonlObject o = fields ? std::move(*fields) : object_fields(j);
    if (o.id && !o.id->empty()) err.id = *o.id;
    else if (o.numeric_id) err.id = std::to_string(*o.numeric_id);

    Article a;
    a.id = err.id;
    a.source.format = SourceFormat::jsonl;
    a.source.path = name;
    a.source.url = std::move(o.url);
    a.source.published = std::move(o.published);
    a.title = std::move(o.title);
    a.lang_hint = std::move(o.lang);
    if (o.text && !o.text->empty()) {
      a.text = std::move(*o.text);
    } else if (auto& html = o.html; html && !html->empty()) {
      a.source.format = SourceFormat::html;
      try {
        a.text = html_to_text(*html);
      } catch (const HtmlTooDeep& e) {
        err.source.format = SourceFormat::html;
        err.message = where + ": " + e.what();
        sink(std::move(err));
        continue;
      }
    } else {
      err.source.url = a.source.url;
      err.message = where + ": no \"text\" or \"html\" field with content";
      sink(std::move(err));
      continue;
    }
    sink(std::move(a));
  }
}

}  // namespace newsdeal
