// libFuzzer target for the ledger's CSV imports (units, projects, budget; docs/formats.md),
// cmake/TertialFuzz.cmake and docs/fuzzing.md. The first byte picks the format and the error
// cap, the rest is the file. Besides "no crash": an import either has errors and no events,
// or events and no errors, and every event it would append parses back (the log refuses
// one that does not: a poison event).

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "domain/csv_import.h"
#include "tertial/testing/fuzz_check.h"
#include "testing/fake_view.h"

namespace tertial::ledger {
namespace {

// What a small municipality has defined before the file: a tree, accounts, a project and
// a fiscal year, so that the checks against earlier state run too.
const testing::FakeView& View() {
  static const testing::FakeView* view = [] {
    auto* v = new testing::FakeView();
    v->AddUnit("KS");
    v->AddUnit("KLF", "KS");
    v->AddUnit("EKS", "KLF");
    v->AddAccount("5010", "Löner");
    v->AddAccount("3010", "Avgifter");
    v->AddAccount("1110", "Byggnader");
    v->projects["P100"].set_project_id("P100");
    v->projects["P100"].set_unit_id("KLF");
    v->years.emplace(2021, period::FiscalYear::Calendar(2021));
    v->closed.insert(period::Period{2021, 1}.Index());
    return v;
  }();
  return *view;
}

void Check(const CsvImport& import, const Issues& issues) {
  TERTIAL_FUZZ_CHECK(!issues.has_errors() || import.events.empty());
  for (const v1::LedgerEvent& event : import.events) {
    v1::LedgerEvent back;
    TERTIAL_FUZZ_CHECK(back.ParseFromString(event.SerializeAsString()));
  }
}

}  // namespace
}  // namespace tertial::ledger

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tertial::ledger;
  if (size == 0) return 0;
  const uint8_t choice = data[0];
  const std::string content(reinterpret_cast<const char*>(data) + 1, size - 1);
  DetectCsvFormat(content.substr(0, content.find('\n')));
  ClosestCsvFormat(content.substr(0, content.find('\n')));

  ImportSettings settings{.file_name = "fuzz.csv", .organisation = "0580"};
  settings.fiscal_year = (choice & 4) ? 2021 : 0;
  tertial::Issues issues((choice & 8) ? 2 : 100);
  std::istringstream in(content);
  CsvImport import;
  switch (choice % 4) {
    case 0:
      import = ImportUnitsCsv(in, settings, View(), issues);
      break;
    case 1:
      import = ImportProjectsCsv(in, settings, View(), issues);
      break;
    default:
      import = ImportBudgetCsv(in, settings, View(), issues);
      break;
  }
  Check(import, issues);
  return 0;
}
