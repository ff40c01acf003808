// An HTTP response as a WARC response record keeps it: status line, headers and
// the body as it went over the wire (chunked, compressed). Parsing the head and
// undoing the transfer and content codings; the fetcher's raw responses replay
// through the same code.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsdeal {

struct HttpHead {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, values trimmed
  std::size_t body_offset = 0;                               // where the body starts in the bytes parsed

  // The first header of that (lower-case) name.
  std::optional<std::string> header(std::string_view name) const;
};

// The status line and headers at the start of `bytes` (CRLF or bare LF line
// ends); nullopt when they are not a complete HTTP response head.
std::optional<HttpHead> parse_http_head(std::string_view bytes);

struct HttpBodyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Undoes Transfer-Encoding: chunked and Content-Encoding gzip, x-gzip, deflate
// (zlib or raw) and br. Archives that stored the body already decoded but kept
// the header (the bytes are no chunks, no gzip) are taken as they are. More than
// `max_bytes` out throws HttpBodyError ("over the limit"), as does corrupt data.
std::string decode_http_body(std::string_view body, const HttpHead& head, std::size_t max_bytes);

}  // namespace newsdeal
