// Records and error records written straight to a JSONL line, byte for byte what
// outcome_to_json(o).dump() gives (json_writer.cpp builds that tree; a test
// compares the two on every corpus article, on awkward strings and numbers, and
// on random mixes of bytes). Building the tree allocated a node per field and
// cost about twice ICU word-breaking of the same text; this writes through a
// pointer into a buffer each thread keeps, then appends the line in one copy.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>

#include "pipeline/json_writer.h"

namespace newsdeal {
namespace {

// Length of the valid UTF-8 sequence starting at s[i] (a byte >= 0x80), or 0 when
// it is invalid: the strict decoder nlohmann uses (no overlongs, no surrogates,
// nothing above U+10FFFF).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) -> unsigned { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) { return at(k) >= lo && at(k) <= hi; };
  unsigned c = at(0);
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

// Bytes that a JSON string cannot copy as they are: control characters, '"' and
// '\\' (escaped), and the lead and continuation bytes of UTF-8 (checked).
constexpr std::array<bool, 256> kNotPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return t;
}();

// A line as it is written: bytes stored through a pointer, with room made ahead
// for what comes. Appending to a std::string a byte or a key at a time checked
// its capacity and wrote its terminator at every call, most of what writing a
// record cost (a record is about four times its article's bytes).
class Buffer {
 public:
  std::size_t size() const { return static_cast<std::size_t>(at_ - data_.get()); }
  std::size_t capacity() const { return static_cast<std::size_t>(end_ - data_.get()); }
  const char* data() const { return data_.get(); }
  void clear() { at_ = data_.get(); }
  void truncate(std::size_t n) { at_ = data_.get() + n; }
  // Where the next `n` bytes go; advance() past the ones written.
  char* room(std::size_t n) {
    if (static_cast<std::size_t>(end_ - at_) < n) grow(n);
    return at_;
  }
  void advance(char* to) { at_ = to; }
  void put(char c) { *room(1) = c, ++at_; }
  void put(std::string_view s) {
    char* p = room(s.size());
    std::memcpy(p, s.data(), s.size());
    at_ = p + s.size();
  }

 private:
  void grow(std::size_t n) {
    const std::size_t used = size();
    const std::size_t want = std::max({std::size_t{4096}, 2 * capacity(), used + n});
    auto bigger = std::make_unique<char[]>(want);
    if (used) std::memcpy(bigger.get(), data_.get(), used);
    data_ = std::move(bigger);
    at_ = data_.get() + used;
    end_ = data_.get() + want;
  }
  std::unique_ptr<char[]> data_;
  char* at_ = nullptr;
  char* end_ = nullptr;
};

// Whether any of the 8 bytes of `w` is one kNotPlain marks: >= 0x80, below
// 0x20, '"' or '\\' (the exact "has a byte less than / equal to" tests of
// Bit Twiddling Hacks, which answer for the word as a whole).
inline bool any_not_plain(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  const std::uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
  return ((w | ((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)) & highs) != 0;
}

// Appends `s` as a JSON string. Valid UTF-8 is copied with only '"', '\\' and
// control characters escaped; a string with an invalid byte (which the decode
// stage keeps out of records, but a file name in an error message may carry) goes
// through nlohmann's own replacing serializer, so the bytes match it exactly.
void append_string(Buffer& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  static constexpr std::size_t kBlock = 4096;  // bytes read per room() made
  const std::size_t mark = out.size();
  out.put('"');
  const std::size_t n = s.size();
  const auto* in = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < n;) {
    const std::size_t stop = std::min(n, i + kBlock);
    // Room for the worst: every byte a \u00XX escape, and a UTF-8 sequence that
    // starts before `stop` running 3 bytes past it.
    char* p = out.room(6 * (stop - i) + 8);
    while (i < stop) {
      // Plain ASCII (most of English text, all of ids and names) 8 bytes at a time.
      while (i + 8 <= stop) {
        std::uint64_t w;
        std::memcpy(&w, in + i, 8);
        if (any_not_plain(w)) break;
        std::memcpy(p, &w, 8);
        p += 8, i += 8;
      }
      if (i >= stop) break;
      const unsigned char c = in[i];
      if (!kNotPlain[c]) {
        *p++ = static_cast<char>(c), ++i;
        continue;
      }
      if (c >= 0x80) {
        // The common case inline: a 3-byte character without the special cases
        // of E0 and ED (all of CJK); utf8_sequence checks the rest.
        std::size_t len;
        if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && i + 2 < n && (in[i + 1] & 0xC0) == 0x80 &&
            (in[i + 2] & 0xC0) == 0x80) {
          len = 3;
        } else if ((len = utf8_sequence(s, i)) == 0) {
          out.truncate(mark);
          out.put(nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
          return;
        }
        std::memcpy(p, in + i, len);
        p += len, i += len;
        continue;
      }
      *p++ = '\\';
      switch (c) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\b': *p++ = 'b'; break;
        case '\t': *p++ = 't'; break;
        case '\n': *p++ = 'n'; break;
        case '\f': *p++ = 'f'; break;
        case '\r': *p++ = 'r'; break;
        default:
          std::memcpy(p, "u00", 3);
          p[3] = kHex[c >> 4];
          p[4] = kHex[c & 15];
          p += 5;
      }
      ++i;
    }
    out.advance(p);
  }
  out.put('"');
}

