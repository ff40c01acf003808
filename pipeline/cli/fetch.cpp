// `newsdeal fetch`: pages over HTTP(S) into records, politely (robots.txt,
// per-host limits, retries with backoff), the raw responses optionally kept as
// WARC for `newsdeal batch` to replay. The work is pipeline/fetch/crawl.h's.
#include <csignal>
#include <iostream>

#include "pipeline/batch/output.h"
#include "pipeline/batch/stop_signals.h"
#include "pipeline/cli/subcommand.h"
#include "pipeline/fetch/crawl.h"

namespace newsdeal::cli {
namespace {

struct FetchCommand {
  CommonOptions common;
  fetch::CrawlOptions crawl;
  std::string output = "-";
  std::string warc;
  double delay_ms = 250;
};

void print_summary(const fetch::CrawlResult& r, const FetchCommand& o) {
  std::cerr << "newsdeal: " << r.written() << " lines: " << r.records << " records, " << r.errors << " errors";
  if (r.errors) {
    std::cerr << " (";
    bool first = true;
    for (const auto& [stage, n] : r.errors_by_stage) {
      std::cerr << (first ? "" : ", ") << stage << " " << n;
      first = false;
    }
    std::cerr << ")";
  }
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, r.seconds < 10 ? "%.2f" : "%.0f", r.seconds);
  std::cerr << " in " << elapsed << " s";
  if (!o.warc.empty()) std::cerr << "; " << r.responses_kept << " responses kept in " << o.warc;
  if (o.output != "-") std::cerr << "; written to " << o.output;
  std::cerr << "\n";
}

int run_fetch(FetchCommand& o) {
  auto& c = o.crawl;
  if (c.urls.empty() && c.feeds.empty() && c.sitemaps.empty()) {
    std::cerr << "newsdeal fetch: give at least one URL, --feed URL or --sitemap URL\n";
    return kExitUsage;
  }
  // A server that closes while OpenSSL writes to it would otherwise kill the
  // program with SIGPIPE; the failed write is reported as an error instead.
  std::signal(SIGPIPE, SIG_IGN);
  c.read = o.common.read;
  c.fetch.delay = o.delay_ms / 1000.0;
  if (c.fetch.client.user_agent.empty()) c.fetch.client.user_agent = "newsdeal/" NEWSDEAL_VERSION;

  Pipeline pipeline(o.common.pipeline);  // bad rules stop the program before anything is fetched
  std::string why;
  auto out = OutputFile::open(o.output, false, nullptr, why);
  if (!out) {
    std::cerr << "newsdeal: " << why << "\n";
    return kExitUsage;
  }
  std::unique_ptr<fetch::WarcWriter> warc;
  if (!o.warc.empty()) {
    warc = fetch::WarcWriter::open(o.warc, why);
    if (!warc) {
      std::cerr << "newsdeal: " << why << "\n";
      return kExitUsage;
    }
  }

  fetch::CrawlResult r;
  {
    StopOnSignals signals;
    c.stop = &signals.stop();
    r = fetch::crawl(pipeline, c, *out, warc.get());
    c.stop = nullptr;
  }
  if (!out->close() && r.failure == fetch::CrawlResult::Failure::none) {
    r.failure = fetch::CrawlResult::Failure::output;
    r.error = out->error();
  }
  if (warc && !warc->close() && r.failure == fetch::CrawlResult::Failure::none) {
    r.failure = fetch::CrawlResult::Failure::warc;
    r.error = warc->error();
  }
  if (r.failure != fetch::CrawlResult::Failure::none) {
    print_summary(r, o);
    std::cerr << "newsdeal: " << r.error << "\n";
    return kExitOutputFailed;
  }
  if (r.stopped_by) {
    print_summary(r, o);
    std::cerr << "newsdeal: stopped by " << signal_name(r.stopped_by) << " after " << r.written() << " of "
              << r.pages << " lines; every line written is complete\n";
    return 128 + r.stopped_by;
  }
  if (!o.common.quiet || r.errors) print_summary(r, o);
  return r.errors ? kExitSomeFailed : kExitOk;
}

}  // namespace

