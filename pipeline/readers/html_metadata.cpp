#include "pipeline/readers/html_metadata.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "pipeline/readers/feed_date.h"

namespace newsdeal {
namespace {

using nlohmann::json;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {  // no-break space
      ws = true;
      ++i;
    }
    if (ws) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(c);
  }
  return out;
}

bool has_token(std::string_view list, std::string_view token) {
  std::string l = lower(list);
  std::size_t i = 0;
  while (i < l.size()) {
    std::size_t j = l.find_first_of(" \t\n", i);
    if (j == std::string::npos) j = l.size();
    if (std::string_view(l).substr(i, j - i) == token) return true;
    i = j + 1;
  }
  return false;
}

bool is_url(std::string_view s) {
  return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0 || s.rfind("//", 0) == 0;
}

// "https://example.com/a/b?c" -> "https://example.com".
std::string_view origin_of(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::size_t path = url.find_first_of("/?#", scheme + 3);
  return url.substr(0, path == std::string_view::npos ? url.size() : path);
}

std::string absolute_url(std::string_view href, std::string_view base) {
  std::string h = collapse(href);
  if (h.empty() || base.empty() || h.rfind("http://", 0) == 0 || h.rfind("https://", 0) == 0) return h;
  std::string_view origin = origin_of(base);
  if (origin.empty()) return h;
  if (h.rfind("//", 0) == 0) return std::string(base.substr(0, base.find("://") + 1)) + h;
  if (h[0] == '/') return std::string(origin) + h;
  std::string_view dir = base.substr(0, base.find_first_of("?#"));
  std::size_t slash = dir.rfind('/');
  if (slash == std::string_view::npos || slash < origin.size()) return std::string(origin) + "/" + h;
  return std::string(dir.substr(0, slash + 1)) + h;
}

// "By Jane Doe and John Roe" -> "Jane Doe and John Roe"; URLs and handles are no names.
std::string clean_author(std::string_view raw) {
  std::string a = collapse(raw);
  std::string l = lower(a);
  if (l.rfind("by ", 0) == 0) a = a.substr(3);
  else if (l.rfind("by:", 0) == 0) a = collapse(a.substr(3));
  if (a.empty() || is_url(a) || a[0] == '@' || a.size() > 200) return {};
  return a;
}

// The primary language subtag: "en-US" -> "en", "zh_CN" -> "zh", "en, fr" ->
// "en"; "" when the value is no language tag.
std::string primary_subtag(std::string_view tag) {
  std::string t = lower(collapse(tag.substr(0, tag.find(','))));
  static const RE2 re(R"(([a-z]{2,3})([-_][a-z0-9]{1,8})*)");
  std::string primary;
  return RE2::FullMatch(t, re, &primary, static_cast<void*>(nullptr)) ? primary : "";
}

std::string two(int v) {
  std::string s = std::to_string(v);
  return s.size() < 2 ? "0" + s : s;
}

bool valid_ymd(int y, int m, int d) { return y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31; }

int month_number(std::string_view name) {
  static const char* names[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string l = lower(name.substr(0, 3));
  for (int i = 0; i < 12; ++i)
    if (l == names[i]) return i + 1;
  return 0;
}

// JSON-LD: the values of a field that may be a string, an object with a name
// or @id, or an array of either.
void names_of(const json& v, std::vector<std::string>& out) {
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const json& e : v) names_of(e, out);
  } else if (v.is_object()) {
    if (auto it = v.find("name"); it != v.end()) names_of(*it, out);
  }
}

std::string string_of(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object()) {
    if (auto id = it->find("@id"); id != it->end() && id->is_string()) return id->get<std::string>();
  }
  return {};
}

bool is_article_type(const json& obj) {
  auto it = obj.find("@type");
  if (it == obj.end()) return false;
  auto article = [](const json& t) {
    if (!t.is_string()) return false;
    const std::string& s = t.get_ref<const std::string&>();
    return s.find("Article") != std::string::npos || s == "BlogPosting" || s == "LiveBlogPosting" ||
           s == "Report" || s == "SocialMediaPosting";
  };
  if (it->is_array()) return std::any_of(it->begin(), it->end(), article);
  return article(*it);
}

bool has_type(const json& obj, std::string_view type) {
  auto it = obj.find("@type");
  if (it == obj.end()) return false;
  if (it->is_string()) return it->get_ref<const std::string&>() == type;
  if (it->is_array())
    return std::any_of(it->begin(), it->end(), [&](const json& t) { return t.is_string() && t == type; });
  return false;
}

