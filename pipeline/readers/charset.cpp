#include "pipeline/readers/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "lang/utf8.h"
#include "pipeline/readers/declared_charset.h"

namespace newsdeal {
namespace {

constexpr std::size_t kDetectWindow = 256 * 1024;
// ICU rates a detection 10 when it saw ten or fewer double-byte characters:
// too few to tell GBK from Big5 or legacy text from noise. Web pages are
// decoded on such a guess (they must be read somehow) after any weak
// declaration; plain text is decoded only from a confident detection.
constexpr int kConfidentDetection = 50;
// A decoding is plausible when this share of its non-ASCII characters reads
// as text in its script (see plausible_share).
constexpr double kPlausible = 0.8;
// Valid UTF-8 with this many non-ASCII characters is UTF-8 whatever is declared.
constexpr std::size_t kUtf8Evidence = 4;

// Labels browsers map to a wider charset than ICU's alias of the same name
// (ICU's "gb2312" is EUC-CN without GBK's characters; pages labelled gb2312
// are GBK in practice).
struct LabelMap {
  const char* label;
  const char* charset;
};
constexpr LabelMap kLabels[] = {
    {"utf-8", "UTF-8"}, {"utf8", "UTF-8"}, {"unicode-1-1-utf-8", "UTF-8"},
    {"gb2312", "GB18030"}, {"gbk", "GB18030"}, {"x-gbk", "GB18030"}, {"gb18030", "GB18030"},
    {"gb_2312-80", "GB18030"}, {"gb_2312", "GB18030"}, {"csgb2312", "GB18030"}, {"chinese", "GB18030"},
    {"iso-ir-58", "GB18030"}, {"cp936", "GB18030"}, {"windows-936", "GB18030"}, {"euc-cn", "GB18030"},
    {"big5", "Big5-HKSCS"}, {"big5-hkscs", "Big5-HKSCS"}, {"cn-big5", "Big5-HKSCS"}, {"csbig5", "Big5-HKSCS"},
    {"x-x-big5", "Big5-HKSCS"}, {"cp950", "Big5-HKSCS"}, {"windows-950", "Big5-HKSCS"}, {"big5hk", "Big5-HKSCS"},
    {"shift_jis", "windows-31j"}, {"shift-jis", "windows-31j"}, {"sjis", "windows-31j"}, {"x-sjis", "windows-31j"},
    {"ms_kanji", "windows-31j"}, {"csshiftjis", "windows-31j"}, {"windows-31j", "windows-31j"},
    {"ms932", "windows-31j"}, {"cp932", "windows-31j"},
    {"euc-kr", "windows-949"}, {"ks_c_5601-1987", "windows-949"}, {"windows-949", "windows-949"},
    {"cp949", "windows-949"},
    {"iso-8859-1", "windows-1252"}, {"iso8859-1", "windows-1252"}, {"iso_8859-1", "windows-1252"},
    {"latin1", "windows-1252"}, {"l1", "windows-1252"}, {"us-ascii", "windows-1252"}, {"ascii", "windows-1252"},
    {"ansi_x3.4-1968", "windows-1252"}, {"windows-1252", "windows-1252"}, {"cp1252", "windows-1252"},
    {"x-cp1252", "windows-1252"},
    {"utf-16", "UTF-16LE"}, {"utf-16le", "UTF-16LE"}, {"utf-16be", "UTF-16BE"},
};

bool is_utf16(const std::string& cs) { return cs == "UTF-16LE" || cs == "UTF-16BE"; }
// The HTTP/1.1 default and the usual misconfiguration: decodes any bytes.
bool is_weak(const std::string& cs) { return cs == "windows-1252"; }

// Counts invalid and valid multi-byte sequences, as a UTF-8 decoder sees them.
struct Utf8Stats {
  std::size_t multibyte = 0, invalid = 0;
  bool ascii_only() const { return multibyte == 0 && invalid == 0; }
  bool valid() const { return invalid == 0; }
};

Utf8Stats utf8_stats(std::string_view s) {
  Utf8Stats st;
  auto cont = [&](std::size_t i, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return i < s.size() && static_cast<unsigned char>(s[i]) >= lo && static_cast<unsigned char>(s[i]) <= hi;
  };
  for (std::size_t i = 0; i < s.size();) {
    unsigned b = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    if (b < 0x80) {
      ++i;
      continue;
    }
    if (b >= 0xC2 && b <= 0xDF) len = cont(i + 1) ? 2 : 0;
    else if (b == 0xE0) len = cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0;
    else if (b == 0xED) len = cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;
    else if (b >= 0xE1 && b <= 0xEF) len = cont(i + 1) && cont(i + 2) ? 3 : 0;
    else if (b == 0xF0) len = cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b >= 0xF1 && b <= 0xF3) len = cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b == 0xF4) len = cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (len) {
      ++st.multibyte;
      i += len;
    } else {
      // One invalid sequence: a lead byte and the continuation bytes after it
      // (a truncated character counts once, as a decoder's U+FFFD would).
      ++st.invalid;
      std::size_t expect = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
      ++i;
      for (std::size_t k = 1; k < expect && b >= 0xC2 && b <= 0xF4 && cont(i); ++k) ++i;
    }
  }
  return st;
}

