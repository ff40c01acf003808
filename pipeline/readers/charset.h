// Bytes in any charset to UTF-8: which charset a document is in, and the
// conversion (ICU converters and ICU's CharsetDetector).
//
// Web pages and feeds: the charset is chosen in this order (first that applies):
//   1. a byte order mark (UTF-8, UTF-16LE/BE): it cannot be wrong, and browsers
//      let it override everything else;
//   2. bytes that are valid UTF-8 with at least 4 non-ASCII characters are UTF-8,
//      whatever is declared: legacy Chinese text is almost never valid UTF-8 by
//      chance, while stale declarations are common;
//   3. the declarations: the HTTP header's charset, then the document's own
//      (<meta charset>, <meta http-equiv="Content-Type">, <?xml encoding?>).
//      A declaration is taken when the bytes decode in it cleanly (no illegal or
//      unassigned sequence, next to no private-use or C1 characters). When the
//      header and the document disagree and both decode cleanly, the one ICU's
//      detector rates higher wins, the header on a tie. ISO-8859-1, US-ASCII
//      and windows-1252 are weak: they decode any bytes "cleanly" and are the
//      usual server default, so they come after a confident detection (4);
//   4. valid UTF-8 (any), or UTF-8 with fewer than one bad sequence per ten
//      good ones (a stray byte; U+FFFD for it);
//   5. ICU's CharsetDetector over the bytes from the first non-ASCII one on (a
//      page whose first kilobytes are ASCII markup and scripts does not fool
//      it): the most confident detection that decodes cleanly and plausibly
//      (Han, kana, CJK punctuation for CJK charsets; accented letters inside
//      Latin words and typographic punctuation for windows-1252), ties going to
//      GB18030, then Big5, Shift-JIS, EUC-JP, EUC-KR, windows-1252. Other
//      single-byte charsets need confidence 50 (ICU offers Cyrillic or Greek for
//      any short Chinese text). A doubtful detection (under 50: ten or fewer
//      Chinese characters) comes after a weak declaration;
//   6. nothing decodes cleanly: the first declaration (strong before weak),
//      else UTF-8, with U+FFFD for the bad bytes (a page with stray bytes still
//      gives its article).
// Bytes with NUL in them and no UTF-16 BOM or header are binary: returned as
// they are (reason "binary"), for the decode stage to report.
// Labels map as browsers map them (WHATWG): gb2312 and gbk decode as GB18030,
// big5 as Big5-HKSCS, shift_jis as windows-31j, euc-kr as windows-949,
// iso-8859-1 and us-ascii as windows-1252.
//
// Plain text has no declarations. It is decoded when it starts with a UTF-16
// BOM, or when it is not UTF-8 and a confident detection (50 or more) decodes
// it cleanly and plausibly: GBK or Big5 articles of a few sentences and more.
// Otherwise the bytes are left as they are and the pipeline's decode stage
// reports the first invalid byte: binary data, broken UTF-8, a few stray high
// bytes, a Chinese line too short to tell GBK from Big5 or noise.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdeal {

struct Decoded {
  std::string text;     // UTF-8
  std::string charset;  // the ICU converter name used ("UTF-8" when passed through)
  std::string reason;   // "byte order mark", "ascii", "utf-8", "http header", "meta", "xml declaration",
                        // "declared", "detected", "fallback", "binary"
};

// Whether the bytes are markup whose in-document declaration is a <meta> tag
// (HTML) or an XML declaration (feeds, sitemaps).
enum class Markup { html, xml };

// Decodes a web page or XML document. `header_charset` is the charset of the
// HTTP Content-Type header (empty when none).
Decoded decode_markup(std::string_view bytes, Markup kind, std::string_view header_charset = {});

// Decodes plain text when it is not UTF-8 and a charset is known or detected
// that decodes it cleanly; nullopt means "leave the bytes as they are".
// `declared` (empty when none) is tried first.
std::optional<Decoded> decode_plain_text(std::string_view bytes, std::string_view declared = {});

// The ICU converter name for a charset label, mapped as browsers map labels
// ("gb2312" -> "GB18030"); empty when ICU knows no such charset.
std::string canonical_charset(std::string_view label);

// The byte order mark at the start: "UTF-8", "UTF-16LE", "UTF-16BE", or empty.
// `length` receives its size.
std::string_view byte_order_mark(std::string_view bytes, std::size_t* length = nullptr);

struct Conversion {
  std::string utf8;
  std::size_t bad = 0;        // illegal or unassigned byte sequences (each became U+FFFD)
  std::size_t suspect = 0;    // private-use and C1 control characters
  std::size_t non_ascii = 0;  // non-ASCII characters produced
  // No bad sequence, and at most one suspect character in 200 non-ASCII ones.
  bool clean() const { return bad == 0 && suspect * 200 <= non_ascii; }
};

// Converts with ICU's converter `charset` (a canonical name), substituting U+FFFD.
Conversion convert_to_utf8(std::string_view bytes, const std::string& charset);

struct Detection {
  std::string charset;  // canonical converter name
  int confidence;       // ICU's 0..100
};

// ICU's CharsetDetector over the bytes from the first non-ASCII byte (at most
// 256 KiB of them), markup filtered out; best first. Empty for pure ASCII.
std::vector<Detection> detect_charsets(std::string_view bytes);

}  // namespace newsdeal
