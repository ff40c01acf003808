#include "pipeline/readers/warc.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <vector>

#include "pipeline/readers/declared_charset.h"
#include "pipeline/readers/document.h"
#include "pipeline/readers/http_message.h"

namespace newsdeal {
namespace {

constexpr std::size_t kMaxHeaderLine = 64 * 1024;
constexpr std::size_t kMaxHeaderBytes = 1 << 20;
// A response block holds the HTTP head as well as the page: allowed on top of
// max_article_bytes before the record counts as over the limit.
constexpr std::size_t kHttpHeadAllowance = 1 << 20;
// What is read of an over-long block to tell whether it is a page at all.
constexpr std::size_t kPeekBytes = 64 * 1024;

// Buffered reading with the offset into the (decompressed) WARC data.
class Stream {
 public:
  Stream(ByteSource& src, std::string prefix) : src_(src), buf_(std::move(prefix)) {}

  std::uint64_t offset() const { return base_ + pos_; }

  // The next line without its end; nullopt at the end of input. A line over
  // `max` bytes is consumed whole and returned cut, with too_long set.
  std::optional<std::string> line(std::size_t max, bool& too_long) {
    too_long = false;
    std::string out;
    bool any = false;
    while (true) {
      std::size_t nl = buf_.find('\n', pos_);
      std::size_t end = nl == std::string::npos ? buf_.size() : nl;
      any |= end > pos_ || nl != std::string::npos;
      std::size_t room = max > out.size() ? max - out.size() : 0;
      if (end - pos_ > room) too_long = true;
      out.append(buf_, pos_, std::min(room, end - pos_));
      if (nl != std::string::npos) {
        pos_ = nl + 1;
        if (!out.empty() && out.back() == '\r') out.pop_back();
        return out;
      }
      pos_ = buf_.size();
      if (!fill()) {
        if (!any) return std::nullopt;
        if (!out.empty() && out.back() == '\r') out.pop_back();
        return out;
      }
    }
  }

  // Appends up to n bytes to `out`; fewer only at the end of input.
  std::size_t read(std::string& out, std::size_t n) {
    std::size_t done = 0;
    while (done < n) {
      if (pos_ == buf_.size() && !fill()) break;
      std::size_t k = std::min(n - done, buf_.size() - pos_);
      out.append(buf_, pos_, k);
      pos_ += k;
      done += k;
    }
    return done;
  }

  std::size_t skip(std::uint64_t n) {
    std::uint64_t done = 0;
    while (done < n) {
      if (pos_ == buf_.size() && !fill()) break;
      std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(n - done, buf_.size() - pos_));
      pos_ += k;
      done += k;
    }
    return static_cast<std::size_t>(done);
  }

  // Up to n bytes ahead, not consumed.
  std::string_view peek(std::size_t n) {
    while (buf_.size() - pos_ < n && fill()) {
    }
    return std::string_view(buf_).substr(pos_, n);
  }

 private:
  bool fill() {
    if (eof_) return false;
    if (pos_ > (1u << 20) || pos_ == buf_.size()) {
      buf_.erase(0, pos_);
      base_ += pos_;
      pos_ = 0;
    }
    std::size_t old = buf_.size();
    buf_.resize(old + (1 << 16));
    std::size_t got = src_.read(buf_.data() + old, 1 << 16);
    buf_.resize(old + got);
    if (got == 0) eof_ = true;
    return got > 0;
  }

  ByteSource& src_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::uint64_t base_ = 0;
  bool eof_ = false;
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// WARC 1.0 writers put angle brackets around URIs; 1.1 does not.
std::string unbracket(std::string_view v) {
  v = trim(v);
  if (v.size() >= 2 && v.front() == '<' && v.back() == '>') v = v.substr(1, v.size() - 2);
  return std::string(v);
}

struct Record {
  std::size_t number = 0;   // 1-based, for messages
  std::uint64_t start = 0;  // offset of its version line
  std::vector<std::pair<std::string, std::string>> headers;
  std::string type, uri, record_id, date, content_type;
  std::optional<std::uint64_t> length;

