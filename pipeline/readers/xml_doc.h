// What every XML reader shares: recognizing a document by its root element,
// decoding it to UTF-8 and parsing it with pugixml, element names without their
// namespace prefix.
//
// pugixml expands only XML's five predefined entities and character references;
// a DOCTYPE's own entities are left as they are written ("&lol9;"), so an
// entity-expansion bomb ("billion laughs") stays the size it is.
#pragma once

#include <pugixml.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace newsdeal {

// A document that is not well-formed XML; the message says where (byte offset
// in the UTF-8 text) and what pugixml found.
struct XmlError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class XmlKind { none, rss, rdf, atom, urlset, sitemapindex, html, other };

// The name of the first element of the markup at the start of `head` (after a
// BOM, an XML declaration, comments, processing instructions and a doctype);
// empty when the bytes do not start with markup. Bytes must be ASCII-based
// (UTF-8 or a legacy charset), not UTF-16.
std::string xml_root_name(std::string_view head);

// rss, rdf:RDF (any prefix), feed, urlset, sitemapindex, html.
XmlKind xml_kind(std::string_view root_name);

// Parses UTF-8 XML into `doc`; throws XmlError("malformed XML at byte N: what").
void load_xml(pugi::xml_document& doc, std::string_view utf8);

// The part of an element name after its namespace prefix ("content:encoded" -> "encoded").
std::string_view local_name(const pugi::xml_node& n);

// The first child element with that local name.
pugi::xml_node child_named(const pugi::xml_node& n, std::string_view local);

// The text of an element: its text and CDATA children joined, or, when it holds
// elements (XHTML content), its inner markup as written.
std::string inner_text(const pugi::xml_node& n);

}  // namespace newsdeal