// Commas and keys for one nested object or array at a time: `first` says whether
// the next member is the first of its container (no comma before it).
class Line {
 public:
  explicit Line(Buffer& out) : out_(out) {}

  Line& key(std::string_view k) {  // keys are ASCII names from RECORD.md
    // ,"k": in one go: records are mostly keys and short values.
    char* p = out_.room(k.size() + 4);
    if (!first_) *p++ = ',';
    *p++ = '"';
    std::memcpy(p, k.data(), k.size());
    p += k.size();
    *p++ = '"';
    *p++ = ':';
    out_.advance(p);
    first_ = true;  // the value that follows takes no comma
    return *this;
  }
  Line& dyn_key(std::string_view k) {  // keys from data (entity attributes)
    comma();
    append_string(out_, k);
    out_.put(':');
    first_ = true;
    return *this;
  }
  void open(char c) {
    comma();
    out_.put(c);
    first_ = true;
  }
  void close(char c) {
    out_.put(c);
    first_ = false;
  }
  void str(std::string_view s) {
    comma();
    append_string(out_, s);
  }
  void opt(const std::optional<std::string>& s) {
    if (s) str(*s);
    else null();
  }
  void null() { raw("null"); }
  void boolean(bool b) { raw(b ? "true" : "false"); }
  template <typename Int>
  void integer(Int v) {
    comma();
    char* p = out_.room(24);
    out_.advance(std::to_chars(p, p + 24, v).ptr);
  }
  // A double as nlohmann prints it (shortest round trip, "1.0" for whole values,
  // null for NaN and infinities): rare enough per record to let the library do it.
  void real(double d) { raw(nlohmann::json(d).dump()); }
  // json_number(): whole numbers as integers, null for none.
  void number(std::optional<double> v) {
    if (!v) return null();
    double d = *v;
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e15) integer(static_cast<long long>(d));
    else real(d);
  }

 private:
  void comma() {
    if (!first_) out_.put(',');
    first_ = false;
  }
  void raw(std::string_view s) {
    comma();
    out_.put(s);
  }
  Buffer& out_;
  bool first_ = true;
};

void source(Line& w, const Source& s) {
  w.open('{');
  w.key("format").str(source_format_name(s.format));
  w.key("url").opt(s.url);
  w.key("path").opt(s.path);
  w.key("published").opt(s.published);
  w.key("fetched_at").opt(s.fetched_at);
  w.close('}');
}

void range_members(Line& w, const Range& r) {
  w.key("min").number(r.min);
  w.key("max").number(r.max);
  w.key("approx").boolean(r.approx);
}

void range(Line& w, const Range& r) {
  w.open('{');
  range_members(w, r);
  w.close('}');
}

enum class Qualifier { none, currency, unit, text };

void amount(Line& w, const std::optional<Amount>& a, Qualifier q) {
  if (!a) return w.null();
  w.open('{');
  range_members(w, a->range);
  if (q == Qualifier::currency) {
    w.key("currency").opt(a->currency);
    w.key("per").opt(a->per);
  } else if (q == Qualifier::unit) {
    w.key("unit").opt(a->unit);
  } else if (q == Qualifier::text) {
    w.key("text").opt(a->text);
  }
  w.close('}');
}

void langs(Line& w, const std::vector<Lang>& ls) {
  w.open('[');
  for (Lang l : ls) w.str(lang_name(l));
  w.close(']');
}

void strings(Line& w, const std::vector<std::string>& v) {
  w.open('[');
  for (const auto& s : v) w.str(s);
  w.close(']');
}

void evidence(Line& w, const std::vector<Evidence>& ev) {
  w.open('[');
  for (const auto& e : ev) {
    w.open('{');
    w.key("lang").str(lang_name(e.lang));
    w.key("start").integer(e.span.start);
    w.key("end").integer(e.span.end);
    w.close('}');
  }
  w.close(']');
}