  const std::string* header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (k == name) return &v;
    return nullptr;
  }
};

bool is_robots(const std::string& uri) {
  std::string u = lower(uri);
  std::size_t q = u.find_first_of("?#");
  if (q != std::string::npos) u.resize(q);
  return u.size() >= 11 && u.compare(u.size() - 11, 11, "/robots.txt") == 0;
}

// Whether a payload is a page to read: HTML or plain text, not a feed or
// sitemap (discovery documents), not robots.txt.
bool is_page(std::string_view body, const std::string& content_type, const std::string& uri) {
  DocumentKind kind = sniff_document(body.substr(0, kPeekBytes), "", content_type);
  if (kind == DocumentKind::feed || kind == DocumentKind::sitemap || kind == DocumentKind::other_xml) return false;
  std::string media = media_type(content_type);
  if (media == "text/html" || media == "application/xhtml+xml") return true;
  if (media == "text/plain") return !is_robots(uri);
  return kind == DocumentKind::html && (media.empty() || media == "text/xml" || media == "application/xml");
}

class WarcReader {
 public:
  WarcReader(ByteSource& src, const std::string& name, std::string prefix, const ReadOptions& opts,
             const ReadSink& sink)
      : in_(src, std::move(prefix)), name_(name), stem_(id_from_path(name)), opts_(opts), sink_(sink) {}

  void run() {
    std::optional<std::string> carried;  // a version line found while resynchronizing
    std::uint64_t carried_at = 0;
    while (true) {
      Record r;
      r.number = records_ + 1;
      r.start = in_.offset();
      try {
        std::string version;
        if (carried) {
          version = std::move(*carried);
          r.start = carried_at;
          carried.reset();
        } else {
          bool too_long = false;
          std::optional<std::string> line;
          do {
            r.start = in_.offset();
            line = in_.line(kMaxHeaderLine, too_long);
          } while (line && line->empty() && !too_long);
          if (!line) return;
          version = std::move(*line);
        }
        records_ = r.number;
        if (version.rfind("WARC/1.", 0) != 0) {
          error(r, Stage::parse,
                "no WARC record here (a line starting \"" + printable(version.substr(0, 20)) +
                    "\"); skipped to the next record");
          if (!resync(carried, carried_at)) return;
          continue;
        }
        if (!read_headers(r)) return;
        if (!r.length) {
          error(r, Stage::parse, "no valid Content-Length; skipped to the next record");
          if (!resync(carried, carried_at)) return;
          continue;
        }
        if (!read_block(r) && !resync(carried, carried_at)) return;
      } catch (const InputError& e) {
        // The data itself broke (truncated or corrupt gzip/zstd): nothing after
        // this point can be read.
        error(r, Stage::read, std::string("cut off: ") + e.what());
        return;
      }
    }
  }

 private:
  static std::string printable(std::string s) {
    for (char& c : s)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) c = '?';
    return s;
  }

  std::string describe(const Record& r) const {
    std::string d = "record " + std::to_string(r.number);
    if (!r.uri.empty()) d += " (" + r.uri + ")";
    return d + " at byte " + std::to_string(r.start);
  }

  void error(const Record& r, Stage stage, const std::string& what, std::optional<std::size_t> bytes = {}) {
    ArticleError e;
    e.id = !r.uri.empty() ? r.uri : !r.record_id.empty() ? r.record_id : stem_ + ":" + std::to_string(r.number);
    e.source.format = SourceFormat::warc;
    if (name_ != "-") e.source.path = name_;
    if (!r.uri.empty()) e.source.url = r.uri;
    e.stage = stage;
    e.message = (name_ == "-" ? std::string("stdin") : name_) + ": " + describe(r) + ": " + what;
    e.input_bytes = bytes;
    sink_(std::move(e));
  }

  // Reads lines up to the next one that starts a record.
  bool resync(std::optional<std::string>& carried, std::uint64_t& at) {
    bool too_long = false;
    while (true) {
      std::uint64_t start = in_.offset();
      std::optional<std::string> line = in_.line(kMaxHeaderLine, too_long);
      if (!line) return false;
      if (line->rfind("WARC/1.", 0) == 0 && !too_long) {
        carried = std::move(*line);
        at = start;
        return true;
      }
    }
  }