// Every object of the JSON-LD block, @graph members included.
void objects_of(const json& v, std::vector<const json*>& out, int depth = 0) {
  if (depth > 8) return;
  if (v.is_array()) {
    for (const json& e : v) objects_of(e, out, depth + 1);
  } else if (v.is_object()) {
    out.push_back(&v);
    if (auto g = v.find("@graph"); g != v.end()) objects_of(*g, out, depth + 1);
  }
}

struct JsonLd {
  std::string headline, date, author, lang, url, site_name, body;
};

JsonLd read_json_ld(const HtmlDom& dom) {
  JsonLd out;
  std::vector<json> blocks;
  for (int i = 0; i < dom.size(); ++i) {
    if (!dom[i].is_element() || dom[i].tag != GUMBO_TAG_SCRIPT) continue;
    if (lower(collapse(dom.attr(i, "type"))) != "application/ld+json") continue;
    std::string text;
    for (int j = i + 1; j < dom[i].end; ++j) text += dom[j].text;
    // Raw line breaks and tabs inside strings are common and invalid JSON;
    // outside strings they are white space either way.
    for (char& c : text)
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    json j = json::parse(text, nullptr, false);
    if (!j.is_discarded()) blocks.push_back(std::move(j));
  }
  std::vector<const json*> objects;
  for (const json& b : blocks) objects_of(b, objects);
  const json* article = nullptr;
  for (const json* o : objects)
    if (is_article_type(*o)) {
      article = o;
      break;
    }
  for (const json* o : objects) {
    if (out.site_name.empty() && (has_type(*o, "WebSite") || has_type(*o, "NewsMediaOrganization")))
      out.site_name = string_of(*o, "name");
  }
  if (!article) {
    // A WebPage can still carry the dates.
    for (const json* o : objects)
      if (o->contains("datePublished")) {
        out.date = string_of(*o, "datePublished");
        break;
      }
    return out;
  }
  const json& a = *article;
  out.headline = string_of(a, "headline");
  if (out.headline.empty()) out.headline = string_of(a, "name");
  out.date = string_of(a, "datePublished");
  if (out.date.empty()) out.date = string_of(a, "dateCreated");
  std::vector<std::string> names;
  if (auto it = a.find("author"); it != a.end()) names_of(*it, names);
  if (names.empty())
    if (auto it = a.find("creator"); it != a.end()) names_of(*it, names);
  for (const std::string& n : names) {
    std::string c = clean_author(n);
    if (c.empty() || out.author.find(c) != std::string::npos) continue;
    if (!out.author.empty()) out.author += ", ";
    out.author += c;
  }
  out.lang = string_of(a, "inLanguage");
  out.url = string_of(a, "url");
  if (out.url.empty()) out.url = string_of(a, "mainEntityOfPage");
  if (auto it = a.find("publisher"); it != a.end()) {
    std::vector<std::string> pub;
    names_of(*it, pub);
    if (!pub.empty() && out.site_name.empty()) out.site_name = pub.front();
  }
  out.body = string_of(a, "articleBody");
  return out;
}

// <meta> values by lower-case key (property, name, itemprop or http-equiv);
// the first of each key wins.
using Metas = std::unordered_map<std::string, std::string>;

Metas read_metas(const HtmlDom& dom) {
  Metas m;
  for (int i = 0; i < dom.size(); ++i) {
    if (!dom[i].is_element() || dom[i].tag != GUMBO_TAG_META || !dom.has_attr(i, "content")) continue;
    std::string value = collapse(dom.attr(i, "content"));
    if (value.empty()) continue;
    for (const char* k : {"property", "name", "itemprop", "http-equiv"}) {
      std::string_view key = dom.attr(i, k);
      if (!key.empty()) m.emplace(lower(collapse(key)), value);
    }
  }
  return m;
}

std::string first_meta(const Metas& m, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (auto it = m.find(k); it != m.end() && !it->second.empty()) return it->second;
  return {};
}

}  // namespace

