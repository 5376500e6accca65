// The narrative's Markdown subset to HTML. Input is escaped first, so a controller's text
// can never inject markup into the report.

#include <string>

#include "render/render.h"
#include "tertial/base/strings.h"

namespace tertial::reporting {
namespace {

std::string Inline(std::string_view text) {
  std::string escaped = HtmlEscape(text);
  std::string out;
  bool bold = false, em = false;
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped.compare(i, 2, "**") == 0) {
      out += bold ? "</strong>" : "<strong>";
      bold = !bold;
      ++i;
    } else if (escaped[i] == '*' && (em || (i + 1 < escaped.size() && escaped[i + 1] != ' '))) {
      out += em ? "</em>" : "<em>";
      em = !em;
    } else {
      out += escaped[i];
    }
  }
  if (em) out += "</em>";
  if (bold) out += "</strong>";
  return out;
}

}  // namespace

std::string MarkdownToHtml(std::string_view markdown) {
  std::string out;
  std::string paragraph;
  bool list = false;
  auto flush = [&] {
    if (!paragraph.empty()) {
      StrAppend(&out, "<p>", Inline(paragraph), "</p>\n");
      paragraph.clear();
    }
    if (list) {
      out += "</ul>\n";
      list = false;
    }
  };
  size_t pos = 0;
  while (pos <= markdown.size()) {
    size_t end = markdown.find('\n', pos);
    if (end == std::string_view::npos) end = markdown.size();
    std::string_view line = markdown.substr(pos, end - pos);
    pos = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    std::string_view trimmed = line;
    while (!trimmed.empty() && trimmed.front() == ' ') trimmed.remove_prefix(1);
    if (trimmed.empty()) {
      flush();
    } else if (trimmed.rfind("### ", 0) == 0 || trimmed.rfind("## ", 0) == 0 ||
               trimmed.rfind("# ", 0) == 0) {
      flush();
      size_t level = trimmed.find(' ');
      // Narrative headings sit below the section's own h2.
      int h = static_cast<int>(level) + 2;
      if (h > 6) h = 6;
      StrAppend(&out, "<h", h, ">", Inline(trimmed.substr(level + 1)), "</h", h, ">\n");
    } else if (trimmed.rfind("- ", 0) == 0 || trimmed.rfind("* ", 0) == 0) {
      if (!paragraph.empty()) {
        StrAppend(&out, "<p>", Inline(paragraph), "</p>\n");
        paragraph.clear();
      }
      if (!list) {
        out += "<ul>\n";
        list = true;
      }
      StrAppend(&out, "<li>", Inline(trimmed.substr(2)), "</li>\n");
    } else {
      if (list) {
        out += "</ul>\n";
        list = false;
      }
      if (!paragraph.empty()) paragraph += ' ';
      paragraph += std::string(trimmed);
    }
    if (end == markdown.size()) break;
  }
  flush();
  return out;
}

}  // namespace tertial::reporting