  bool read_headers(Record& r) {
    std::size_t total = 0;
    while (true) {
      bool too_long = false;
      std::optional<std::string> line = in_.line(kMaxHeaderLine, too_long);
      if (!line) {
        error(r, Stage::read, "the file ends inside the record's WARC headers");
        return false;
      }
      if (line->empty() && !too_long) break;
      total += line->size();
      if (too_long || total > kMaxHeaderBytes) {
        error(r, Stage::parse, "WARC headers over " + std::to_string(kMaxHeaderBytes) + " bytes");
        return false;
      }
      std::size_t colon = line->find(':');
      if (colon == std::string::npos) continue;
      r.headers.emplace_back(lower(trim(std::string_view(*line).substr(0, colon))),
                             std::string(trim(std::string_view(*line).substr(colon + 1))));
    }
    if (auto* v = r.header("warc-type")) r.type = lower(*v);
    if (auto* v = r.header("warc-target-uri")) r.uri = unbracket(*v);
    if (auto* v = r.header("warc-record-id")) r.record_id = unbracket(*v);
    if (auto* v = r.header("warc-date")) r.date = *v;
    if (auto* v = r.header("content-type")) r.content_type = *v;
    if (auto* v = r.header("content-length")) {
      std::string_view n = trim(*v);
      if (!n.empty() && n.size() <= 18 && std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }))
        r.length = std::stoull(std::string(n));
    }
    return true;
  }

  // After a block: "\r\n\r\n". Taken too: a bare "\n\n", a single line end
  // before the next record (some writers), or the end of the file.
  bool trailer_ok() {
    std::string_view t = in_.peek(9);
    if (t.empty()) return true;
    if (t.substr(0, 4) == "\r\n\r\n") return in_.skip(4), true;
    if (t.substr(0, 2) == "\n\n") return in_.skip(2), true;
    if (t == "\r\n" || t == "\n") return in_.skip(t.size()), true;
    if (t.substr(0, 9) == "\r\nWARC/1.") return in_.skip(2), true;
    if (t.substr(0, 8) == "\nWARC/1.") return in_.skip(1), true;
    return false;
  }

  // Reads one record's block; false when reading must resynchronize.
  bool read_block(Record& r) {
    const std::uint64_t len = *r.length;
    const bool candidate = r.type == "response" || r.type == "resource";
    if (!candidate) {
      std::size_t got = in_.skip(len);
      if (got < len) {
        error(r, Stage::read, truncated(len, got));
        return true;
      }
      return trailer_ok() || mislength(r);
    }
    const std::uint64_t cap = opts_.max_article_bytes + kHttpHeadAllowance;
    const bool whole = len <= cap;
    std::string block;
    const std::size_t want = whole ? static_cast<std::size_t>(len) : kPeekBytes;
    std::size_t got = in_.read(block, want);
    if (got < want) {
      error(r, Stage::read, truncated(len, got));
      return true;
    }
    std::optional<HttpHead> head;
    std::string_view body = block;
    std::string content_type = r.content_type;
    bool page = true;
    if (r.type == "response") {
      std::string media = media_type(r.content_type);
      if (!media.empty() && media != "application/http") page = false;  // dns: and others
      else if (!(head = parse_http_head(block))) page = false;
      else if (head->status < 200 || head->status > 299) page = false;
      else {
        body.remove_prefix(std::min(head->body_offset, body.size()));
        content_type = head->header("content-type").value_or("");
      }
    }
    if (page) page = is_page(body, content_type, r.uri);
    if (!whole) {
      in_.skip(len - got);
      if (page)
        error(r, Stage::read,
              "the record is " + std::to_string(len) + " bytes, over the limit of " +
                  std::to_string(opts_.max_article_bytes) + " (--max-article-bytes)",
              static_cast<std::size_t>(len));
      return trailer_ok() || mislength(r);
    }
    if (!trailer_ok()) return mislength(r);
    if (!page) return true;
    std::string decoded;
    if (head) {
      try {
        decoded = decode_http_body(body, *head, opts_.max_article_bytes);
      } catch (const HttpBodyError& e) {
        error(r, Stage::read, e.what(), body.size());
        return true;
      }
      body = decoded;
    }
    DocumentInfo info;
    info.name = (name_ == "-" ? std::string("stdin") : name_) + ": " + describe(r);
    info.id = !r.uri.empty() ? r.uri : !r.record_id.empty() ? r.record_id : stem_ + ":" + std::to_string(r.number);
    if (name_ != "-") info.path = name_;
    if (!r.uri.empty()) info.url = r.uri;
    if (!r.date.empty()) info.fetched_at = r.date;
    info.content_type = content_type;
    info.format = SourceFormat::warc;
    read_document(body, info, opts_, sink_);
    return true;
  }

  std::string truncated(std::uint64_t len, std::size_t got) const {
    return "truncated: Content-Length says " + std::to_string(len) + " bytes, the file ends after " +
           std::to_string(got);
  }

  // The block did not end where its Content-Length says.
  bool mislength(const Record& r) {
    error(r, Stage::parse,
          "the block does not end where its Content-Length (" + std::to_string(*r.length) +
              ") says; skipped to the next record");
    return false;
  }

  Stream in_;
  const std::string& name_;
  std::string stem_;
  const ReadOptions& opts_;
  const ReadSink& sink_;
  std::size_t records_ = 0;
};

}  // namespace

bool looks_like_warc(std::string_view head) { return head.rfind("WARC/1.", 0) == 0; }

void read_warc(ByteSource& src, const std::string& name, std::string prefix, const ReadOptions& opts,
               const ReadSink& sink) {
  WarcReader(src, name, std::move(prefix), opts, sink).run();
}

}  // namespace newsdeal
