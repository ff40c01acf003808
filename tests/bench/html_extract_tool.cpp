// newsdeal's HTML article extraction over saved pages, for
// tests/bench/article_extraction.py and for looking at one page by hand.
//
//   html_extract_tool PAGE [URL]                  metadata lines, a blank line, the text
//   html_extract_tool --json OUT.json PAGE...     {"<key>": "<text>"} for every page;
//                                                 stdout "pages seconds" (extraction only)
// PAGE may be gzip-compressed (.gz). A page's key is its file name up to the
// first dot, as the article-extraction benchmark names them.
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/readers/html_article.h"

namespace {

std::string read_page(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");  // reads plain files as they are
  if (!f) throw std::runtime_error(path + ": cannot open");
  std::string out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  gzclose(f);
  if (n < 0) throw std::runtime_error(path + ": cannot read (corrupt gzip?)");
  return out;
}

std::string key_of(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  return name.substr(0, name.find('.'));
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() >= 2 && args[0] == "--json") {
      std::vector<std::pair<std::string, std::string>> pages;
      for (std::size_t i = 2; i < args.size(); ++i) pages.emplace_back(key_of(args[i]), read_page(args[i]));
      nlohmann::json out = nlohmann::json::object();
      auto start = std::chrono::steady_clock::now();
      for (auto& [key, html] : pages) {
        std::string text;
        try {
          text = newsdeal::extract_html_article(html).text;
        } catch (const std::exception& e) {
          std::cerr << key << ": " << e.what() << "\n";
        }
        out[key] = std::move(text);
      }
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      FILE* f = std::fopen(args[1].c_str(), "wb");
      if (!f) throw std::runtime_error(args[1] + ": cannot write");
      std::string s = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      std::fwrite(s.data(), 1, s.size(), f);
      std::fclose(f);
      std::cout << pages.size() << " " << seconds << "\n";
      return 0;
    }
    if (args.empty() || args.size() > 2 || args[0].rfind("-", 0) == 0) {
      std::cerr << "usage: html_extract_tool PAGE [URL] | --json OUT.json PAGE...\n";
      return 2;
    }
    newsdeal::HtmlArticle a = newsdeal::extract_html_article(read_page(args[0]), args.size() > 1 ? args[1] : "");
    std::cout << "title: " << a.title << "\ndate: " << a.date << "\nauthor: " << a.author << "\nlang: " << a.lang
              << "\ncanonical_url: " << a.canonical_url << "\nsite_name: " << a.site_name << "\n\n"
              << a.text << "\n";
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
