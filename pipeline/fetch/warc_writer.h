// Keeps raw HTTP responses as a WARC 1.1 file (ISO 28500): a warcinfo record,
// then one `response` record per response, its block the status line, the
// headers and the body as received (content coding kept; see http_client.h
// for the one header renamed). A path ending in .gz gets one gzip member per
// record, as crawlers write them, so a cut-off file loses only its last record.
// Records are flushed as they are written.
//
// `newsdeal batch FILE` reads such a file back (readers/warc.h): each 2xx page
// gives the record that `newsdeal fetch` gave for it (id and url from
// WARC-Target-URI, fetched_at from WARC-Date).
//
//   std::string err;
//   auto w = WarcWriter::open("crawl.warc.gz", err);
//   w->write_response(response);   // thread-safe
//   if (!w->close()) fail(w->error());
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "pipeline/fetch/http_client.h"

namespace newsdeal::fetch {

class WarcWriter {
 public:
  // Creates (truncates) `path` and writes the warcinfo record; null with
  // `error` set when it cannot.
  static std::unique_ptr<WarcWriter> open(const std::string& path, std::string& error);
  ~WarcWriter();

  // False once a write has failed; error() says why.
  bool write_response(const Response& r);
  bool close();
  const std::string& error() const { return error_; }

 private:
  WarcWriter(std::string path, std::FILE* f, bool gzip) : path_(std::move(path)), file_(f), gzip_(gzip) {}
  bool write_record(const std::string& header_fields, const std::string& block);

  std::string path_;
  std::FILE* file_;
  bool gzip_;
  std::mutex m_;
  std::string error_;
};

// "sha1:" and the base32 SHA-1 of `data`, as WARC digests are written.
std::string warc_sha1_digest(std::string_view data);

}  // namespace newsdeal::fetch
