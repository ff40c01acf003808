// Names of the enums that appear in records.
#include "pipeline/article.h"

namespace newsdeal {

std::string_view source_format_name(SourceFormat f) {
  switch (f) {
    case SourceFormat::seedtext: return "seedtext";
    case SourceFormat::text: return "text";
    case SourceFormat::jsonl: return "jsonl";
    case SourceFormat::html: return "html";
    case SourceFormat::rss: return "rss";
    case SourceFormat::atom: return "atom";
    case SourceFormat::warc: return "warc";
  }
  return "text";
}

std::string_view stage_name(Stage s) {
  switch (s) {
    case Stage::read: return "read";
    case Stage::fetch: return "fetch";
    case Stage::decode: return "decode";
    case Stage::parse: return "parse";
    case Stage::segment: return "segment";
    case Stage::extract: return "extract";
    case Stage::link: return "link";
    case Stage::write: return "write";
  }
  return "read";
}

}  // namespace newsdeal
