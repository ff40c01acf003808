#include "pipeline/readers/byte_source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace newsdeal {
namespace {

class FileSource : public ByteSource {
 public:
  FileSource(std::FILE* f, std::string name, bool owned) : f_(f), name_(std::move(name)), owned_(owned) {}
  ~FileSource() override {
    if (owned_) std::fclose(f_);
  }
  std::size_t read(char* buf, std::size_t n) override {
    std::size_t got = std::fread(buf, 1, n, f_);
    if (got == 0 && std::ferror(f_)) throw InputError(name_ + ": read failed: " + std::strerror(errno));
    return got;
  }

 private:
  std::FILE* f_;
  std::string name_;
  bool owned_;
};

}  // namespace

std::unique_ptr<ByteSource> open_file_source(const std::string& path) {
  if (path == "-") return std::make_unique<FileSource>(stdin, "stdin", false);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw InputError(path + ": cannot open: " + std::strerror(errno));
  return std::make_unique<FileSource>(f, path, true);
}

std::size_t PrefixSource::read(char* buf, std::size_t n) {
  if (pos_ < prefix_.size()) {
    std::size_t k = std::min(n, prefix_.size() - pos_);
    std::copy_n(prefix_.data() + pos_, k, buf);
    pos_ += k;
    return k;
  }
  return inner_->read(buf, n);
}

std::string read_capped(ByteSource& src, std::size_t cap) {
  std::string out;
  char buf[1 << 16];
  while (out.size() <= cap) {
    std::size_t want = std::min(sizeof buf, cap + 1 - out.size());
    std::size_t got = src.read(buf, want);
    if (got == 0) break;
    out.append(buf, got);
  }
  return out;
}

LineReader::LineReader(ByteSource& src, std::size_t max_line_bytes, std::string prefix)
    : src_(src), max_(max_line_bytes), buf_(std::move(prefix)) {}

bool LineReader::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  std::size_t old = buf_.size();
  buf_.resize(old + (1 << 16));
  std::size_t got = src_.read(buf_.data() + old, 1 << 16);
  buf_.resize(old + got);
  if (got == 0) eof_ = true;
  return got > 0;
}

bool LineReader::next(std::string& line, bool& too_long, std::size_t& line_bytes) {
  line.clear();
  too_long = false;
  line_bytes = 0;
  std::size_t scanned = 0;  // bytes of buf_ after pos_ known to hold no newline
  while (true) {
    std::size_t nl = buf_.find('\n', pos_ + scanned);
    if (nl != std::string::npos) {
      std::size_t len = nl - pos_;
      line_bytes += len;
      if (line_bytes > max_) too_long = true;
      if (!too_long) {
        line.assign(buf_, pos_, len);
        if (!line.empty() && line.back() == '\r') line.pop_back();
      }
      pos_ = nl + 1;
      return true;
    }
    scanned = buf_.size() - pos_;
    if (line_bytes + scanned > max_) {
      // Over the limit: drop what we hold and keep skipping to the newline.
      too_long = true;
      line_bytes += scanned;
      pos_ = buf_.size();
      scanned = 0;
    }
    if (!fill()) {
      std::size_t len = buf_.size() - pos_;
      if (len == 0 && line_bytes == 0) return false;
      line_bytes += len;
      if (!too_long && line_bytes <= max_) {
        line.assign(buf_, pos_, len);
        if (!line.empty() && line.back() == '\r') line.pop_back();
      } else {
        too_long = true;
      }
      pos_ = buf_.size();
      return true;
    }
  }
}

}  // namespace newsdeal