// Control bytes no text file holds (ESC stays: ISO-2022 text uses it).
bool has_binary_bytes(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) return true;
  return false;
}

// The to-Unicode callback: count every illegal or unassigned sequence and put
// U+FFFD in its place.
void count_and_substitute(const void* context, UConverterToUnicodeArgs* args, const char*, int32_t,
                          UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone
  ++*static_cast<std::size_t*>(const_cast<void*>(context));
  *err = U_ZERO_ERROR;
  const UChar sub = 0xFFFD;
  ucnv_cbToUWriteUChars(args, &sub, 1, 0, err);
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Charsets a detection may pick whatever ICU's confidence: those of Chinese
// (and Japanese, Korean) text and Western single-byte text, in the order ties
// go. Others (Cyrillic, Greek ... single-byte charsets, which ICU offers for
// any short CJK text) need a confident detection.
constexpr const char* kPreferred[] = {"GB18030", "Big5-HKSCS", "windows-31j", "EUC-JP", "windows-949", "windows-1252"};

int preference(const std::string& cs) {
  for (int i = 0; i < static_cast<int>(std::size(kPreferred)); ++i)
    if (cs == kPreferred[i]) return i;
  return static_cast<int>(std::size(kPreferred));
}

bool is_cjk_charset(const std::string& cs) { return preference(cs) < 5; }

bool is_ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The share of non-ASCII characters that read as text: for a CJK charset, Han,
// kana, hangul, CJK and general punctuation, full-width forms; for
// windows-1252, Latin letters next to an ASCII letter (café, München) and
// typographic punctuation. GBK bytes read as windows-1252 give runs of accented
// letters and symbols ("Ó¢Î°´ï"); UTF-8 mistaken for GBK gives rare Han mixed
// with private-use and symbols.
double plausible_share(const std::string& utf8, bool cjk) {
  std::vector<char32_t> cps;
  for (std::size_t i = 0; i < utf8.size();) cps.push_back(next_code_point(utf8, i));
  std::size_t non_ascii = 0, ok = 0;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    char32_t c = cps[i];
    if (c < 0x80) continue;
    ++non_ascii;
    if (cjk) {
      ok += (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
            (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) ||
            (c >= 0x20000 && c <= 0x3FFFF) || c == 0xB7 || c == 0xD7 || c == 0xF7;
      continue;
    }
    bool letter = c >= 0xC0 && c <= 0x17F && c != 0xD7 && c != 0xF7;
    bool next_to_ascii = (i > 0 && is_ascii_letter(cps[i - 1])) || (i + 1 < cps.size() && is_ascii_letter(cps[i + 1]));
    bool punct = (c >= 0xA0 && c <= 0xBF) || (c >= 0x2010 && c <= 0x2027) || c == 0x20AC || c == 0x2122;
    ok += (letter && next_to_ascii) || punct;
  }
  return non_ascii == 0 ? 1.0 : static_cast<double>(ok) / static_cast<double>(non_ascii);
}

struct Candidate {
  std::string charset;
  int confidence = 0;
  Conversion conversion;
};

// ICU's detections of the bytes, run once and only when needed.
struct Detector {
  std::string_view bytes;
  std::vector<Detection> detections;
  bool done = false;

  const std::vector<Detection>& all() {
    if (!done) detections = detect_charsets(bytes);
    done = true;
    return detections;
  }
  int confidence(const std::string& cs) {
    for (const auto& d : all())
      if (d.charset == cs) return d.confidence;
    return 0;
  }
  // The detection that decodes the bytes cleanly and plausibly: highest
  // confidence first, ties in kPreferred order.
  std::optional<Candidate> best(int min_confidence) {
    std::vector<Detection> order = all();
    std::stable_sort(order.begin(), order.end(), [](const Detection& a, const Detection& b) {
      return a.confidence != b.confidence ? a.confidence > b.confidence : preference(a.charset) < preference(b.charset);
    });
    for (const auto& d : order) {
      if (d.confidence < min_confidence || d.charset == "UTF-8") continue;
      bool preferred = preference(d.charset) < static_cast<int>(std::size(kPreferred));
      if (!preferred && d.confidence < kConfidentDetection) continue;
      Conversion c = convert_to_utf8(bytes, d.charset);
      if (!c.clean()) continue;
      if (preferred && plausible_share(c.utf8, is_cjk_charset(d.charset)) < kPlausible) continue;
      return Candidate{d.charset, d.confidence, std::move(c)};
    }
    return std::nullopt;
  }
};

}  // namespace

