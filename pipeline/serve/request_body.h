// Request bodies as articles: what POST /v1/extract and POST /v1/batch hold,
// read by the same code as files (the JSONL reader for JSON articles, the
// document reader for text and HTML, with its charset handling), so an article
// gives the same record over HTTP as from `newsdeal extract`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "pipeline/readers/reader.h"

namespace newsdeal::serve {

// A body that is not an article at all: bad JSON or bad UTF-8. `message` names
// what is wrong and where (byte, line and column in the body).
struct BodyError {
  std::string code;  // bad_json, bad_utf8, not_one_article
  std::string message;
};

// What a POST /v1/extract names beside the body (query parameters); for JSON
// articles the object's own fields win.
struct ArticleParams {
  std::optional<std::string> id, url, title, lang, published;
};

enum class BodyKind { text, html, json };

// The kind from the Content-Type (text/plain, text/html, application/json),
// else from the content; nullopt for a media type that is none of these.
std::optional<BodyKind> body_kind(std::string_view content_type, std::string_view body);

using BodyItem = std::variant<Article, ArticleError, BodyError>;

// One article from a POST /v1/extract body; `content_type` is the request's
// (its charset is used). Without an id (parameter or JSON field) the id is
// "body-" and a hash of the body, so the same article posted twice is the same
// source in the model. A body that holds several articles (a feed) is a
// BodyError: this route answers one record.
BodyItem article_from_body(std::string body, BodyKind kind, std::string_view content_type,
                           const ArticleParams& params, const ReadOptions& opts);

// Every line of a POST /v1/batch body (JSONL), in order: an article or an error
// naming the line ("batch:3: not JSON (byte 17 of the line)"), one per line that
// is not blank.
std::vector<ReadItem> articles_from_jsonl(const std::string& body, const ReadOptions& opts);

// "byte N (line L, column C)" for a 0-based byte offset into `text`; the column
// counts bytes from 1.
std::string where_in(std::string_view text, std::size_t byte);

}  // namespace newsdeal::serve