Subcommand add_fetch_command(CLI::App& app) {
  auto o = std::make_shared<FetchCommand>();
  auto& c = o->crawl;
  auto& f = c.fetch;
  auto* cmd = app.add_subcommand(
      "fetch", "Fetch pages over HTTP(S) and print one record per page (as extract does); feeds and sitemaps "
               "list the pages to fetch; robots.txt, per-host limits and retries keep it polite");
  cmd->add_option("URL", c.urls, "Pages to fetch (http:// or https://)");
  cmd->add_option("--feed", c.feeds, "An RSS or Atom feed whose items' pages to fetch (repeatable)");
  cmd->add_option("--sitemap", c.sitemaps, "A sitemap or sitemap index whose pages to fetch (repeatable)");
  cmd->add_option("-o,--output", o->output, "Output JSONL file (default: stdout)");
  cmd->add_option("--warc", o->warc,
                  "Keep the raw responses in this WARC 1.1 file (gzip per record when it ends in .gz); "
                  "newsdeal batch FILE replays it into the same records");
  cmd->add_option("--timeout", f.client.total_timeout, "Seconds for one whole request, however slowly it trickles")
      ->default_val(f.client.total_timeout)
      ->check(CLI::PositiveNumber);
  cmd->add_option("--connect-timeout", f.client.connect_timeout, "Seconds to connect (and finish TLS)")
      ->default_val(f.client.connect_timeout)
      ->check(CLI::PositiveNumber);
  cmd->add_option("--read-timeout", f.client.read_timeout, "Seconds without a byte before a read gives up")
      ->default_val(f.client.read_timeout)
      ->check(CLI::PositiveNumber);
  cmd->add_option("--retries", f.retries, "Further attempts after timeouts, broken connections, 429 and 5xx")
      ->default_val(f.retries)
      ->check(CLI::Range(0, 100));
  cmd->add_option("--backoff", f.backoff, "Seconds before the first retry; doubles each time, with jitter")
      ->default_val(f.backoff)
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-retry-after", f.max_retry_after,
                  "The longest Retry-After (seconds) waited for; a longer one gives up at once")
      ->default_val(f.max_retry_after)
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-redirects", f.max_redirects, "Redirects followed per URL")
      ->default_val(f.max_redirects)
      ->check(CLI::Range(0, 100));
  cmd->add_option("--user-agent", f.client.user_agent,
                  "User-Agent header; its first word is the robots.txt user-agent (default: newsdeal/" NEWSDEAL_VERSION
                  ")");
  cmd->add_option("--max-body", f.client.max_body, "Bytes of a response body (as sent) before the transfer stops")
      ->default_val(f.client.max_body)
      ->check(CLI::PositiveNumber);
  cmd->add_option("--per-host", f.per_host, "Requests to one host at a time")
      ->default_val(f.per_host)
      ->check(CLI::Range(1u, 64u));
  cmd->add_option("--delay", o->delay_ms,
                  "Milliseconds between request starts on one host (robots.txt Crawl-delay, when longer, wins)")
      ->default_val(o->delay_ms)
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--ignore-robots", [f = &f](std::int64_t) { f->robots = false; }, "Fetch what robots.txt disallows");
  cmd->add_option("--ca-file", f.client.ca_file, "PEM file of CA certificates to trust instead of the system store")
      ->check(CLI::ExistingFile);
  cmd->add_option("-j,--jobs", c.jobs, "Pages fetched at once, over all hosts")
      ->default_val(c.jobs)
      ->check(CLI::Range(1u, 256u));
  add_common_options(cmd, o->common);
  return {cmd, [o] { return run_fetch(*o); }};
}

}  // namespace newsdeal::cli
