#ifndef TERTIAL_BASE_HTML_H_
#define TERTIAL_BASE_HTML_H_

// Text into HTML: the one escaper of the report's HTML and the web app's pages.

#include <string>
#include <string_view>

namespace tertial {

// `text` with & < > " as entities: safe as element content and inside a double-quoted
// attribute value (every attribute tertial writes is double-quoted).
std::string HtmlEscape(std::string_view text);

}  // namespace tertial

#endif  // TERTIAL_BASE_HTML_H_