std::string canonical_charset(std::string_view label) {
  std::string l;
  for (char c : label)
    if (c != '"' && c != '\'' && !std::isspace(static_cast<unsigned char>(c)))
      l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (l.empty()) return {};
  for (const auto& m : kLabels)
    if (l == m.label) return m.charset;
  UErrorCode err = U_ZERO_ERROR;
  const char* name = ucnv_getAlias(l.c_str(), 0, &err);
  if (U_FAILURE(err) || !name) return {};
  return name;
}

std::string_view byte_order_mark(std::string_view bytes, std::size_t* length) {
  std::size_t n = 0;
  std::string_view cs;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") n = 3, cs = "UTF-8";
  else if (bytes.substr(0, 2) == "\xFF\xFE") n = 2, cs = "UTF-16LE";
  else if (bytes.substr(0, 2) == "\xFE\xFF") n = 2, cs = "UTF-16BE";
  if (length) *length = n;
  return cs;
}

Conversion convert_to_utf8(std::string_view bytes, const std::string& charset) {
  Conversion out;
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> cnv(ucnv_open(charset.c_str(), &err));
  if (U_FAILURE(err)) {
    Conversion as_utf8 = convert_to_utf8(bytes, "UTF-8");
    ++as_utf8.bad;
    return as_utf8;
  }
  std::size_t bad = 0;
  ucnv_setToUCallBack(cnv.get(), count_and_substitute, &bad, nullptr, nullptr, &err);
  out.utf8.reserve(bytes.size() + bytes.size() / 2);
  const char* src = bytes.data();
  const char* end = src + bytes.size();
  UChar buf[8192];
  char16_t high = 0;  // a surrogate pair split across two buffers
  auto emit = [&](char32_t cp) {
    if (cp >= 0x80) {
      ++out.non_ascii;
      if ((cp >= 0xE000 && cp <= 0xF8FF) || cp <= 0x9F) ++out.suspect;
    }
    append_utf8(out.utf8, cp);
  };
  do {
    UChar* target = buf;
    err = U_ZERO_ERROR;
    ucnv_toUnicode(cnv.get(), &target, buf + std::size(buf), &src, end, nullptr, /*flush=*/true, &err);
    for (UChar* p = buf; p < target; ++p) {
      char16_t u = *p;
      if (high) {
        if (u >= 0xDC00 && u <= 0xDFFF) {
          emit(0x10000 + ((char32_t(high) - 0xD800) << 10) + (u - 0xDC00));
          high = 0;
          continue;
        }
        emit(0xFFFD), ++bad, high = 0;
      }
      if (u >= 0xD800 && u <= 0xDBFF) high = u;
      else if (u >= 0xDC00 && u <= 0xDFFF) emit(0xFFFD), ++bad;
      else emit(u);
    }
  } while (err == U_BUFFER_OVERFLOW_ERROR);
  if (high) emit(0xFFFD), ++bad;
  if (U_FAILURE(err)) ++bad;
  out.bad = bad;
  return out;
}

