// Replays kept fuzz inputs through their targets in the ordinary build, so every
// finding fixed stays fixed: tests/fuzz/regressions/<target>/<input> runs through
// <target>. With more folders given (corpus/), their files run through the
// targets that read their kind of file, as a smoke test.
//
//   fuzz_replay tests/fuzz/regressions [corpus]
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <string>

#include "tests/fuzz/targets.h"

namespace fs = std::filesystem;
using newsdeal::fuzz::NamedTarget;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void run(const NamedTarget& t, const fs::path& input, std::size_t& count) {
  const std::string bytes = read_file(input);
  // A crash or a sanitizer report ends the process here, naming nothing else:
  // print the input first so the failure says which one it was.
  std::cout << t.name << " " << input.string() << std::endl;
  t.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  ++count;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: fuzz_replay REGRESSIONS_DIR [MORE_DIRS...]\n";
    return 2;
  }
  std::map<std::string, const NamedTarget*> by_name;
  for (const auto& t : newsdeal::fuzz::targets()) by_name[t.name] = &t;
  std::size_t count = 0;
  const fs::path kept = argv[1];
  if (fs::is_directory(kept))
    for (const auto& dir : fs::directory_iterator(kept)) {
      auto it = by_name.find(dir.path().filename().string());
      if (!dir.is_directory()) continue;
      if (it == by_name.end()) {
        std::cerr << "fuzz_replay: " << dir.path() << " names no target\n";
        return 1;
      }
      for (const auto& f : fs::directory_iterator(dir.path()))
        if (f.is_regular_file()) run(*it->second, f.path(), count);
    }
  // Sample files: each through the readers of its kind, and its bytes through
  // the pipeline and the numeral parser.
  const std::map<std::string, std::string> reader_of = {
      {".txt", "seedtext"}, {".jsonl", "jsonl"}, {".html", "html"}, {".htm", "html"}, {".xml", "feed"},
      {".rss", "feed"},     {".atom", "feed"},   {".warc", "warc"}};
  for (int i = 2; i < argc; ++i)
    for (const auto& f : fs::recursive_directory_iterator(argv[i])) {
      if (!f.is_regular_file()) continue;
      auto r = reader_of.find(f.path().extension().string());
      if (r == reader_of.end()) continue;
      run(*by_name.at(r->second), f.path(), count);
      run(*by_name.at("pipeline"), f.path(), count);
      run(*by_name.at("numerals"), f.path(), count);
    }
  std::cout << "fuzz_replay: " << count << " inputs, no crash\n";
  return 0;
}
