#include "pipeline/readers/document.h"

#include <algorithm>
#include <cctype>

#include "pipeline/readers/charset.h"
#include "pipeline/readers/declared_charset.h"
#include "pipeline/readers/feed.h"
#include "pipeline/readers/html_article.h"
#include "pipeline/readers/html_text.h"
#include "pipeline/readers/seedtext.h"
#include "pipeline/readers/sitemap.h"
#include "pipeline/readers/xml_doc.h"

namespace newsdeal {
namespace {

bool looks_like_html(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  std::size_t i = head.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || head[i] != '<') return false;
  std::string start(head.substr(i, 200));
  std::transform(start.begin(), start.end(), start.begin(), [](unsigned char c) { return std::tolower(c); });
  return start.rfind("<!doctype html", 0) == 0 || start.rfind("<html", 0) == 0 ||
         start.find("<head") != std::string::npos || start.find("<body") != std::string::npos;
}

bool is_xml_media(const std::string& m) {
  return m == "text/xml" || m == "application/xml" || m == "application/rss+xml" || m == "application/atom+xml" ||
         m == "application/rdf+xml";
}

class Emitter {
 public:
  Emitter(const DocumentInfo& info, const ReadSink& sink) : info_(info), sink_(sink) {}

  Article article(SourceFormat sniffed) const {
    Article a;
    a.id = info_.id;
    a.source.format = info_.format.value_or(sniffed);
    a.source.path = info_.path;
    a.source.url = info_.url;
    a.source.fetched_at = info_.fetched_at;
    return a;
  }

  void error(Stage stage, SourceFormat sniffed, const std::string& message, std::optional<std::size_t> bytes) const {
    error(article(sniffed), stage, message, bytes);
  }

  // An error for one article of the document (a feed item): its id and source.
  void error(const Article& a, Stage stage, const std::string& message, std::optional<std::size_t> bytes) const {
    ArticleError e;
    e.id = a.id;
    e.source = a.source;
    e.stage = stage;
    e.message = info_.name + ": " + message;
    e.input_bytes = bytes;
    sink_(std::move(e));
  }

  void emit(Article&& a) const { sink_(std::move(a)); }

 private:
  const DocumentInfo& info_;
  const ReadSink& sink_;
};

void read_html(std::string_view bytes, const DocumentInfo& info, const Emitter& out) {
  Decoded d = decode_markup(bytes, Markup::html, charset_from_content_type(info.content_type));
  Article a = out.article(SourceFormat::html);
  try {
    fill_article_from_html(a, d.text);  // main text, headline, date, URL (html_article.h)
  } catch (const HtmlTooDeep& e) {
    out.error(Stage::parse, SourceFormat::html, e.what(), bytes.size());
    return;
  }
  out.emit(std::move(a));
}

void read_text(std::string_view bytes, const DocumentInfo& info, const Emitter& out) {
  Article a = out.article(SourceFormat::text);
  if (auto d = decode_plain_text(bytes, charset_from_content_type(info.content_type))) a.text = std::move(d->text);
  else a.text.assign(bytes);
  if (looks_like_seedtext(a.text)) {
    a.source.format = info.format.value_or(SourceFormat::seedtext);
    parse_seedtext(a);
  }
  out.emit(std::move(a));
}

void read_feed(std::string_view bytes, const DocumentInfo& info, const ReadOptions& opts, const Emitter& out) {
  Feed feed;
  try {
    feed = parse_feed_bytes(bytes, charset_from_content_type(info.content_type));
  } catch (const XmlError& e) {
    out.error(Stage::parse, SourceFormat::rss, e.what(), bytes.size());
    return;
  }
  if (feed.items.empty()) {
    out.error(Stage::parse, feed.format, feed.kind + " feed with no items", bytes.size());
    return;
  }
  for (std::size_t n = 0; n < feed.items.size(); ++n) {
    const FeedItem& it = feed.items[n];
    const std::string where = "item " + std::to_string(n + 1);
    Article a = out.article(feed.format);
    a.id = it.id.empty() ? info.id + ":" + std::to_string(n + 1) : it.id;
    if (!it.url.empty()) a.source.url = it.url;
    if (!it.published.empty()) a.source.published = it.published;
    std::string body;
    try {
      std::string title = it.title_is_html ? html_to_text(it.title) : it.title;
      std::replace(title.begin(), title.end(), '\n', ' ');
      if (!title.empty()) a.title = title;
      body = it.content_is_html ? html_to_text(it.content) : it.content;
    } catch (const HtmlTooDeep& e) {
      out.error(a, Stage::parse, where + ": " + e.what(), it.content.size());
      continue;
    }
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
      out.error(a, Stage::parse,
                where + " has no content or description (its page holds the text: newsdeal fetch --feed)",
                it.content.size());
      continue;
    }
    if (body.size() > opts.max_article_bytes) {
      out.error(a, Stage::read,
                where + " is " + std::to_string(body.size()) + " bytes, over the limit of " +
                    std::to_string(opts.max_article_bytes) + " (--max-article-bytes)",
                body.size());
      continue;
    }
    // The headline as the first line (found as the title section), unless the
    // content already opens with it.
    if (a.title && body.rfind(*a.title, 0) != 0) a.text = *a.title + "\n" + body;
    else a.text = std::move(body);
    out.emit(std::move(a));
  }
}