std::vector<Detection> detect_charsets(std::string_view bytes) {
  std::size_t start = 0;
  while (start < bytes.size() && static_cast<unsigned char>(bytes[start]) < 0x80) ++start;
  if (start == bytes.size()) return {};
  std::string_view window = bytes.substr(start, kDetectWindow);
  UErrorCode err = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&err);
  if (U_FAILURE(err)) return {};
  ucsdet_enableInputFilter(det, true);
  ucsdet_setText(det, window.data(), static_cast<int32_t>(window.size()), &err);
  int32_t n = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(det, &n, &err);
  std::vector<Detection> out;
  for (int32_t i = 0; U_SUCCESS(err) && i < n; ++i) {
    const char* name = ucsdet_getName(matches[i], &err);
    int conf = ucsdet_getConfidence(matches[i], &err);
    if (U_FAILURE(err) || !name) break;
    std::string cs = canonical_charset(name);
    // UTF-16 and UTF-32 come with a byte order mark (read before detection);
    // ICU reports them for any 0xFF 0xFE in the window.
    if (cs.empty() || cs.rfind("UTF-16", 0) == 0 || cs.rfind("UTF-32", 0) == 0) continue;
    if (std::none_of(out.begin(), out.end(), [&](const Detection& d) { return d.charset == cs; }))
      out.push_back({cs, conf});
  }
  ucsdet_close(det);
  return out;
}

