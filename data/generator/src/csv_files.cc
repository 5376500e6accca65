// The CSV files of the demo municipality, and writing all files to disk.

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <string_view>
#include <tuple>

#include "demo_files.h"
#include "tertial/base/strings.h"

namespace tertial::demo {
namespace {

// Quotes a field when it holds a delimiter, a quote or a line break (docs/formats.md).
std::string Field(std::string_view value) {
  if (value.find_first_of(",;\"\r\n") == std::string_view::npos) return std::string(value);
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void Row(std::string* out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) *out += ',';
    first = false;
    *out += Field(f);
  }
  *out += '\n';
}

// Display order of the units, for sorting rows the way the report lists them.
int UnitOrder(std::string_view id) {
  int i = 0;
  for (const UnitFigures& u : Units()) {
    if (u.id == id) return i;
    ++i;
  }
  return i;
}

}  // namespace

std::string UnitsCsv() {
  std::string out;
  Row(&out, {"unit_id", "name", "parent_id", "kind", "scb_activity_code"});
  for (const UnitFigures& u : Units()) Row(&out, {u.id, u.name, u.parent, u.kind, u.scb_code});
  return out;
}

std::string ProjectsCsv() {
  std::string out;
  Row(&out, {"project_id", "name", "unit_id", "fiscal_year", "frame_ore"});
  for (const ProjectFigures& p : Projects()) {
    for (auto [year, frame] : {std::pair(2020, p.frame_2020), std::pair(2021, p.frame_2021)}) {
      Row(&out, {p.id, p.name, p.unit, std::to_string(year), std::to_string(frame * kOrePerTkr)});
    }
  }
  return out;
}

std::string BudgetCsv(const std::vector<PlannedBudgetLine>& lines) {
  std::vector<const PlannedBudgetLine*> sorted;
  for (const PlannedBudgetLine& l : lines) sorted.push_back(&l);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
    return std::tuple(UnitOrder(a->unit), a->project, a->account, a->period) <
           std::tuple(UnitOrder(b->unit), b->project, b->account, b->period);
  });
  std::string out;
  Row(&out, {"unit_id", "account", "project_id", "period", "amount_ore"});
  for (const PlannedBudgetLine* l : sorted) {
    Row(&out, {l->unit, l->account, l->project, period::FormatPeriod(l->period),
               std::to_string(l->amount_ore)});
  }
  return out;
}

std::string AdjustmentsCsv(const std::vector<PlannedAdjustment>& adjustments) {
  std::string out;
  Row(&out, {"unit_id", "project_id", "side", "amount_ore", "reason", "expires_after"});
  for (const PlannedAdjustment& a : adjustments) {
    Row(&out, {a.unit, a.project, a.side, std::to_string(a.amount_ore), a.reason, ""});
  }
  return out;
}

absl::StatusOr<std::vector<DemoFile>> RenderDemoFiles(const Plan& plan) {
  absl::StatusOr<std::string> ledger_2020 = Ledger2020Sie(plan);
  if (!ledger_2020.ok()) return ledger_2020.status();
  absl::StatusOr<std::string> ledger_2021 = Ledger2021Sie(plan);
  if (!ledger_2021.ok()) return ledger_2021.status();
  std::vector<DemoFile> files;
  files.push_back({"units.csv", UnitsCsv()});
  files.push_back({"projects.csv", ProjectsCsv()});
  files.push_back({"budget-2020.csv", BudgetCsv(plan.budget_2020)});
  files.push_back({"budget-2021.csv", BudgetCsv(plan.budget_2021)});
  files.push_back({"adjustments-2021.csv", AdjustmentsCsv(plan.adjustments_2021)});
  files.push_back({"ledger-2020.se", *std::move(ledger_2020)});
  files.push_back({"ledger-2021.se", *std::move(ledger_2021)});
  return files;
}

absl::Status WriteDemoFiles(const std::vector<DemoFile>& files, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::UnavailableError(StrCat(dir, ": cannot create: ", ec.message()));
  for (const DemoFile& f : files) {
    std::string path = StrCat(dir, "/", f.name);
    std::string partial = StrCat(path, ".partial");
    std::FILE* out = std::fopen(partial.c_str(), "wb");
    if (out == nullptr) {
      return absl::UnavailableError(StrCat(partial, ": cannot create: ", std::strerror(errno)));
    }
    bool written = std::fwrite(f.bytes.data(), 1, f.bytes.size(), out) == f.bytes.size();
    bool closed = std::fclose(out) == 0;
    if (!written || !closed) {
      std::remove(partial.c_str());
      return absl::UnavailableError(StrCat(partial, ": write failed"));
    }
    std::filesystem::rename(partial, path, ec);
    if (ec)
      return absl::UnavailableError(StrCat(path, ": cannot rename into place: ", ec.message()));
  }
  return absl::OkStatus();
}

}  // namespace tertial::demo
