// A peer check: the same generated ledger, written as SIE for tertial and as a journal for
// hledger, gives the same per-account, per-month totals in `hledger balance -M` as in
// tertial's GetBalances.

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <sstream>

#include "absl/strings/str_split.h"
#include "ledger_fixture.h"
#include "tertial/money/money.h"
#include "testing/generated_ledger.h"

namespace tertial::ledger::testing {
namespace {

using Totals = std::map<std::pair<std::string, std::string>, int64_t>;  // (account, YYYY-MM)

std::string Unquote(std::string_view field) {
  if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
    return std::string(field.substr(1, field.size() - 2));
  }
  return std::string(field);
}

// Reads `hledger balance -M -O csv`: a header of months, then one row per account.
Totals ParseHledger(const std::string& csv) {
  Totals totals;
  std::istringstream in(csv);
  std::string line;
  std::vector<std::string> months;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    for (absl::string_view f : absl::StrSplit(line, ',')) fields.push_back(Unquote(std::string(f)));
    if (fields.empty()) continue;
    if (fields[0] == "account") {
      months.assign(fields.begin() + 1, fields.end());
      continue;
    }
    if (fields[0] == "total") continue;
    for (size_t i = 1; i < fields.size() && i - 1 < months.size(); ++i) {
      absl::StatusOr<int64_t> ore = money::ParseKronor(fields[i]);
      EXPECT_TRUE(ore.ok()) << fields[i];
      if (ore.ok() && *ore != 0) totals[{fields[0], months[i - 1]}] = *ore;
    }
  }
  return totals;
}

class PeerTest : public LedgerFixture {};

TEST_F(PeerTest, HledgerAgreesWithGetBalancesPerAccountAndMonth) {
  if (std::system("hledger --version > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "hledger is not installed (scripts/setup.sh --with-test-tools installs it)";
  }
  const std::string sie = dir_.Sub("peer.se");
  const std::string journal = dir_.Sub("peer.journal");
  auto generated = WriteGeneratedLedger({.transactions = 30'000,
                                         .lines_per_voucher = 7,
                                         .units = 25,
                                         .seed = 42,
                                         .journal_path = journal},
                                        sie);
  ASSERT_TRUE(generated.ok()) << generated.status();
  v1::ImportResult result = MustImport(ReadFile(sie), "peer.se");
  ASSERT_TRUE(result.committed()) << Issues(result);
  EXPECT_EQ(result.summary().transactions(), generated->transactions);

  const std::string out = dir_.Sub("hledger.csv");
  ASSERT_EQ(std::system(("hledger -f " + journal + " balance -M -O csv > " + out).c_str()), 0);
  Totals theirs = ParseHledger(ReadFile(out));

  Totals ours;
  for (const auto& row : Balances({v1::GROUP_BY_ACCOUNT, v1::GROUP_BY_MONTH})) {
    if (row.actual_ore() == 0) continue;
    char month[8];
    std::snprintf(month, sizeof(month), "%04d-%02d", row.period().year(), row.period().month());
    ours[{row.account(), month}] = row.actual_ore();
  }
  ASSERT_GT(theirs.size(), 100u) << "hledger gave too little to compare";
  EXPECT_EQ(ours, theirs);
}

}  // namespace
}  // namespace tertial::ledger::testing
