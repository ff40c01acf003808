// The main text of a news page: the article's paragraphs without navigation,
// headers, footers, sidebars, comments, ads, share widgets and related links.
//
// How (the approach of Mozilla's Readability, with Trafilatura-style clean-up):
//   1. Drop what is never article text: scripts, forms, <nav>, <aside>,
//      <footer>, <header>, <figure>, hidden elements, and elements whose class,
//      id or role names boilerplate (comment, share, related, sidebar, promo,
//      newsletter, byline ...) unless it also names content (article, body,
//      content, main ...).
//   2. Score every paragraph (<p>, <pre>, <td>, a <div> of inline text) by its
//      length and commas, and credit its parent fully, its grandparent half,
//      and further ancestors less; class and id names add or subtract. Each
//      candidate's score is scaled by its share of text that is not link text.
//   3. The best candidate (moved up to a common ancestor when its rivals share
//      one) plus the siblings that score close to it or read as paragraphs.
//   4. Inside it, lists, tables and boxes that look like link lists, image
//      galleries or forms are dropped, and lines that are boilerplate on their
//      own ("Advertisement", "Read more", "Share this article").
//   5. Too little text (under 250 characters) and the steps are run again with
//      the class-name filter, then the class weights, then the clean-up off,
//      keeping the longest result.
// The text has one blank line between paragraphs; headings, list items and
// table rows are paragraphs of their own; <br> is a line break.
#pragma once

#include <string>
#include <string_view>

#include "pipeline/readers/html_dom.h"

namespace newsdeal {

// `title` (the page's headline, may be empty) is left out when the content
// repeats it as its first heading.
std::string extract_main_text(const HtmlDom& dom, std::string_view title = {});

}  // namespace newsdeal
