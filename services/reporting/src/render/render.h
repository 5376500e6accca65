#ifndef TERTIAL_SERVICES_REPORTING_SRC_RENDER_RENDER_H_
#define TERTIAL_SERVICES_REPORTING_SRC_RENDER_RENDER_H_

// Renderers of the report model. Each cell is printed from its exact amount (money.h
// rounding); nothing is summed here, so a total shown is always the rounded exact total.
//
//   html      one self-contained file: inline CSS and SVG, no external assets; prints to
//             clean A4 pages
//   md        Markdown (GitHub tables)
//   xlsx      one sheet per table; numbers stored as numbers with number formats
//   csv       one file per table; money as exact integers of öre in *_ore columns
//   json      the whole model; amounts as exact integers in *_ore fields, periods YYYY-MM

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/report.h"
#include "tertial/base/html.h"

namespace tertial::reporting {

enum class Format { kHtml, kMarkdown, kXlsx, kCsv, kJson };
absl::StatusOr<Format> ParseFormat(std::string_view name);  // html, md, xlsx, csv, json
std::string_view FormatName(Format format);

struct RenderedFile {
  std::string name;  // "delarsrapport-0580-KS-2021-08.html", "operating.csv"
  std::string content_type;
  std::string bytes;
};

// The files of one format: one for every format but csv (one per table).
absl::StatusOr<std::vector<RenderedFile>> Render(const Report& report, Format format);

std::string RenderHtml(const Report& report);
std::string RenderMarkdown(const Report& report);
absl::StatusOr<std::string> RenderXlsx(const Report& report);
std::vector<RenderedFile> RenderCsv(const Report& report);
std::string RenderJson(const Report& report);

// A grouped horizontal bar chart in mnkr as an inline <svg> element.
std::string RenderSvgChart(const Chart& chart);

// The small Markdown subset narrative uses: paragraphs, #/##/### headings, "- " lists,
// **bold**, *emphasis*. Everything else is text; HTML in the input is escaped.
std::string MarkdownToHtml(std::string_view markdown);
using ::tertial::HtmlEscape;  // tertial/base/html.h

// "delarsrapport-0580-KS-2021-08", from sanitised parts (ids::FileNamePart): a name that
// stays in the directory it is written to, whatever the ids hold.
std::string ReportBaseName(const Report& report);

}  // namespace tertial::reporting

#endif  // TERTIAL_SERVICES_REPORTING_SRC_RENDER_RENDER_H_
