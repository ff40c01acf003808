// WARC 1.0 and 1.1 (ISO 28500) crawl archives: .warc, .warc.gz (one gzip member
// per record, or one for all), .warc.zst; recognized by the "WARC/1." line at
// the start as well as by name.
//
// A `response` record holding an HTTP response with status 2xx and an HTML or
// plain-text body becomes one article: id and url from WARC-Target-URI (the id
// a fetch of that URL gives, so replaying a fetch's WARC gives the same
// records; WARC-Record-ID when there is no URI), fetched_at from WARC-Date,
// charset from the HTTP Content-Type header first (charset.h), chunked transfer
// coding and gzip, deflate or br content coding undone. A `resource` record
// with an HTML or text Content-Type is read the same way without the HTTP part.
//
// Not articles, skipped without a record: request, metadata, warcinfo,
// revisit and conversion records; responses that are redirects or errors
// (non-2xx), not HTTP (dns:), or hold no page (images, scripts, styles,
// robots.txt), and feeds and sitemaps (discovery documents: the pages they
// list are records of their own).
//
// Limits and damage: a record whose page is over max_article_bytes is one
// error record and skipped without being held in memory. A record cut off by
// the end of the file (or of its gzip data) is one error record naming the
// record and where. A record whose block does not end where its
// Content-Length says, or bytes that are no WARC record, give one error record
// and reading goes on at the next "WARC/1." line.
#pragma once

#include <string>

#include "pipeline/readers/byte_source.h"
#include "pipeline/readers/reader.h"

namespace newsdeal {

// Whether bytes start as a WARC file does ("WARC/1.0" or "WARC/1.1" line).
bool looks_like_warc(std::string_view head);

// Reads every record of `src` (`prefix`: bytes already read from it). `name`
// is the input's path, for messages and source.path.
void read_warc(ByteSource& src, const std::string& name, std::string prefix, const ReadOptions& opts,
               const ReadSink& sink);

}  // namespace newsdeal
