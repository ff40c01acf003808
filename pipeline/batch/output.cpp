#include "pipeline/batch/output.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace newsdeal {
namespace {

// Big enough that writes are few, small enough that a kill loses little work
// (what a kill loses is redone by --resume, never half-kept).
constexpr std::size_t kFlushBytes = 64 * 1024;

std::string os_error(const std::string& what) { return what + ": " + std::strerror(errno); }

// Reads the whole file, handing each complete line to `on_line` (when set), and
// returns the offset just past the last '\n' (0 when there is none); `last` gets
// the last complete line.
bool scan_lines(int fd, const std::string& path, const std::function<void(std::string_view)>& on_line,
                std::size_t& end_of_lines, std::size_t& lines, std::string& last, std::string& error) {
  std::string chunk(1 << 20, '\0');
  std::string partial;  // the current line's bytes from earlier chunks
  std::size_t offset = 0, prev_nl_end = 0;
  end_of_lines = 0;
  lines = 0;
  for (;;) {
    ssize_t got = ::read(fd, chunk.data(), chunk.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      error = os_error("reading " + path + " to resume");
      return false;
    }
    if (got == 0) break;
    std::string_view data(chunk.data(), static_cast<std::size_t>(got));
    std::size_t from = 0;
    for (std::size_t nl; (nl = data.find('\n', from)) != std::string_view::npos; from = nl + 1) {
      ++lines;
      prev_nl_end = end_of_lines;
      end_of_lines = offset + nl + 1;
      if (on_line) {
        if (partial.empty()) {
          on_line(data.substr(from, nl - from));
        } else {
          partial.append(data.substr(from, nl - from));
          on_line(partial);
        }
      }
      partial.clear();
    }
    if (on_line) partial.append(data.substr(from));
    offset += static_cast<std::size_t>(got);
  }
  last.clear();
  if (lines) {
    last.resize(end_of_lines - 1 - prev_nl_end);
    std::size_t done = 0;
    while (done < last.size()) {
      ssize_t got = ::pread(fd, last.data() + done, last.size() - done, static_cast<off_t>(prev_nl_end + done));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        error = os_error("reading " + path + " to resume");
        return false;
      }
      done += static_cast<std::size_t>(got);
    }
  }
  return true;
}

}  // namespace

std::unique_ptr<OutputFile> OutputFile::open(const std::string& path, bool resume,
                                             const std::function<void(std::string_view)>& on_kept_line,
                                             std::string& error) {
  if (path == "-") {
    if (resume) {
      error = "--resume needs an output file (-o FILE), not stdout";
      return nullptr;
    }
    return std::unique_ptr<OutputFile>(new OutputFile("stdout", STDOUT_FILENO));
  }
  if (!resume) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
      error = os_error("cannot write " + path);
      return nullptr;
    }
    return std::unique_ptr<OutputFile>(new OutputFile(path, fd));
  }
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) {
    error = os_error("cannot open " + path + " to resume");
    return nullptr;
  }
  std::unique_ptr<OutputFile> out(new OutputFile(path, fd));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    error = "--resume needs a regular output file; " + path + " is not one";
    return nullptr;
  }
  std::size_t end_of_lines = 0;
  if (!scan_lines(fd, path, on_kept_line, end_of_lines, out->kept_lines_, out->last_line_, error)) return nullptr;
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size > end_of_lines) {
    // A torn last line: its article is processed again.
    if (::ftruncate(fd, static_cast<off_t>(end_of_lines)) != 0) {
      error = os_error("cannot cut the torn last line of " + path);
      return nullptr;
    }
    out->torn_bytes_ = size - end_of_lines;
  }
  if (::lseek(fd, 0, SEEK_END) < 0) {
    error = os_error("cannot append to " + path);
    return nullptr;
  }
  return out;
}

OutputFile::~OutputFile() {
  if (fd_ >= 0 && fd_ != STDOUT_FILENO) {
    if (error_.empty()) flush();
    ::close(fd_);
  }
}

bool OutputFile::write_all(const char* data, std::size_t n) {
  while (n > 0) {
    ssize_t put = ::write(fd_, data, n);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) {
      if (put == 0) errno = EIO;
      error_ = os_error("writing " + path_ + " failed");
      return false;
    }
    data += put;
    n -= static_cast<std::size_t>(put);
  }
  return true;
}

bool OutputFile::append(std::string_view lines) {
  if (!error_.empty()) return false;
  buf_.append(lines);
  return buf_.size() < kFlushBytes || flush();
}

bool OutputFile::flush() {
  if (!error_.empty()) return false;
  bool ok = write_all(buf_.data(), buf_.size());
  buf_.clear();
  return ok;
}

bool OutputFile::close() {
  bool ok = flush();
  if (fd_ >= 0 && fd_ != STDOUT_FILENO) {
    if (::close(fd_) != 0 && ok) {
      error_ = os_error("closing " + path_ + " failed");
      ok = false;
    }
    fd_ = -1;
  }
  return ok;
}

}  // namespace newsdeal