std::string normalize_page_date(std::string_view date) {
  std::string d = collapse(date);
  if (d.empty()) return {};
  static const RE2 iso(
      R"(^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|z|UTC|GMT|[+-]\d{2}:?\d{2})?)?)");
  int y, mo, da;
  std::string hh, mi, ss, zone;
  if (RE2::PartialMatch(d, iso, &y, &mo, &da, &hh, &mi, &ss, &zone)) {
    if (!valid_ymd(y, mo, da)) return {};
    std::string out = std::to_string(y) + "-" + two(mo) + "-" + two(da);
    if (!hh.empty()) {
      out += "T" + two(std::stoi(hh)) + ":" + mi + ":" + (ss.empty() ? "00" : ss);
      if (zone == "Z" || zone == "z" || zone == "UTC" || zone == "GMT") out += "Z";
      else if (zone.size() == 5) out += zone.substr(0, 3) + ":" + zone.substr(3);
      else out += zone;
    }
    return out;
  }
  // Seconds (or milliseconds) since 1970.
  static const RE2 epoch(R"(^(\d{10})(\d{3})?$)");
  long long secs;
  if (RE2::FullMatch(d, epoch, &secs, static_cast<void*>(nullptr))) {
    std::time_t t = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return valid_ymd(tm.tm_year + 1900, 1, 1) ? buf : "";
  }
  std::string rfc = normalize_feed_date(d);
  if (rfc != d && RE2::PartialMatch(rfc, iso)) return rfc;
  // "March 14, 2025", "Mar. 14 2025", "14 March 2025".
  static const RE2 mdy(R"((?i)\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b)");
  static const RE2 dmy(R"((?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})\b)");
  std::string month;
  if (RE2::PartialMatch(d, mdy, &month, &da, &y) || RE2::PartialMatch(d, dmy, &da, &month, &y)) {
    mo = month_number(month);
    if (mo && valid_ymd(y, mo, da)) return std::to_string(y) + "-" + two(mo) + "-" + two(da);
  }
  // 2025年3月14日
  static const RE2 zh(R"((\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)");
  if (RE2::PartialMatch(d, zh, &y, &mo, &da) && valid_ymd(y, mo, da))
    return std::to_string(y) + "-" + two(mo) + "-" + two(da);
  return {};
}

std::string date_from_url(std::string_view url) {
  std::size_t scheme = url.find("://");
  std::size_t path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path == std::string_view::npos) return {};
  std::string p(url.substr(path, url.find_first_of("?#", path) - path));
  static const RE2 ymd(R"([/_-]((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:[/_.-]|$))");
  static const RE2 compact(R"([/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$))");
  static const RE2 ym(R"([/_-]((?:19|20)\d{2})[/_-](\d{1,2})/)");
  int y, m, d;
  if ((RE2::PartialMatch(p, ymd, &y, &m, &d) || RE2::PartialMatch(p, compact, &y, &m, &d)) && valid_ymd(y, m, d))
    return std::to_string(y) + "-" + two(m) + "-" + two(d);
  if (RE2::PartialMatch(p, ym, &y, &m) && valid_ymd(y, m, 1)) return std::to_string(y) + "-" + two(m);
  return {};
}

