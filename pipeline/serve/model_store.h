// The compute-allocation model the server folds every record into, kept in the
// file --state names. A write is atomic (a temporary file beside the state file,
// fsync, rename, fsync of the folder): a crash at any moment leaves either the
// previous state or the new one, whole.
//
// One writer thread saves the model when it has changed, at most once per
// `interval`; a stop saves what is left, so a restart after SIGTERM loses
// nothing, and a crash loses at most the last interval. With an interval of
// zero, saves are group commits: a request that changed the model waits
// (wait_saved) until a save that includes its records has finished, so an
// answered request is on disk even across a crash, and under load one save
// covers many requests (but each answer waits for an fsync).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "pipeline/model.h"

namespace newsdeal::serve {

class Metrics;

class ModelStore {
 public:
  // Loads `path` when the file exists; throws std::runtime_error naming the file
  // when it is not a model (newsdeal.allocation/1). An empty path keeps the model
  // in memory only.
  ModelStore(std::string path, Metrics& metrics, std::chrono::milliseconds interval = {});
  // Saves what is not saved yet, then stops the writer.
  ~ModelStore();

  // Folds one article record (error records are ignored by the model); returns
  // the generation that includes it.
  std::uint64_t add(const nlohmann::json& record);
  // With a zero interval, blocks until generation `gen` is saved; false (with
  // the reason in `error`) when the save failed. Otherwise, and without a state
  // file, true at once.
  bool wait_saved(std::uint64_t gen, std::string& error);

  nlohmann::ordered_json to_json() const;
  std::string to_csv() const;
  std::string to_dot() const;
  std::size_t allocations() const;
  std::size_t articles() const;

 private:
  void writer();

  const std::string path_;
  Metrics& metrics_;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mu_;
  std::condition_variable changed_, saved_cv_;
  AllocationModel model_;
  std::uint64_t generation_ = 0;  // bumped by every add
  std::uint64_t attempted_ = 0;   // the generation of the last save tried
  std::uint64_t saved_ = 0;       // the generation of the last save that worked
  std::string last_error_;
  bool stopping_ = false;
  std::thread writer_;
};

// Writes `data` to `path` atomically (temporary file, fsync, rename, fsync of
// the folder). False with the reason in `error`.
bool write_file_atomically(const std::string& path, const std::string& data, std::string& error);

}  // namespace newsdeal::serve
