// Feed dates to ISO 8601: RSS writes RFC 822 dates ("Tue, 10 Jun 2025 04:00:00
// GMT"), Atom and Dublin Core already write ISO 8601.
#pragma once

#include <string>
#include <string_view>

namespace newsdeal {

// "Tue, 10 Jun 2025 04:00:00 GMT" -> "2025-06-10T04:00:00Z", "+0800" ->
// "+08:00". A date with a zone name other than GMT, UT, UTC or Z comes back as
// written: "CST" is US Central in RFC 822 and China Standard Time in many
// Chinese feeds, and guessing would misdate by 14 hours. ISO 8601 and anything
// unparseable also come back as written (trimmed).
std::string normalize_feed_date(std::string_view date);

}  // namespace newsdeal
