// What a news page says about itself: title, date, author, language, canonical
// URL, site name. Each field takes the first source that has it:
//   title     og:title, twitter:title, JSON-LD headline, <title> (the site's
//             name cut off: "Chips deal | The Daily" -> "Chips deal"), <h1>
//   date      article:published_time and the other publication <meta> tags,
//             JSON-LD datePublished, <time datetime> (itemprop/pubdate first),
//             a date in the URL (/2025/03/14/, /2025-03-14/)
//   author    <meta name="author"> and kin (parsely, sailthru, dc.creator),
//             JSON-LD author (names joined with ", "), rel="author" links,
//             itemprop="author"; "By " cut off
//   lang      <html lang>, <meta http-equiv="content-language">, og:locale,
//             JSON-LD inLanguage: the primary subtag, lower case ("en-US" -> "en")
//   canonical <link rel="canonical">, og:url, JSON-LD url (made absolute
//             against the page URL)
//   site_name og:site_name, application-name, JSON-LD publisher name
// Dates come back as ISO 8601 ("2025-03-14", "2025-03-14T09:30:00+08:00"); a
// date that cannot be read is skipped for the next source.
#pragma once

#include <string>
#include <string_view>

#include "pipeline/readers/html_dom.h"

namespace newsdeal {

struct HtmlMetadata {
  std::string title, date, author, lang, canonical_url, site_name;
  // JSON-LD articleBody, when the page gives one: the extractor's cross-check.
  std::string json_ld_body;
};

HtmlMetadata read_html_metadata(const HtmlDom& dom, std::string_view url = {});

// A date as written on pages ("2025-03-14 09:30", "Fri, 14 Mar 2025 09:30:00
// GMT", "March 14, 2025", "14 March 2025") to ISO 8601; "" when it is none.
std::string normalize_page_date(std::string_view date);

// The date in a URL path ("/2025/03/14/", "/2025-03-14-", "/20250314/"), ""
// when none. A year and month alone ("/2025/03/") give "2025-03".
std::string date_from_url(std::string_view url);

// "Chips deal | The Daily" -> "Chips deal": the site's part of a <title>
// cut off, by the site name when known, else by the longest part.
std::string strip_site_from_title(std::string_view title, std::string_view site_name);

}  // namespace newsdeal