Decoded decode_markup(std::string_view bytes, Markup kind, std::string_view header_charset) {
  std::size_t bom_len = 0;
  if (std::string_view bom = byte_order_mark(bytes, &bom_len); !bom.empty())
    return {convert_to_utf8(bytes.substr(bom_len), std::string(bom)).utf8, std::string(bom), "byte order mark"};

  const bool has_nul = bytes.find('\0') != std::string_view::npos;
  std::string header = canonical_charset(header_charset);
  std::optional<std::string> doc_label =
      kind == Markup::html ? html_meta_charset(bytes) : xml_declared_encoding(bytes);
  if (kind == Markup::html && !doc_label) doc_label = xml_declared_encoding(bytes);  // XHTML
  std::string doc = doc_label ? canonical_charset(*doc_label) : "";
  const std::string doc_reason = kind == Markup::html ? "meta" : "xml declaration";
  // A declaration read in ASCII bytes cannot be right in saying UTF-16: browsers
  // read such a page as UTF-8. The same for a header when the bytes hold no NUL.
  if (is_utf16(doc)) doc = "UTF-8";
  if (is_utf16(header) && !has_nul) header.clear();
  // NUL bytes without UTF-16: binary data, left for the decode stage to name.
  if (has_nul && !is_utf16(header)) return {std::string(bytes), "", "binary"};

  Utf8Stats st = utf8_stats(bytes);
  if (st.valid() && st.multibyte >= kUtf8Evidence) return {std::string(bytes), "UTF-8", "utf-8"};

  Detector det{bytes};
  auto attempt = [&](const std::string& cs) -> std::optional<Conversion> {
    if (cs.empty()) return std::nullopt;
    if (cs == "UTF-8") {
      if (!st.valid()) return std::nullopt;
      Conversion c;
      c.utf8.assign(bytes);
      return c;
    }
    Conversion c = convert_to_utf8(bytes, cs);
    if (!c.clean()) return std::nullopt;
    return c;
  };
  auto from = [&](const std::string* cs) { return cs == &header ? "http header" : doc_reason; };

  // Pure ASCII reads the same in every ASCII-based charset; only the 7-bit
  // stateful ones (ISO-2022-JP, HZ) need converting.
  if (st.ascii_only() && !has_nul) {
    for (const std::string* cs : {&header, &doc})
      if (cs->rfind("ISO_2022", 0) == 0 || cs->rfind("ISO-2022", 0) == 0 || *cs == "HZ")
        if (auto c = attempt(*cs)) return {std::move(c->utf8), *cs, from(cs)};
    return {std::string(bytes), "UTF-8", "ascii"};
  }

  // Strong declarations: the header, then the document's own; when they
  // disagree and both decode cleanly, the detector arbitrates.
  std::optional<Conversion> by_header = is_weak(header) ? std::nullopt : attempt(header);
  std::optional<Conversion> by_doc = is_weak(doc) || doc == header ? std::nullopt : attempt(doc);
  if (by_header && by_doc && det.confidence(doc) > det.confidence(header))
    return {std::move(by_doc->utf8), doc, doc_reason};
  if (by_header) return {std::move(by_header->utf8), header, "http header"};
  if (by_doc) return {std::move(by_doc->utf8), doc, doc_reason};

  if (st.valid()) return {std::string(bytes), "UTF-8", "utf-8"};
  // Well-formed UTF-8 with a stray bad byte or two.
  if (st.invalid * 10 < st.multibyte) return {convert_to_utf8(bytes, "UTF-8").utf8, "UTF-8", "utf-8"};

  // Detection; a weak declaration beats a doubtful one.
  std::optional<Candidate> found = det.best(0);
  if (found && found->confidence >= kConfidentDetection)
    return {std::move(found->conversion.utf8), found->charset, "detected"};
  for (const std::string* cs : {&header, &doc})
    if (is_weak(*cs))
      if (auto c = attempt(*cs)) return {std::move(c->utf8), *cs, from(cs)};
  if (found) return {std::move(found->conversion.utf8), found->charset, "detected"};

  // Nothing decodes cleanly: keep the article, with U+FFFD for the bad bytes.
  std::string fallback = !header.empty() && !is_weak(header) ? header
                         : !doc.empty() && !is_weak(doc)     ? doc
                         : !header.empty()                   ? header
                         : !doc.empty()                      ? doc
                                                             : "UTF-8";
  return {convert_to_utf8(bytes, fallback).utf8, fallback, "fallback"};
}

std::optional<Decoded> decode_plain_text(std::string_view bytes, std::string_view declared) {
  std::size_t bom_len = 0;
  std::string_view bom = byte_order_mark(bytes, &bom_len);
  if (bom == "UTF-16LE" || bom == "UTF-16BE")
    return Decoded{convert_to_utf8(bytes.substr(bom_len), std::string(bom)).utf8, std::string(bom),
                   "byte order mark"};
  if (!bom.empty()) return std::nullopt;  // UTF-8: validated as it is
  std::string cs = canonical_charset(declared);
  if (!cs.empty() && cs != "UTF-8") {
    Conversion c = convert_to_utf8(bytes, cs);
    if (c.clean()) return Decoded{std::move(c.utf8), cs, "declared"};
  }
  Utf8Stats st = utf8_stats(bytes);
  if (st.valid() || has_binary_bytes(bytes)) return std::nullopt;
  // Well-formed UTF-8 with a few bad bytes is broken UTF-8, not another
  // charset: the decode stage names the first bad byte.
  if (st.invalid * 10 < st.multibyte) return std::nullopt;
  Detector det{bytes};
  if (auto found = det.best(kConfidentDetection))
    return Decoded{std::move(found->conversion.utf8), found->charset, "detected"};
  return std::nullopt;
}

}  // namespace newsdeal
