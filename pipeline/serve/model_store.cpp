#include "pipeline/serve/model_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "pipeline/serve/metrics.h"

namespace newsdeal::serve {
namespace {

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

bool write_file_atomically(const std::string& path, const std::string& data, std::string& error) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = errno_text("cannot create " + tmp);
    return false;
  }
  if (!write_all(fd, data) || ::fsync(fd) != 0) {
    error = errno_text("cannot write " + tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return false;
  }
  if (::close(fd) != 0 || std::rename(tmp.c_str(), path.c_str()) != 0) {
    error = errno_text("cannot replace " + path);
    ::unlink(tmp.c_str());
    return false;
  }
  // The rename is durable only once the folder's entry is on disk.
  std::string dir = std::filesystem::path(path).parent_path().string();
  int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return true;
}

ModelStore::ModelStore(std::string path, Metrics& metrics, std::chrono::milliseconds interval)
    : path_(std::move(path)), metrics_(metrics), interval_(interval) {
  if (path_.empty()) return;
  std::ifstream in(path_, std::ios::binary);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object() || j.value("schema", "") != "newsdeal.allocation/1")
      throw std::runtime_error("--state " + path_ + ": not a compute-allocation model (newsdeal.allocation/1); "
                               "move it away to start with an empty model");
    model_.add_model(j);
  } else if (std::filesystem::exists(path_)) {
    throw std::runtime_error(errno_text("--state " + path_ + ": cannot read"));
  }
  writer_ = std::thread([this] { writer(); });
}

ModelStore::~ModelStore() {
  if (!writer_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  writer_.join();
}

std::uint64_t ModelStore::add(const nlohmann::json& record) {
  std::uint64_t gen;
  {
    std::lock_guard<std::mutex> lock(mu_);
    model_.add_record(record);
    gen = ++generation_;
  }
  if (!path_.empty()) changed_.notify_one();
  return gen;
}

bool ModelStore::wait_saved(std::uint64_t gen, std::string& error) {
  if (path_.empty() || interval_.count() > 0) return true;
  std::unique_lock<std::mutex> lock(mu_);
  saved_cv_.wait(lock, [&] { return attempted_ >= gen || saved_ >= gen; });
  if (saved_ >= gen) return true;
  error = last_error_;
  return false;
}

void ModelStore::writer() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || generation_ > attempted_; });
    // At the stop, one last save of whatever a failed save left unsaved.
    if (generation_ == saved_ && stopping_) return;
    const std::uint64_t gen = generation_;
    // Rendered under the lock, so the file is the model as of exactly `gen`.
    std::string text = model_.to_json().dump(2) + "\n";
    lock.unlock();
    std::string error;
    bool ok = write_file_atomically(path_, text, error);
    metrics_.state_write(ok);
    lock.lock();
    attempted_ = gen;
    // Nobody waits to hear of a failure in interval mode: say it once per streak.
    if (!ok && last_error_.empty()) std::cerr << "newsdeal serve: the model could not be saved: " << error << "\n";
    if (ok && !last_error_.empty()) std::cerr << "newsdeal serve: the model is saved again to " << path_ << "\n";
    if (ok) {
      saved_ = gen;
      last_error_.clear();
    } else {
      last_error_ = error;
    }
    saved_cv_.notify_all();
    if (stopping_ && !ok) return;  // no retry loop at exit; the error was counted
    // Interval mode: changes made meanwhile wait for the next save (a stop cuts the wait short).
    if (interval_.count() > 0) changed_.wait_for(lock, interval_, [&] { return stopping_; });
  }
}

nlohmann::ordered_json ModelStore::to_json() const {
  std::lock_guard<std::mutex> lock(mu_);
  return model_.to_json();
}

std::string ModelStore::to_csv() const {
  std::lock_guard<std::mutex> lock(mu_);
  return model_.to_csv();
}

std::string ModelStore::to_dot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return model_.to_dot();
}

std::size_t ModelStore::allocations() const {
  std::lock_guard<std::mutex> lock(mu_);
  return model_.size();
}

std::size_t ModelStore::articles() const {
  std::lock_guard<std::mutex> lock(mu_);
  return model_.articles();
}

}  // namespace newsdeal::serve