void read_sitemap(std::string_view bytes, const DocumentInfo& info, const Emitter& out) {
  try {
    Sitemap map = parse_sitemap_bytes(bytes, charset_from_content_type(info.content_type));
    out.error(Stage::parse, SourceFormat::text,
              map.index ? "a sitemap index listing " + std::to_string(map.entries.size()) +
                              " sitemaps, no article text (newsdeal fetch --sitemap reads it)"
                        : "a sitemap listing " + std::to_string(map.entries.size()) +
                              " page URLs, no article text (newsdeal fetch --sitemap fetches them)",
              bytes.size());
  } catch (const XmlError& e) {
    out.error(Stage::parse, SourceFormat::text, e.what(), bytes.size());
  }
}

}  // namespace

DocumentKind sniff_document(std::string_view head, std::string_view filename, std::string_view content_type) {
  switch (xml_kind(xml_root_name(head))) {
    case XmlKind::rss: case XmlKind::rdf: case XmlKind::atom: return DocumentKind::feed;
    case XmlKind::urlset: case XmlKind::sitemapindex: return DocumentKind::sitemap;
    case XmlKind::html: return DocumentKind::html;
    default: break;
  }
  const std::string ext = lower_extension(std::string(filename));
  const std::string media = media_type(content_type);
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml" || media == "text/html" || media == "application/xhtml+xml" ||
      looks_like_html(head))
    return DocumentKind::html;
  XmlKind kind = xml_kind(xml_root_name(head));
  std::string_view h = head.substr(head.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0);
  if (kind == XmlKind::other && h.substr(0, 5) == "<?xml") return DocumentKind::other_xml;
  // Named or served as a feed but no feed root: parse it as one, so the error
  // says what is wrong with it.
  if (ext == ".rss" || ext == ".atom" || ext == ".xml" || is_xml_media(media))
    return kind == XmlKind::other ? DocumentKind::other_xml : DocumentKind::feed;
  return DocumentKind::text;
}

void read_document(std::string_view bytes, const DocumentInfo& info, const ReadOptions& opts, const ReadSink& sink) {
  Emitter out(info, sink);
  if (bytes.empty()) {
    out.error(Stage::read, SourceFormat::text, "empty input", 0);
    return;
  }
  if (bytes.size() > opts.max_article_bytes) {
    out.error(Stage::read, info.format.value_or(SourceFormat::text),
              "article is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                  std::to_string(opts.max_article_bytes) + " (--max-article-bytes)",
              bytes.size());
    return;
  }
  // UTF-16 is decoded first so the format can be told from the text; the
  // decoded text starts with a UTF-8 BOM so the charset step knows it is UTF-8.
  std::string utf16_decoded;
  std::size_t bom = 0;
  if (std::string_view cs = byte_order_mark(bytes, &bom); cs == "UTF-16LE" || cs == "UTF-16BE") {
    utf16_decoded = "\xEF\xBB\xBF" + convert_to_utf8(bytes.substr(bom), std::string(cs)).utf8;
    bytes = utf16_decoded;
  }
  switch (sniff_document(bytes.substr(0, 64 * 1024), info.filename, info.content_type)) {
    case DocumentKind::feed: read_feed(bytes, info, opts, out); return;
    case DocumentKind::sitemap: read_sitemap(bytes, info, out); return;
    case DocumentKind::other_xml:
      out.error(Stage::parse, SourceFormat::text,
                "XML with the root element <" + xml_root_name(bytes.substr(0, 64 * 1024)) +
                    ">, no HTML page, RSS or Atom feed",
                bytes.size());
      return;
    case DocumentKind::html: read_html(bytes, info, out); return;
    case DocumentKind::text:
      // A UTF-8 BOM put there for UTF-16 goes; one the file has stays, as before.
      read_text(utf16_decoded.empty() ? bytes : bytes.substr(3), info, out);
      return;
  }
}

}  // namespace newsdeal
