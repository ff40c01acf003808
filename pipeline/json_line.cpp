// Records and error records written straight to a JSONL line, byte for byte what
// outcome_to_json(o).dump() gives (json_writer.cpp builds that tree; a test
// compares the two on every corpus article and on awkward strings and numbers).
// Building the tree allocated a node per field and cost about twice ICU
// word-breaking of the same text; this writes into one reused string.
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

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

// Appends `s` as a JSON string. Valid UTF-8 is copied with only '"', '\\' and
// control characters escaped; a string with an invalid byte (which the decode
// stage keeps out of records, but a file name in an error message may carry) goes
// through nlohmann's own replacing serializer, so the bytes match it exactly.
void append_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::size_t mark = out.size();
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    // Plain ASCII runs (most of English text, all of ids and names) in a tight loop.
    while (i < n && !kNotPlain[static_cast<unsigned char>(s[i])]) ++i;
    if (i == n) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t len = utf8_sequence(s, i);
      if (len == 0) {
        out.resize(mark);
        out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
      }
      i += len;
      continue;
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    run = ++i;
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

// Commas and keys for one nested object or array at a time: `first` says whether
// the next member is the first of its container (no comma before it).
class Line {
 public:
  explicit Line(std::string& out) : out_(out) {}

  Line& key(std::string_view k) {  // keys are ASCII names from RECORD.md
    // ,"k": in one append: records are mostly keys and short values.
    char buf[64];
    std::size_t n = 0;
    if (!first_) buf[n++] = ',';
    buf[n++] = '"';
    k = k.substr(0, sizeof buf - 4);
    std::memcpy(buf + n, k.data(), k.size());
    n += k.size();
    buf[n++] = '"';
    buf[n++] = ':';
    out_.append(buf, n);
    first_ = true;  // the value that follows takes no comma
    return *this;
  }
  Line& dyn_key(std::string_view k) {  // keys from data (entity attributes)
    comma();
    append_string(out_, k);
    out_ += ':';
    first_ = true;
    return *this;
  }
  void open(char c) {
    comma();
    out_ += c;
    first_ = true;
  }
  void close(char c) {
    out_ += c;
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
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
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
    if (!first_) out_ += ',';
    first_ = false;
  }
  void raw(std::string_view s) {
    comma();
    out_ += s;
  }
  std::string& out_;
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
  Line w(out);
  if (const auto* r = std::get_if<Record>(&o)) record(w, *r);
  else error(w, std::get<ArticleError>(o));
}

}  // namespace newsdeal
