#include "articles.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "pipeline/readers/byte_source.h"
#include "pipeline/readers/document.h"
#include "pipeline/readers/jsonl.h"

namespace newsdeal::py {
namespace {

// One JSON line as a ByteSource, for the JSONL reader.
class StringSource : public ByteSource {
 public:
  explicit StringSource(const std::string& s) : s_(s) {}
  std::size_t read(char* buf, std::size_t n) override {
    n = std::min(n, s_.size() - pos_);
    std::copy_n(s_.data() + pos_, n, buf);
    pos_ += n;
    return n;
  }

 private:
  const std::string& s_;
  std::size_t pos_ = 0;
};

// FNV-1a: a stable default id (not a security hash; ids only).
std::string hash_id(const char* prefix, const std::string& bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(prefix) + buf;
}

ArticleError item_error(std::string id, Stage stage, std::string message) {
  ArticleError e;
  e.id = std::move(id);
  e.stage = stage;
  e.message = std::move(message);
  return e;
}

}  // namespace

ReadItem article_from_text(const std::string& bytes, const TextMeta& meta, const ReadOptions& opts) {
  DocumentInfo info;
  info.id = meta.id.value_or(hash_id("text-", bytes));
  info.name = info.id;
  std::vector<ReadItem> items;
  read_document(bytes, info, opts, [&](ReadItem&& item) { items.push_back(std::move(item)); });
  if (items.size() != 1)
    // A feed: its items are articles of their own, and one call gives one record.
    return item_error(info.id, Stage::parse,
                      info.name + ": a feed of " + std::to_string(items.size()) +
                          " items, not one article (pass the items one by one, or use newsdeal batch)");
  ReadItem item = std::move(items.front());
  if (auto* a = std::get_if<Article>(&item)) {
    if (meta.url) a->source.url = meta.url;
    if (meta.title) a->title = meta.title;
    if (meta.lang) a->lang_hint = meta.lang;
    if (meta.published) a->source.published = meta.published;
  } else if (meta.url) {
    std::get<ArticleError>(item).source.url = meta.url;
  }
  return item;
}

ReadItem article_from_json(const std::string& line, const ReadOptions& opts) {
  static const std::string kName = "article";
  std::optional<ReadItem> out;
  StringSource src(line);
  read_jsonl(src, kName, {}, opts, [&](ReadItem&& item) {
    if (!out) out = std::move(item);
  });
  if (!out) return item_error(hash_id("article-", line), Stage::parse, "no JSON object");
  std::visit(
      [&](auto& x) {
        x.source.path.reset();  // the reader names its input; a dict is not a file
        if (x.id == kName + ":1") x.id = hash_id("article-", line);
      },
      *out);
  if (auto* e = std::get_if<ArticleError>(&*out)) {
    const std::string where = kName + ":1: ";
    if (e->message.rfind(where, 0) == 0) e->message.erase(0, where.size());
  }
  return std::move(*out);
}

Outcome run_item(const Pipeline& pipeline, ReadItem&& item) {
  if (auto* a = std::get_if<Article>(&item)) return pipeline.process(*a);
  return std::get<ArticleError>(std::move(item));
}

std::vector<Outcome> run_items(const Pipeline& pipeline, std::vector<ReadItem>&& items, unsigned threads) {
  std::vector<std::optional<Outcome>> slots(items.size());
  auto one = [&](std::size_t i) { slots[i] = run_item(pipeline, std::move(items[i])); };
  if (threads == 1 || items.size() < 2) {
    for (std::size_t i = 0; i < items.size(); ++i) one(i);
  } else {
    tbb::task_arena arena(threads == 0 ? tbb::task_arena::automatic : static_cast<int>(threads));
    arena.execute([&] {
      tbb::parallel_for(std::size_t(0), items.size(), [&](std::size_t i) { one(i); });
    });
  }
  std::vector<Outcome> out;
  out.reserve(slots.size());
  for (auto& s : slots) out.push_back(std::move(*s));
  return out;
}

}  // namespace newsdeal::py
