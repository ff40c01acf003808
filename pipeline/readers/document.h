// One whole document in memory (a file, stdin, a WARC record's payload, a
// fetched body) to its article or articles. What it is comes from its content
// first, then its name, then its Content-Type:
//   - a feed (root <rss>, <rdf:RDF>, <feed>): one article per item, its title as
//     the first line, its HTML content as text (feed.h);
//   - a sitemap (<urlset>, <sitemapindex>): no article text; one error record,
//     stage parse, saying how many URLs it lists (the fetcher reads sitemaps);
//   - other XML (<?xml ...?> with another root): one error record, stage parse;
//   - HTML (.html, .htm, .xhtml, text/html, <!doctype html>, <html>, <head>,
//     <body>): the main text with its headline and metadata (html_article.h);
//   - anything else: plain text, or seedtext when its labels are there.
// Bytes are decoded to UTF-8 as charset.h says, with the Content-Type's charset
// first. Feed content is already Unicode once the feed is decoded, so an item's
// HTML is never decoded a second time, whatever its own <meta> says.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pipeline/article.h"
#include "pipeline/readers/reader.h"

namespace newsdeal {

struct DocumentInfo {
  std::string name;  // shown in messages: a path, "stdin", "dump.warc.gz record <uri>"
  std::string id;    // the record id; feed items without their own id get "<id>:<n>"
  std::string filename;  // for the extension ("" when none): a path without .gz/.zst
  std::optional<std::string> path, url, fetched_at;
  std::string content_type;            // the HTTP Content-Type value, "" when none
  std::optional<SourceFormat> format;  // overrides the sniffed source.format (warc)
};

enum class DocumentKind { text, html, feed, sitemap, other_xml };

// What a document is, from its first bytes, file name and media type.
DocumentKind sniff_document(std::string_view head, std::string_view filename, std::string_view content_type);

// Calls `sink` once per article or error the document gives (a feed: one per item).
void read_document(std::string_view bytes, const DocumentInfo& info, const ReadOptions& opts, const ReadSink& sink);

}  // namespace newsdeal
