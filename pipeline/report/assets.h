// The report page's template, stylesheet and script (pipeline/report/assets/),
// compiled in by cmake/report_assets.cmake.
#pragma once

#include <string_view>

namespace newsdeal::report {

// The asset named `name` ("page.html", "report.css", "report.js"); empty when
// there is none.
std::string_view asset(std::string_view name);

}  // namespace newsdeal::report