void entity(Line& w, const Entity& e) {
  w.open('{');
  w.key("id").str(e.id);
  w.key("type").str(entity_type_name(e.type));
  if (e.key) {
    w.key("key").str(*e.key);
    w.key("name").opt(e.name);
  }
  if (e.value) range(w.key("value"), *e.value);
  w.key("attrs").open('{');
  for (const auto& [k, v] : e.attrs) {
    w.dyn_key(k);
    if (v.empty()) w.null();
    else w.str(v);
  }
  w.close('}');
  w.key("mentions").open('[');
  for (const auto& m : e.mentions) {
    w.open('{');
    w.key("start").integer(m.span.start);
    w.key("end").integer(m.span.end);
    w.key("text").str(m.text);
    w.key("lang").str(m.lang == Lang::none || m.lang == Lang::mixed ? "en" : lang_name(m.lang));
    w.key("section").integer(m.section);
    w.close('}');
  }
  w.close(']');
  w.close('}');
}

void deal(Line& w, const Deal& d) {
  w.open('{');
  w.key("id").str(d.id);
  w.key("type").str(d.type);
  w.key("buyer").opt(d.buyer);
  w.key("vendor").opt(d.vendor);
  w.key("provider").opt(d.provider);
  w.key("product").opt(d.product);
  w.key("kind").opt(d.kind);
  amount(w.key("value"), d.value, Qualifier::currency);
  amount(w.key("term"), d.term, Qualifier::text);
  amount(w.key("quantity"), d.quantity, Qualifier::unit);
  w.key("purpose").opt(d.purpose);
  w.key("status").opt(d.status);
  langs(w.key("langs"), d.langs);
  evidence(w.key("evidence"), d.evidence);
  w.key("conflicts").open('[');
  for (const auto& c : d.conflicts) {
    w.open('{');
    w.key("field").str(c.field);
    strings(w.key("values"), c.values);
    strings(w.key("langs"), c.langs);
    w.close('}');
  }
  w.close(']');
  w.key("confidence").real(d.confidence);
  w.close('}');
}

void event(Line& w, const Event& e) {
  w.open('{');
  w.key("type").str(e.type);
  w.key("org").opt(e.org);
  if (e.type == "revenue") {
    w.key("segment").opt(e.segment);
    amount(w.key("value"), e.value, Qualifier::currency);
  } else {
    amount(w.key("headcount"), e.headcount, Qualifier::none);
    amount(w.key("percent"), e.percent, Qualifier::none);
  }
  langs(w.key("langs"), e.langs);
  evidence(w.key("evidence"), e.evidence);
  w.close('}');
}

void record(Line& w, const Record& r) {
  w.open('{');
  w.key("schema").str("newsdeal.article/1");
  w.key("id").str(r.id);
  source(w.key("source"), r.source);
  w.key("title").opt(r.title);
  langs(w.key("langs"), r.langs);
  w.key("sections").open('[');
  for (const auto& s : r.sections) {
    w.open('{');
    w.key("name").str(s.name);
    w.key("lang").str(s.lang == Lang::none ? "mixed" : lang_name(s.lang));
    w.key("start").integer(s.span.start);
    w.key("end").integer(s.span.end);
    w.close('}');
  }
  w.close(']');
  w.key("entities").open('[');
  for (const auto& e : r.entities) entity(w, e);
  w.close(']');
  w.key("deals").open('[');
  for (const auto& d : r.deals) deal(w, d);
  w.close(']');
  w.key("events").open('[');
  for (const auto& e : r.events) event(w, e);
  w.close(']');
  strings(w.key("warnings"), r.warnings);
  if (r.text) w.key("text").str(*r.text);
  w.close('}');
}

void error(Line& w, const ArticleError& e) {
  w.open('{');
  w.key("schema").str("newsdeal.error/1");
  w.key("id").str(e.id);
  source(w.key("source"), e.source);
  w.key("stage").str(stage_name(e.stage));
  w.key("error").str(e.message);
  if (e.input_bytes) w.key("input_bytes").integer(*e.input_bytes);
  w.close('}');
}

}  // namespace

void append_jsonl_line(std::string& out, const Outcome& o) {
  thread_local Buffer buffer;  // kept for the thread's next line
  buffer.clear();
  Line w(buffer);
  if (const auto* r = std::get_if<Record>(&o)) record(w, *r);
  else error(w, std::get<ArticleError>(o));
  // Into an empty string (the batch's case), one allocation at its size, and a
  // byte more for the newline that callers add; a longer one grows as it will.
  if (out.empty()) out.reserve(buffer.size() + 1);
  out.append(buffer.data(), buffer.size());
  if (buffer.capacity() > (std::size_t{16} << 20)) buffer = Buffer();  // after one huge record: not kept
}

}  // namespace newsdeal
