// Helpers for the readers_* tests: bytes in a legacy charset made with ICU from
// UTF-8 text, gzip and zstd made with zlib and libzstd, byte sources over
// strings, and reading a whole input through read_inputs. Binary fixtures are
// made at run time, never committed.
#pragma once

#include <unicode/ucnv.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/readers/byte_source.h"
#include "pipeline/readers/input.h"
#include "tests/support.h"

namespace newsdeal::test {

// UTF-8 text in `charset` (an ICU converter name), failing on anything unmappable.
inline std::string encode(const std::string& utf8, const char* charset) {
  UErrorCode err = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  int32_t n = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &err);
  if (U_FAILURE(err)) throw std::runtime_error(std::string("cannot encode in ") + charset);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// `data` deflated with zlib's window_bits: 16 + MAX_WBITS a gzip member, MAX_WBITS
// a zlib stream, -MAX_WBITS raw deflate.
inline std::string deflate_with(const std::string& data, int window_bits, int level = 6) {
  z_stream zs{};
  deflateInit2(&zs, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// One gzip member of `data`.
inline std::string gzip(const std::string& data, int level = 6) { return deflate_with(data, 16 + MAX_WBITS, level); }

// One zstd frame of `data`.
inline std::string zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
  return out;
}

// A source over a string, at most `chunk` bytes a read, counting what was read.
class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string s, std::size_t chunk = 1 << 16) : s_(std::move(s)), chunk_(chunk) {}
  std::size_t read(char* buf, std::size_t n) override {
    std::size_t k = std::min({n, chunk_, s_.size() - pos_});
    std::copy_n(s_.data() + pos_, k, buf);
    pos_ += k;
    return k;
  }
  std::size_t consumed() const { return pos_; }

 private:
  std::string s_;
  std::size_t chunk_, pos_ = 0;
};

inline std::string read_all(ByteSource& src) {
  std::string out;
  char buf[4096];
  for (std::size_t got; (got = src.read(buf, sizeof buf)) > 0;) out.append(buf, got);
  return out;
}

// A scratch folder under the system temp folder, removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name) : path(std::filesystem::temp_directory_path() / name) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const std::string& data) const {
    std::ofstream(path / name, std::ios::binary) << data;
    return (path / name).string();
  }
};

// Everything read_inputs gives for these inputs.
inline std::vector<ReadItem> read_items(const std::vector<std::string>& inputs, ReadOptions opts = {}) {
  std::vector<ReadItem> items;
  read_inputs(inputs, opts, [&](ReadItem&& item) { items.push_back(std::move(item)); });
  return items;
}

inline const Article* as_article(const ReadItem& item) { return std::get_if<Article>(&item); }
inline const ArticleError* as_error(const ReadItem& item) { return std::get_if<ArticleError>(&item); }

// The article files of tests/data/sources.
inline std::string sources_fixture(const std::string& name) {
  return read_file(source_path("tests/data/sources/" + name));
}

}  // namespace newsdeal::test
