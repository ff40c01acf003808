#include "pipeline/readers/xml_doc.h"

#include <cctype>
#include <sstream>

namespace newsdeal {

std::string xml_root_name(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  std::size_t i = 0;
  while (true) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i >= s.size() || s[i] != '<') return {};
    std::string_view rest = s.substr(i);
    std::size_t end;
    if (rest.substr(0, 4) == "<!--") end = s.find("-->", i + 4), end = end == std::string_view::npos ? end : end + 3;
    else if (rest.substr(0, 2) == "<?") end = s.find("?>", i + 2), end = end == std::string_view::npos ? end : end + 2;
    else if (rest.substr(0, 2) == "<!") {
      // A doctype, possibly with an internal subset in brackets.
      std::size_t br = s.find('[', i), gt = s.find('>', i);
      if (br != std::string_view::npos && br < gt) {
        std::size_t close = s.find("]", br);
        end = close == std::string_view::npos ? close : s.find('>', close);
      } else {
        end = gt;
      }
      if (end != std::string_view::npos) ++end;
    } else {
      std::size_t n = i + 1;
      while (n < s.size() && !std::isspace(static_cast<unsigned char>(s[n])) && s[n] != '>' && s[n] != '/') ++n;
      return std::string(s.substr(i + 1, n - i - 1));
    }
    if (end == std::string_view::npos) return {};
    i = end;
  }
}

XmlKind xml_kind(std::string_view root) {
  std::string l;
  for (char c : root) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view local = l;
  if (auto colon = local.find(':'); colon != std::string_view::npos) local.remove_prefix(colon + 1);
  if (l.empty()) return XmlKind::none;
  if (local == "rss") return XmlKind::rss;
  if (local == "rdf") return XmlKind::rdf;
  if (local == "feed") return XmlKind::atom;
  if (local == "urlset") return XmlKind::urlset;
  if (local == "sitemapindex") return XmlKind::sitemapindex;
  if (local == "html") return XmlKind::html;
  return XmlKind::other;
}

void load_xml(pugi::xml_document& doc, std::string_view utf8) {
  pugi::xml_parse_result r =
      doc.load_buffer(utf8.data(), utf8.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r)
    throw XmlError("malformed XML at byte " + std::to_string(r.offset) + ": " + r.description());
}

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  if (auto colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
  return name;
}

pugi::xml_node child_named(const pugi::xml_node& n, std::string_view local) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == local) return c;
  return {};
}

std::string inner_text(const pugi::xml_node& n) {
  bool elements = false;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) elements |= c.type() == pugi::node_element;
  std::string out;
  if (!elements) {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    return out;
  }
  std::ostringstream ss;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) c.print(ss, "", pugi::format_raw);
  return ss.str();
}

}  // namespace newsdeal
