#include "pipeline/readers/http_message.h"

#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace newsdeal {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string over_limit(std::size_t max_bytes) {
  return "the decoded body is over the limit of " + std::to_string(max_bytes) + " bytes (--max-article-bytes)";
}

// Undoes chunking; nullopt when the body does not start with a chunk size line
// (an archive that stored it already de-chunked).
std::optional<std::string> dechunk(std::string_view body, std::size_t max_bytes) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) {
      if (pos == 0) return std::nullopt;
      throw HttpBodyError("chunked body ends inside a chunk-size line at byte " + std::to_string(pos));
    }
    std::string_view line = trim(body.substr(pos, nl - pos));
    line = line.substr(0, line.find(';'));  // chunk extensions
    std::size_t size = 0, digits = 0;
    for (char c : trim(line)) {
      int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : (c >= 'a' && c <= 'f')                     ? c - 'a' + 10
              : (c >= 'A' && c <= 'F')                     ? c - 'A' + 10
                                                           : -1;
      if (v < 0 || digits >= 15) {
        digits = 0;
        break;
      }
      size = size * 16 + static_cast<std::size_t>(v);
      ++digits;
    }
    if (digits == 0) {
      if (pos == 0) return std::nullopt;
      throw HttpBodyError("bad chunk size at byte " + std::to_string(pos) + " of the chunked body");
    }
    pos = nl + 1;
    if (size == 0) return out;  // trailers, if any, are not needed
    if (size > body.size() - pos)
      throw HttpBodyError("chunked body ends inside a chunk (a chunk of " + std::to_string(size) + " bytes at byte " +
                          std::to_string(pos) + ", " + std::to_string(body.size() - pos) + " left)");
    if (out.size() + size > max_bytes) throw HttpBodyError(over_limit(max_bytes));
    out.append(body.substr(pos, size));
    pos += size;
    if (body.substr(pos, 2) == "\r\n") pos += 2;
    else if (body.substr(pos, 1) == "\n") pos += 1;
  }
}

std::string inflate_body(std::string_view in, int window_bits, std::size_t max_bytes, const char* what) {
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  if (inflateInit2(&zs, window_bits) != Z_OK) throw HttpBodyError(std::string("cannot start ") + what + " decoding");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[1 << 16];
  int ret = Z_OK;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    ret = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&zs);
      throw HttpBodyError(over_limit(max_bytes));
    }
    if (ret == Z_STREAM_END) {
      // Another gzip member may follow.
      if (zs.avail_in > 0 && window_bits > MAX_WBITS && *zs.next_in == 0x1F) {
        inflateReset(&zs);
        continue;
      }
      break;
    }
    if (ret == Z_BUF_ERROR && zs.avail_in == 0) {
      inflateEnd(&zs);
      throw HttpBodyError(std::string(what) + " body is truncated (after " + std::to_string(out.size()) +
                          " decoded bytes)");
    }
    if (ret != Z_OK && ret != Z_BUF_ERROR) {
      std::string msg = zs.msg ? zs.msg : "error " + std::to_string(ret);
      inflateEnd(&zs);
      throw HttpBodyError(std::string("corrupt ") + what + " body at byte " + std::to_string(zs.total_in) + ": " + msg);
    }
  }
  inflateEnd(&zs);
  return out;
}

std::string brotli_body(std::string_view in, std::size_t max_bytes) {
  BrotliDecoderState* st = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (!st) throw HttpBodyError("cannot start brotli decoding");
  std::size_t avail_in = in.size();
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(in.data());
  std::string out;
  uint8_t buf[1 << 16];
  BrotliDecoderResult r;
  do {
    std::size_t avail_out = sizeof buf;
    uint8_t* next_out = buf;
    r = BrotliDecoderDecompressStream(st, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    out.append(reinterpret_cast<char*>(buf), sizeof buf - avail_out);
    if (out.size() > max_bytes) {
      BrotliDecoderDestroyInstance(st);
      throw HttpBodyError(over_limit(max_bytes));
    }
  } while (r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT);
  std::string err = r == BROTLI_DECODER_RESULT_ERROR
                        ? std::string("corrupt brotli body: ") +
                              BrotliDecoderErrorString(BrotliDecoderGetErrorCode(st))
                        : "brotli body is truncated";
  BrotliDecoderDestroyInstance(st);
  if (r != BROTLI_DECODER_RESULT_SUCCESS) throw HttpBodyError(err);
  return out;
}

// Whether bytes already read as text: an archive that decoded the body but kept
// the Content-Encoding header.
bool looks_decoded(std::string_view body) {
  std::string_view head = trim(body.substr(0, 64));
  return !head.empty() && (head.front() == '<' || head.front() == '{');
}

}  // namespace