std::string strip_site_from_title(std::string_view title, std::string_view site_name) {
  std::string t = collapse(title);
  static const char* seps[] = {" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / ", "｜", "_"};
  std::vector<std::string> parts;
  for (const char* sep : seps) {
    if (t.find(sep) == std::string::npos) continue;
    std::size_t start = 0, at;
    while ((at = t.find(sep, start)) != std::string::npos) {
      parts.push_back(t.substr(start, at - start));
      start = at + std::strlen(sep);
    }
    parts.push_back(t.substr(start));
    break;
  }
  if (parts.size() < 2) return t;
  std::string site = lower(collapse(site_name));
  auto is_site = [&](const std::string& part) {
    std::string l = lower(part);
    return !site.empty() && (l == site || l.find(site) != std::string::npos || site.find(l) != std::string::npos);
  };
  // Drop the site's parts from either end.
  while (parts.size() > 1 && is_site(parts.back())) parts.pop_back();
  while (parts.size() > 1 && is_site(parts.front())) parts.erase(parts.begin());
  if (parts.size() == 1) return parts.front();
  // No site name to go by: the headline is the longest part, when the others
  // are short labels (a site or section name); otherwise the separator is the
  // headline's own punctuation.
  auto longest = std::max_element(parts.begin(), parts.end(),
                                  [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
  for (auto it = parts.begin(); it != parts.end(); ++it)
    if (it != longest && (it->size() > 40 || std::count(it->begin(), it->end(), ' ') >= 4)) return t;
  return *longest;
}

HtmlMetadata read_html_metadata(const HtmlDom& dom, std::string_view url) {
  HtmlMetadata md;
  Metas metas = read_metas(dom);
  JsonLd ld = read_json_ld(dom);

  md.site_name = first_meta(metas, {"og:site_name", "application-name", "al:ios:app_name"});
  if (md.site_name.empty()) md.site_name = collapse(ld.site_name);

  // Title.
  std::string doc_title;
  int title_el = dom.find_first(GUMBO_TAG_TITLE);
  if (title_el >= 0) doc_title = dom.text(title_el);
  int h1 = dom.find_first(GUMBO_TAG_H1);
  std::string h1_text = h1 >= 0 ? dom.text(h1) : "";
  md.title = first_meta(metas, {"og:title", "twitter:title", "dc.title", "headline"});
  if (md.title.empty()) md.title = collapse(ld.headline);
  if (!md.title.empty()) md.title = strip_site_from_title(md.title, md.site_name);
  if (md.title.empty() && !doc_title.empty()) {
    // An <h1> that the <title> holds is the headline without the site's part.
    if (!h1_text.empty() && h1_text.size() >= 10 && doc_title.find(h1_text) != std::string::npos) md.title = h1_text;
    else md.title = strip_site_from_title(doc_title, md.site_name);
  }
  if (md.title.empty()) md.title = h1_text;

  // Published date.
  for (const std::string& raw :
       {first_meta(metas, {"article:published_time", "og:article:published_time", "article:published",
                           "published_time", "datepublished", "pubdate", "publishdate", "publish-date",
                           "publish_date", "article.published", "article_date_original", "dc.date.issued",
                           "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "sailthru.date",
                           "parsely-pub-date", "date", "og:published_time", "datecreated"}),
        ld.date}) {
    md.date = normalize_page_date(raw);
    if (!md.date.empty()) break;
  }
  if (md.date.empty()) {
    // <time>: one marked as the publication date first, then the first one.
    int first_time = -1;
    for (int i = 0; i < dom.size() && md.date.empty(); ++i) {
      if (!dom[i].is_element()) continue;
      bool marked = lower(dom.attr(i, "itemprop")) == "datepublished" || dom.has_attr(i, "pubdate");
      if (dom[i].tag != GUMBO_TAG_TIME && !marked) continue;
      std::string_view v = dom.attr(i, "datetime");
      if (v.empty()) v = dom.attr(i, "content");
      if (marked) md.date = normalize_page_date(v.empty() ? std::string_view(dom.text(i)) : v);
      else if (first_time < 0 && !v.empty()) first_time = i;
    }
    if (md.date.empty() && first_time >= 0) md.date = normalize_page_date(dom.attr(first_time, "datetime"));
  }
  if (md.date.empty()) md.date = date_from_url(url);

  // Author.
  md.author = clean_author(
      first_meta(metas, {"author", "article:author_name", "parsely-author", "sailthru.author", "dc.creator",
                         "dcterms.creator", "byl", "citation_author"}));
  if (md.author.empty()) {
    std::string meta_author = clean_author(first_meta(metas, {"article:author"}));  // often a profile URL
    if (!meta_author.empty()) md.author = meta_author;
  }
  if (md.author.empty()) md.author = ld.author;
  for (int i = 0; i < dom.size() && md.author.empty(); ++i) {
    if (!dom[i].is_element() || dom[i].tag == GUMBO_TAG_META) continue;
    if (has_token(dom.attr(i, "rel"), "author") && dom[i].tag != GUMBO_TAG_LINK) md.author = clean_author(dom.text(i));
    else if (lower(dom.attr(i, "itemprop")) == "author") md.author = clean_author(dom.text(i));
  }

  // Language.
  int html = dom.find_first(GUMBO_TAG_HTML);
  if (html >= 0) md.lang = primary_subtag(dom.attr(html, "lang"));
  if (md.lang.empty() && html >= 0) md.lang = primary_subtag(dom.attr(html, "xml:lang"));
  if (md.lang.empty())
    md.lang = primary_subtag(first_meta(metas, {"content-language", "language", "dc.language", "og:locale"}));
  if (md.lang.empty()) md.lang = primary_subtag(ld.lang);

  // Canonical URL. A relative one is resolved against the page URL, else
  // against the absolute URL the page gives elsewhere (og:url, JSON-LD).
  std::string og_url = first_meta(metas, {"og:url", "twitter:url"});
  std::string base(url);
  if (base.empty() && is_url(og_url)) base = og_url;
  if (base.empty() && is_url(ld.url)) base = ld.url;
  for (int i = 0; i < dom.size() && md.canonical_url.empty(); ++i)
    if (dom[i].is_element() && dom[i].tag == GUMBO_TAG_LINK && has_token(dom.attr(i, "rel"), "canonical"))
      md.canonical_url = absolute_url(dom.attr(i, "href"), base);
  if (md.canonical_url.empty()) md.canonical_url = absolute_url(og_url, base);
  if (md.canonical_url.empty()) md.canonical_url = absolute_url(ld.url, base);

  md.json_ld_body = std::move(ld.body);
  return md;
}

}  // namespace newsdeal
