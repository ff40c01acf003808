// Reads lines from stdin and prints each line's words separated by single spaces,
// one output line per input line: the segmenter as the SIGHAN scorer sees it.
//
//   segment_tool [--icu] [--lexicon FILE] < text > words
//
// --icu        ICU word break alone (Segmenter::icu_words), the baseline
// --lexicon F  use only the lexicon in F instead of the built-in one
// --sentences  print sentences, one a line, instead of words
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "lang/segment.h"

int main(int argc, char** argv) {
  bool icu = false, sentences = false;
  const char* lexicon_file = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--icu") == 0) {
      icu = true;
    } else if (std::strcmp(argv[i], "--sentences") == 0) {
      sentences = true;
    } else if (std::strcmp(argv[i], "--lexicon") == 0 && i + 1 < argc) {
      lexicon_file = argv[++i];
    } else {
      std::cerr << "usage: segment_tool [--icu] [--sentences] [--lexicon FILE] < text\n";
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
  std::string line, out;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.clear();
    if (sentences) {
      for (auto s : seg.sentences(line)) out.append(line, s.start, s.size()).push_back('\n');
      std::cout << out;
      continue;
    }
    auto words = icu ? seg.icu_words(line) : seg.words(line);
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i) out.push_back(' ');
      out.append(line, words[i].start, words[i].size());
    }
    out.push_back('\n');
    std::cout << out;
  }
  return 0;
}
