// A stream of bytes from a file or stdin, read in chunks, with a line reader that
// never holds more than a set number of bytes of one line. Compressed inputs
// plug in here as further ByteSources.
#pragma once

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

namespace newsdeal {

// Thrown when an input cannot be opened or read; the message names the input.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `buf`; 0 at the end. Throws InputError on failure.
  virtual std::size_t read(char* buf, std::size_t n) = 0;
};

// A file, or stdin for "-". Throws InputError naming the path when it cannot open.
std::unique_ptr<ByteSource> open_file_source(const std::string& path);

// Hands out `prefix` (bytes already read from `inner`, to sniff its format)
// and then the rest of `inner`.
class PrefixSource : public ByteSource {
 public:
  PrefixSource(std::string prefix, std::unique_ptr<ByteSource> inner)
      : prefix_(std::move(prefix)), inner_(std::move(inner)) {}
  std::size_t read(char* buf, std::size_t n) override;

 private:
  std::string prefix_;
  std::size_t pos_ = 0;
  std::unique_ptr<ByteSource> inner_;
};

// Reads a source to its end, or up to `cap` + 1 bytes, whichever comes first,
// so the caller can tell "exactly cap" from "more than cap".
std::string read_capped(ByteSource& src, std::size_t cap);

// Reads lines ('\n'-terminated, the last one possibly not) from a source.
class LineReader {
 public:
  LineReader(ByteSource& src, std::size_t max_line_bytes, std::string prefix = {});

  // The next line without its newline (and without a '\r' before it). When the
  // line is longer than max_line_bytes, `line` is left empty, `too_long` is set,
  // and the rest of the line is skipped. `line_bytes` is the line's full length.
  // Returns false at the end of input.
  bool next(std::string& line, bool& too_long, std::size_t& line_bytes);

 private:
  bool fill();
  ByteSource& src_;
  std::size_t max_;
  std::string buf_;
  std::size_t pos_ = 0;
  bool eof_ = false;
};

}  // namespace newsdeal
