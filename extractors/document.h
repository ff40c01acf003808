// The Document: one article as it moves through the stages (as spaCy's Doc).
// It owns the text; everything else is a view into it by byte offset.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "extractors/attrs.h"
#include "lang/normalize.h"
#include "lang/script.h"
#include "lang/span.h"

namespace newsdeal {

enum class EntityType { company, chip, person, money, headcount, percent, quantity, duration };
std::string_view entity_type_name(EntityType t);

// One place where an entity is named, with what it normalizes to.
struct Mention {
  EntityType type = EntityType::company;
  Span span;                                  // input byte offsets
  std::string key;                            // canonical id (company, chip, person)
  Range value;                                // numeric types
  Attrs attrs;                                // currency, per, unit, org, role, text ...
  std::string rule;                           // the rule or gazetteer entry that found it
  int priority = 0;
};

// A named part of the article (title, summary, translation, source, body).
struct Section {
  std::string name;
  Span span;
  Lang lang = Lang::none;
};

// A paragraph: a line or block of text with one language.
struct Paragraph {
  Span span;
  Lang lang = Lang::none;
  std::size_t section = 0;  // index into Document::sections
};

struct Document {
  std::string text;               // UTF-8, exactly as received
  NormalizedText normalized;      // for matching; maps back to `text`
  std::vector<Section> sections;
  std::vector<Paragraph> paragraphs;
  std::vector<Span> sentences;    // input offsets
  std::vector<Span> words;        // input offsets
  std::vector<Mention> mentions;

  std::string_view slice(Span s) const { return std::string_view(text).substr(s.start, s.size()); }
  // The paragraph holding byte `offset`, or nullptr.
  const Paragraph* paragraph_at(std::size_t offset) const;
};

}  // namespace newsdeal
