// The seedtext layout (as ../shared/seed/qimuai-3902.txt): a title line, then
// 内容总结: (summary), 中文翻译: (translation), 英文来源: (source), and a footer of
// 文章标题: / 文章链接: giving the title and url. Full-width colons are accepted.
#pragma once

#include <string_view>

#include "pipeline/article.h"

namespace newsdeal {

// True when `text` has the seedtext section labels at line starts.
bool looks_like_seedtext(std::string_view text);

// Fills article.sections (title, summary, translation, source), article.title and
// article.source.url from article.text. Sections cover the text under each label,
// without the label line itself and without trailing blank lines.
void parse_seedtext(Article& article);

}  // namespace newsdeal
