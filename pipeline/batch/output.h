// The batch's output file: whole lines appended through a buffer, every write
// checked (a full disk is an error, never silent loss), and --resume support:
// reopening an interrupted output keeps its complete lines and cuts a torn last
// line (a kill in the middle of a write), so the run can continue where the last
// complete line ends.
//
//   std::string err;
//   auto out = OutputFile::open("out.jsonl", /*resume=*/true, nullptr, err);
//   if (!out) fail(err);
//   out->kept_lines();           // complete lines already there: articles to skip
//   out->append(line);           // whole lines, each ending in '\n'
//   if (!out->close()) fail(out->error());
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace newsdeal {

class OutputFile {
 public:
  // Opens `path` for writing ("-" is stdout; resume needs a real file). Without
  // `resume` the file is emptied; with it, the complete lines are kept (each is
  // passed to `on_kept_line` when given, to rebuild a model) and a torn last line
  // is cut off. Returns null and sets `error` when the file cannot be opened.
  static std::unique_ptr<OutputFile> open(const std::string& path, bool resume,
                                          const std::function<void(std::string_view)>& on_kept_line,
                                          std::string& error);
  ~OutputFile();

  std::size_t kept_lines() const { return kept_lines_; }
  std::size_t torn_bytes() const { return torn_bytes_; }  // cut off by resume
  const std::string& last_kept_line() const { return last_line_; }

  // Appends whole lines. Returns false once a write has failed; error() says why.
  bool append(std::string_view lines);
  // Writes out what the buffer holds.
  bool flush();
  // Flushes and closes (stdout is flushed, not closed).
  bool close();
  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }

 private:
  OutputFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  bool write_all(const char* data, std::size_t n);

  std::string path_;
  int fd_ = -1;
  std::string buf_;
  std::string error_;
  std::size_t kept_lines_ = 0, torn_bytes_ = 0;
  std::string last_line_;
};

}  // namespace newsdeal