std::optional<std::string> HttpHead::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return std::nullopt;
}

std::optional<HttpHead> parse_http_head(std::string_view bytes) {
  if (bytes.substr(0, 5) != "HTTP/") return std::nullopt;
  std::size_t crlf = bytes.find("\r\n\r\n"), lf = bytes.find("\n\n");
  std::size_t end, body;
  if (crlf != std::string_view::npos && (lf == std::string_view::npos || crlf < lf)) end = crlf, body = crlf + 4;
  else if (lf != std::string_view::npos) end = lf, body = lf + 2;
  else return std::nullopt;
  std::string_view head = bytes.substr(0, end);
  HttpHead h;
  h.body_offset = body;
  std::size_t nl = head.find('\n');
  std::string_view status_line = trim(head.substr(0, nl));
  std::size_t sp = status_line.find(' ');
  if (sp == std::string_view::npos) return std::nullopt;
  std::string_view code = status_line.substr(sp + 1, 3);
  if (code.size() != 3 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  h.status = std::stoi(std::string(code));
  std::size_t pos = nl == std::string_view::npos ? head.size() : nl + 1;
  while (pos < head.size()) {
    std::size_t e = head.find('\n', pos);
    if (e == std::string_view::npos) e = head.size();
    std::string_view line = head.substr(pos, e - pos);
    pos = e + 1;
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t') && !h.headers.empty()) {
      h.headers.back().second += " " + std::string(trim(line));  // a folded continuation line
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    h.headers.emplace_back(lower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  }
  return h;
}

std::string decode_http_body(std::string_view body, const HttpHead& head, std::size_t max_bytes) {
  std::string data;
  auto te = head.header("transfer-encoding");
  if (te && lower(*te).find("chunked") != std::string::npos) {
    if (auto d = dechunk(body, max_bytes)) data = std::move(*d);
    else data.assign(body);
  } else {
    data.assign(body);
  }
  auto ce = head.header("content-encoding");
  if (!ce) return data;
  // Codings apply in the order listed: undo them last to first.
  std::vector<std::string> codings;
  std::string list = lower(*ce);
  for (std::size_t pos = 0; pos <= list.size();) {
    std::size_t comma = std::min(list.find(',', pos), list.size());
    std::string c(trim(std::string_view(list).substr(pos, comma - pos)));
    if (!c.empty()) codings.push_back(c);
    pos = comma + 1;
  }
  for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
    const std::string& c = *it;
    if (c == "identity") continue;
    if (c == "gzip" || c == "x-gzip") {
      if (data.size() < 2 || data[0] != '\x1F' || data[1] != '\x8B') {
        if (looks_decoded(data)) continue;
        throw HttpBodyError("Content-Encoding says gzip, but the body is no gzip data");
      }
      data = inflate_body(data, 16 + MAX_WBITS, max_bytes, "gzip");
    } else if (c == "deflate") {
      if (looks_decoded(data)) continue;
      // "deflate" is meant as zlib-wrapped, but servers also send raw deflate.
      bool zlib_header = data.size() >= 2 && (static_cast<unsigned char>(data[0]) & 0x0F) == 8 &&
                         ((static_cast<unsigned char>(data[0]) << 8) | static_cast<unsigned char>(data[1])) % 31 == 0;
      data = inflate_body(data, zlib_header ? MAX_WBITS : -MAX_WBITS, max_bytes, "deflate");
    } else if (c == "br") {
      if (looks_decoded(data)) continue;
      data = brotli_body(data, max_bytes);
    } else {
      throw HttpBodyError("unsupported Content-Encoding: " + c);
    }
  }
  return data;
}

}  // namespace newsdeal
