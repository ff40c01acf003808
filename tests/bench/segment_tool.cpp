// Reads lines from stdin and prints each line's words separated by single spaces,
// one output line per input line: the segmenter as tests/bench/sighan.py sees it.
//
//   segment_tool [--icu] [--sentences] [--lexicon FILE] [--repeat N] < text > words
//
// --icu        ICU word break alone (Segmenter::icu_words), the baseline
// --sentences  print each line's sentences, one a line, instead of words
// --lexicon F  use the lexicon in F instead of the built-in one
// --repeat N   segment the input N times (the output is printed once) and report
//              the time spent segmenting on stderr as "segment_seconds=S"
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "lang/segment.h"

int main(int argc, char** argv) {
  bool icu = false, sentences = false;
  const char* lexicon_file = nullptr;
  int repeat = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--icu") == 0) {
      icu = true;
    } else if (std::strcmp(argv[i], "--sentences") == 0) {
      sentences = true;
    } else if (std::strcmp(argv[i], "--lexicon") == 0 && i + 1 < argc) {
      lexicon_file = argv[++i];
    } else if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else {
      std::cerr << "usage: segment_tool [--icu] [--sentences] [--lexicon FILE] [--repeat N] < text\n";
      return 2;
    }
  }
  newsdeal::Lexicon lexicon;
  if (lexicon_file) {
    std::ifstream in(lexicon_file, std::ios::binary);
    if (!in) {
      std::cerr << "segment_tool: cannot read " << lexicon_file << "\n";
      return 1;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    lexicon = newsdeal::Lexicon::parse(ss.str());
  } else {
    lexicon = newsdeal::Lexicon::builtin();
  }
  const newsdeal::Segmenter seg(std::move(lexicon));

  std::ios::sync_with_stdio(false);
  std::vector<std::string> lines;
  for (std::string line; std::getline(std::cin, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }

  std::vector<std::vector<newsdeal::Span>> result(lines.size());
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < repeat; ++r) {
    for (std::size_t i = 0; i < lines.size(); ++i)
      result[i] = sentences ? seg.sentences(lines[i]) : icu ? seg.icu_words(lines[i]) : seg.words(lines[i]);
  }
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;

  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out.clear();
    for (std::size_t k = 0; k < result[i].size(); ++k) {
      if (k) out.push_back(sentences ? '\n' : ' ');
      out.append(lines[i], result[i][k].start, result[i][k].size());
    }
    out.push_back('\n');
    std::cout << out;
  }
  if (repeat > 1 || std::getenv("SEGMENT_TOOL_TIME")) std::cerr << "segment_seconds=" << took.count() << "\n";
  return 0;
}
