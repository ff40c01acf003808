#include "tests/fuzz/targets.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "extractors/rules.h"
#include "lang/numerals.h"
#include "pipeline/json_writer.h"
#include "pipeline/pipeline.h"
#include "pipeline/readers/html_text.h"
#include "pipeline/readers/input.h"

namespace newsdeal::fuzz {
namespace {

std::string_view view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

const Pipeline& pipeline() {
  static const Pipeline p(PipelineOptions{});
  return p;
}

// Writes the bytes to a file with the given extension and reads it as the
// program does (format by content, then by name; gzip and zstd undone), running
// the pipeline on each article: the whole input side of `newsdeal batch`.
int read_as(std::string_view ext, const std::uint8_t* data, std::size_t size) {
  static const std::string dir = [] {
    std::string d = (std::filesystem::temp_directory_path() / ("newsdeal-fuzz-" + std::to_string(::getpid()))).string();
    std::filesystem::create_directories(d);
    return d;
  }();
  const std::string path = dir + "/input" + std::string(ext);
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  } else {
    std::abort();  // the fuzzer's own temp folder: nothing to learn from going on
  }
  ReadOptions opts;
  opts.max_article_bytes = 1u << 20;
  read_inputs({path}, opts, [&](ReadItem&& item) {
    if (auto* a = std::get_if<Article>(&item)) (void)to_jsonl_line(pipeline().process(*a));
  });
  return 0;
}

int seedtext(const std::uint8_t* d, std::size_t n) { return read_as(".txt", d, n); }
int jsonl(const std::uint8_t* d, std::size_t n) { return read_as(".jsonl", d, n); }
int html(const std::uint8_t* d, std::size_t n) { return read_as(".html", d, n); }
int feed(const std::uint8_t* d, std::size_t n) { return read_as(".xml", d, n); }
int warc(const std::uint8_t* d, std::size_t n) { return read_as(".warc", d, n); }
int gzip(const std::uint8_t* d, std::size_t n) { return read_as(".jsonl.gz", d, n); }
int zstd(const std::uint8_t* d, std::size_t n) { return read_as(".jsonl.zst", d, n); }

int html_text(const std::uint8_t* d, std::size_t n) {
  (void)html_to_text(view(d, n));
  return 0;
}

int numerals(const std::uint8_t* d, std::size_t n) {
  std::string_view s = view(d, n);
  (void)parse_number(s);
  (void)find_numbers(s);
  return 0;
}

// A rule file: the first byte picks which kind of file the rest is.
int rule_file(const std::uint8_t* d, std::size_t n) {
  static const char* names[] = {"en/money.rules", "zh/money.rules", "en/headcount.rules", "common.rules"};
  if (n == 0) return 0;
  RuleSource src{names[d[0] % 4], "fuzz", std::string(view(d + 1, n - 1))};
  RuleLimits limits;
  try {
    (void)parse_rules({src}, limits);
  } catch (const std::runtime_error&) {
    // A bad rule file is an error with file:line, which is what it should be.
  }
  return 0;
}

int whole_pipeline(const std::uint8_t* d, std::size_t n) {
  Article a;
  a.id = "fuzz";
  a.text = std::string(view(d, n));
  (void)to_jsonl_line(pipeline().process(a));
  return 0;
}

}  // namespace

const std::vector<NamedTarget>& targets() {
  static const std::vector<NamedTarget> all = {
      {"seedtext", seedtext, "a .txt file through the readers and the pipeline"},
      {"jsonl", jsonl, "a .jsonl file through the readers and the pipeline"},
      {"html", html, "a .html file through the readers (charset, main text) and the pipeline"},
      {"feed", feed, "an .xml file: RSS, RDF, Atom or sitemap, through the readers and the pipeline"},
      {"warc", warc, "a .warc file through the readers and the pipeline"},
      {"gzip", gzip, "a .jsonl.gz file: decompression, then JSONL"},
      {"zstd", zstd, "a .jsonl.zst file: decompression, then JSONL"},
      {"html_text", html_text, "html_to_text on the bytes"},
      {"numerals", numerals, "parse_number and find_numbers"},
      {"rule_file", rule_file, "the rule-file loader"},
      {"pipeline", whole_pipeline, "Pipeline::process on the bytes as article text"},
  };
  return all;
}

}  // namespace newsdeal::fuzz
