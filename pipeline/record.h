// The article record: newsdeal's output contract (RECORD.md, schema newsdeal.article/1).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "extractors/attrs.h"
#include "pipeline/article.h"

namespace newsdeal {

struct MentionOut {
  Span span;
  std::string text;
  Lang lang = Lang::none;
  std::size_t section = 0;
};

// One distinct thing the article names, with every mention of it.
struct Entity {
  std::string id;  // "e1", "e2" ... in order of first mention
  EntityType type = EntityType::company;
  std::optional<std::string> key;   // company, chip, person
  std::optional<std::string> name;  // company, chip, person
  std::optional<Range> value;       // numeric types
  Attrs attrs;
  std::vector<MentionOut> mentions;
};

struct Evidence {
  Span span;
  Lang lang = Lang::none;
};

// A value range with its qualifiers, as deals and events carry it.
struct Amount {
  Range range;
  std::optional<std::string> currency, per, unit, text;
};

struct Conflict {
  std::string field;
  std::vector<std::string> values;
  std::vector<std::string> langs;
};

struct Deal {
  std::string id;
  std::string type;  // compute, cloud, investment, partnership
  std::optional<std::string> buyer, vendor, provider, product, kind;
  std::optional<Amount> value, term, quantity;
  std::optional<std::string> purpose, status;
  std::vector<Lang> langs;
  std::vector<Evidence> evidence;
  std::vector<Conflict> conflicts;
  double confidence = 0.5;
};

struct Event {
  std::string type;  // layoff, revenue
  std::optional<std::string> org, segment;
  std::optional<Amount> headcount, percent, value;
  std::vector<Lang> langs;
  std::vector<Evidence> evidence;
};

struct Record {
  std::string id;
  Source source;
  std::optional<std::string> title;
  std::vector<Lang> langs;
  std::vector<Section> sections;
  std::vector<Entity> entities;
  std::vector<Deal> deals;
  std::vector<Event> events;
  std::vector<std::string> warnings;
  std::optional<std::string> text;  // with --with-text
};

// What the pipeline gives for one article: a record or an error, never nothing.
using Outcome = std::variant<Record, ArticleError>;

}  // namespace newsdeal
