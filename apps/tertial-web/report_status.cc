#include "report_status.h"

#include "tertial/base/strings.h"
#include "tertial/json/json.h"

namespace tertial::web {
namespace {

std::string Text(const json::Value& v, std::string_view key) {
  const json::Value* f = v.Find(key);
  return f != nullptr && f->type == json::Type::kString ? f->text : "";
}

const std::vector<json::Value>* Array(const json::Value& v, std::string_view key) {
  const json::Value* f = v.Find(key);
  return f != nullptr && f->type == json::Type::kArray ? &f->items : nullptr;
}

}  // namespace

absl::StatusOr<ReportStatus> StatusOfReport(std::string_view report_json) {
  absl::StatusOr<json::Value> root = json::Parse(report_json, "report.json");
  if (!root.ok()) return root.status();
  if (root->type != json::Type::kObject || Text(*root, "format") != "tertial.report.v1") {
    return absl::InvalidArgumentError("expected a report (format tertial.report.v1)");
  }
  ReportStatus status;
  status.organisation_name = Text(*root, "organisation_name");
  status.board_name = Text(*root, "board_name");
  if (const auto* sections = Array(*root, "sections")) {
    for (const json::Value& s : *sections) {
      ++status.sections;
      if (Text(s, "narrative_markdown").empty()) {
        status.sections_without_text.push_back({Text(s, "id"), Text(s, "title")});
      }
      const auto* tables = Array(s, "tables");
      if (tables == nullptr) continue;
      for (const json::Value& t : *tables) {
        status.table_ids.push_back(Text(t, "id"));
        if (Text(t, "kind") != "goals") continue;
        const auto* rows = Array(t, "rows");
        if (rows == nullptr) continue;
        for (const json::Value& row : *rows) {
          std::string id = Text(row, "id");
          if (id.rfind("goal:", 0) != 0) continue;
          ++status.goals;
          if (Text(row, "assessment").empty()) {
            status.goals_without_assessment.push_back({id, Text(row, "label")});
          }
        }
      }
    }
  }
  if (const auto* findings = Array(*root, "findings")) {
    for (const json::Value& f : *findings) {
      (Text(f, "severity") == "error" ? status.errors : status.warnings)++;
    }
  }
  return status;
}

}  // namespace tertial::web
