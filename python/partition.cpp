#include "partition.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <unistd.h>

#include "articles.h"
#include "pipeline/json_writer.h"
#include "pipeline/readers/byte_source.h"
#include "pipeline/readers/input.h"
#include "pipeline/readers/jsonl.h"

namespace newsdeal::py {
namespace {

// Articles held between reading and writing: enough to keep the threads busy,
// few enough that memory stays flat however large the partition.
constexpr std::size_t kChunkArticles = 256;
constexpr std::size_t kChunkBytes = 64u << 20;

struct File {
  std::FILE* f = nullptr;
  ~File() {
    if (f) std::fclose(f);
  }
};

// `newlines` '\n' bytes, then bytes [start, end) of a file. The blank lines make
// the JSONL reader count lines from `first_line` without a reader of its own
// (it skips blank lines), and cost nothing in memory.
class RangeSource : public ByteSource {
 public:
  RangeSource(const std::string& path, std::uint64_t start, std::uint64_t end, std::uint64_t newlines)
      : path_(path), left_(end - start), newlines_(newlines) {
    file_.f = std::fopen(path.c_str(), "rb");
    if (!file_.f) throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
    if (fseeko(file_.f, static_cast<off_t>(start), SEEK_SET) != 0)
      throw std::runtime_error(path + ": cannot seek to byte " + std::to_string(start) + ": " + std::strerror(errno));
  }

  std::size_t read(char* buf, std::size_t n) override {
    if (newlines_ > 0) {
      std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(n, newlines_));
      std::fill_n(buf, k, '\n');
      newlines_ -= k;
      return k;
    }
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(n, left_));
    if (want == 0) return 0;
    std::size_t got = std::fread(buf, 1, want, file_.f);
    if (got == 0)
      // The file shrank since the partitions were planned: the range cannot be
      // read as planned, and a short part would lose articles silently.
      throw std::runtime_error(path_ + ": " + (std::ferror(file_.f) ? std::string("read failed: ") + std::strerror(errno)
                                                                    : std::string("ends before the planned range")));
    left_ -= got;
    return got;
  }

 private:
  std::string path_;
  File file_;
  std::uint64_t left_, newlines_;
};

class Writer {
 public:
  explicit Writer(const std::string& path) : path_(path) {
    file_.f = std::fopen(path.c_str(), "wb");
    if (!file_.f) fail("cannot create");
  }
  void write(const std::string& data) {
    if (!data.empty() && std::fwrite(data.data(), 1, data.size(), file_.f) != data.size()) fail("cannot write");
  }
  void close() {
    // Flushed to the disk before the caller renames the part into place, so a
    // part that exists is a whole part even after a machine crash.
    if (std::fflush(file_.f) != 0 || fsync(fileno(file_.f)) != 0) fail("cannot write");
    std::FILE* f = file_.f;
    file_.f = nullptr;
    if (std::fclose(f) != 0) fail("cannot close");
  }

 private:
  [[noreturn]] void fail(const char* what) {
    throw std::runtime_error(std::string(what) + " " + path_ + ": " + std::strerror(errno));
  }
  std::string path_;
  File file_;
};

}  // namespace

PartitionResult run_partition(const Pipeline& pipeline, const PartitionSpec& spec, const ReadOptions& opts,
                              unsigned threads, const std::string& out_path) {
  PartitionResult result;
  Writer out(out_path);
  std::vector<ReadItem> chunk;
  std::size_t chunk_bytes = 0;
  std::string lines;

  auto flush = [&] {
    std::vector<Outcome> outcomes = run_items(pipeline, std::move(chunk), threads);
    chunk.clear();
    chunk_bytes = 0;
    lines.clear();
    for (const Outcome& o : outcomes) {
      append_jsonl_line(lines, o);
      lines += '\n';
      if (const auto* r = std::get_if<Record>(&o)) {
        ++result.records;
        result.model.add_record(record_to_json(*r));
      } else {
        ++result.errors;
        ++result.errors_by_stage[std::string(stage_name(std::get<ArticleError>(o).stage))];
      }
    }
    out.write(lines);
  };
  auto sink = [&](ReadItem&& item) {
    // Counted as newsdeal batch counts them: an article's text, an error's input.
    std::size_t bytes = std::holds_alternative<Article>(item) ? std::get<Article>(item).text.size()
                                                             : std::get<ArticleError>(item).input_bytes.value_or(0);
    result.text_bytes += bytes;
    if (std::holds_alternative<Article>(item)) chunk_bytes += bytes;  // what the chunk holds in memory
    chunk.push_back(std::move(item));
    if (chunk.size() >= kChunkArticles || chunk_bytes >= kChunkBytes) flush();
  };

  if (spec.start) {
    const std::uint64_t end = spec.end.value_or(*spec.start);
    if (end < *spec.start) throw std::runtime_error(spec.path + ": range ends before it starts");
    RangeSource src(spec.path, *spec.start, end, spec.first_line > 0 ? spec.first_line - 1 : 0);
    read_jsonl(src, spec.path, {}, opts, sink);
  } else {
    read_inputs({spec.path}, opts, sink);
  }
  flush();
  out.close();
  return result;
}

std::uint64_t count_newlines(const std::string& path, std::uint64_t start, std::uint64_t end) {
  RangeSource src(path, start, end, 0);
  std::vector<char> buf(1 << 20);
  std::uint64_t n = 0;
  for (std::size_t got; (got = src.read(buf.data(), buf.size())) > 0;)
    n += static_cast<std::uint64_t>(std::count(buf.data(), buf.data() + got, '\n'));
  return n;
}

}  // namespace newsdeal::py
