// Every input the command line or a caller names: "-" is stdin, a folder is
// walked recursively (files with an article extension only, in sorted order, hidden
// files skipped), a file is read whatever its name. The format is taken from the
// extension (.jsonl, .ndjson) or the content (a JSON object on the first line;
// seedtext labels; otherwise plain text).
#pragma once

#include <string>
#include <vector>

#include "pipeline/readers/reader.h"

namespace newsdeal {

// Calls `sink` once per article or error, in input order.
void read_inputs(const std::vector<std::string>& inputs, const ReadOptions& opts, const ReadSink& sink);

// The files a folder walk takes, sorted; a file path is returned as it is.
std::vector<std::string> expand_input(const std::string& input);

// Whether a folder walk takes a file with this name (.txt, .text, .jsonl, .ndjson,
// .html, .htm).
bool has_article_extension(const std::string& filename);

}  // namespace newsdeal
