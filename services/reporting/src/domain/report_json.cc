#include "report_json.h"

#include "tertial/base/strings.h"
#include "tertial/period/period.h"

namespace tertial::reporting::report_json {

absl::Status Expected(std::string_view source, const json::Value& at, std::string_view expected) {
  return absl::InvalidArgumentError(
      StrCat(source, ":", at.line, ":", at.column, ": expected ", expected));
}

std::string Str(const json::Value& object, std::string_view key) {
  const json::Value* v = object.Find(key);
  return v && v->type == json::Type::kString ? v->text : "";
}

absl::Status ReadHeader(std::string_view source, const json::Value& root, const Header& header,
                        Report* report) {
  const json::Value* format = root.Find("format");
  if (format == nullptr || format->text != header.format) {
    return Expected(source, format ? *format : root, StrCat("\"format\": \"", header.format, "\""));
  }
  report->organisation = Str(root, "organisation");
  report->organisation_name = Str(root, "organisation_name");
  report->board_id = Str(root, header.board);
  report->board_name = Str(root, "board_name");
  report->primary_unit_id = Str(root, header.primary_unit);
  report->primary_unit_name = Str(root, "primary_unit_name");
  const json::Value* period = root.Find("period");
  if (period == nullptr || period->type != json::Type::kString)
    return Expected(source, root, "\"period\": \"YYYY-MM\"");
  auto p = period::ParsePeriod(period->text);
  if (!p.ok())
    return Expected(source, *period, StrCat("a period YYYY-MM (", p.status().message(), ")"));
  report->period = *p;
  report->fiscal_year = p->year;
  return absl::OkStatus();
}

}  // namespace tertial::reporting::report_json
