// `newsdeal fetch` as a library call: URLs, feeds and sitemaps in, one JSONL
// line per page out, in the order given, raw responses kept in a WARC file.
//
// Order of work: feeds and sitemaps are read first (discover.h) into the work
// list: the URLs given, then each feed's items, then each sitemap's pages.
// `jobs` threads fetch from that list (the Fetcher keeps them polite per
// host), run the pipeline on each page, and hand the lines back; they are
// written in list order, so a slow page holds back the output but not the
// fetching (at most 4 x jobs pages wait, finished, to be written).
//
// The WARC gets robots.txt, feed and sitemap responses as they arrive and each
// page's responses (retried ones and redirects too) when its lines are
// written, so replaying it gives the records in the same order.
#pragma once

#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "pipeline/batch/output.h"
#include "pipeline/fetch/fetcher.h"
#include "pipeline/fetch/warc_writer.h"
#include "pipeline/pipeline.h"
#include "pipeline/readers/reader.h"

namespace newsdeal::fetch {

struct CrawlOptions {
  FetchOptions fetch;
  ReadOptions read;
  unsigned jobs = 8;  // pages fetched at once, over all hosts
  std::vector<std::string> urls, feeds, sitemaps;
  const std::atomic<int>* stop = nullptr;  // non-zero (a signal): finish what is in flight, take no more
};

struct CrawlResult {
  std::size_t pages = 0;  // lines of the work list
  std::size_t records = 0, errors = 0;
  std::map<std::string, std::size_t> errors_by_stage;
  std::size_t responses_kept = 0;  // in the WARC
  int stopped_by = 0;              // the *stop value that ended the run early
  enum class Failure { none, output, warc } failure = Failure::none;
  std::string error;
  double seconds = 0;

  std::size_t written() const { return records + errors; }
};

// `warc` may be null.
CrawlResult crawl(const Pipeline& pipeline, const CrawlOptions& opts, OutputFile& out, WarcWriter* warc);

}  // namespace newsdeal::fetch
