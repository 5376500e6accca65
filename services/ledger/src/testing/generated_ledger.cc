#include "testing/generated_ledger.h"

#include <cstdio>
#include <memory>
#include <vector>

#include "tertial/base/strings.h"
#include "tertial/money/money.h"
#include "tertial/period/period.h"
#include "tertial/sie/writer.h"

namespace tertial::ledger::testing {
namespace {

// splitmix64: small, fast and the same everywhere.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int64_t Below(int64_t n) { return static_cast<int64_t>(Next() % static_cast<uint64_t>(n)); }

 private:
  uint64_t state_;
};

struct AccountSpec {
  const char* number;
  const char* name;
  int weight;
  bool revenue;
};

// Kommun-Bas style accounts: costs (4-7), revenues (3), investments (11) and the bank.
constexpr AccountSpec kAccounts[] = {
    {"3110", "Försäljning av verksamhet", 3, true},
    {"3310", "Taxor och avgifter", 4, true},
    {"3510", "Hyror och arrenden", 3, true},
    {"3620", "Bidrag från staten", 2, true},
    {"4010", "Inköp av material", 6, false},
    {"4540", "Köp av huvudverksamhet", 6, false},
    {"5010", "Månadsavlönade", 14, false},
    {"5510", "Sociala avgifter", 6, false},
    {"5610", "Pensionskostnader", 3, false},
    {"6110", "Lokalhyror", 5, false},
    {"6410", "Förbrukningsmaterial", 4, false},
    {"7010", "Konsulttjänster", 4, false},
    {"7610", "Utbildning", 2, false},
    {"1110", "Byggnader, pågående", 2, false},
};
constexpr const char* kBank = "1930";

class Journal {
 public:
  explicit Journal(const std::string& path) {
    if (!path.empty()) {
      file_ = std::fopen(path.c_str(), "w");
      if (file_ != nullptr) std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
    }
  }
  ~Journal() {
    if (file_ != nullptr) std::fclose(file_);
  }
  bool ok(const std::string& path) const { return path.empty() || file_ != nullptr; }
  void Voucher(const sie::Voucher& v) {
    if (file_ == nullptr) return;
    std::fprintf(file_, "%04d-%02d-%02d %s%s\n", v.date.year, v.date.month, v.date.day,
                 v.series.c_str(), v.number.c_str());
    for (const sie::Transaction& t : v.transactions) {
      std::fprintf(file_, "    %s  %s\n", t.account.c_str(),
                   money::FormatKronor(t.amount_ore).c_str());
    }
    std::fputc('\n', file_);
  }
  bool Close() {
    if (file_ == nullptr) return true;
    bool ok = std::fclose(file_) == 0;
    file_ = nullptr;
    return ok;
  }

 private:
  std::FILE* file_ = nullptr;
};

}  // namespace

absl::StatusOr<GeneratedLedger> WriteGeneratedLedger(const GeneratorOptions& options,
                                                     const std::string& sie_path) {
  if (options.lines_per_voucher < 2 || options.units < 1) {
    return absl::InvalidArgumentError("a voucher needs two lines and the tree a unit");
  }
  absl::StatusOr<std::unique_ptr<sie::ByteSink>> sink = sie::CreateFile(sie_path);
  if (!sink.ok()) return sink.status();
  sie::Writer writer(sink->get());
  Journal journal(options.journal_path);
  if (!journal.ok(options.journal_path)) {
    return absl::UnavailableError(StrCat("cannot write ", options.journal_path));
  }
  auto write = [&](const sie::Item& item) { return writer.Write(item); };
  const int year = options.fiscal_year;

  // The unit tree: one nämnd, four förvaltningar, the enheter spread over them.
  std::vector<std::string> units;
  for (int i = 1; i <= options.units; ++i) units.push_back(StrCat("E", 100 + i));
  const char* kForvaltningar[] = {"KLF", "VSS", "LL", "SBF"};
  if (!options.units_csv_path.empty()) {
    std::FILE* csv = std::fopen(options.units_csv_path.c_str(), "w");
    if (csv == nullptr)
      return absl::UnavailableError(StrCat("cannot write ", options.units_csv_path));
    std::fprintf(csv,
                 "unit_id,name,parent_id,kind,scb_activity_code\nKS,Kommunstyrelsen,,namnd,\n");
    for (const char* f : kForvaltningar)
      std::fprintf(csv, "%s,Förvaltning %s,KS,forvaltning,\n", f, f);
    for (size_t i = 0; i < units.size(); ++i) {
      std::fprintf(csv, "%s,Enhet %s,%s,enhet,%d\n", units[i].c_str(), units[i].c_str(),
                   kForvaltningar[i % 4], 900 + static_cast<int>(i % 9) * 10);
    }
    std::fclose(csv);
  }

  absl::Status s;
  s.Update(write(sie::Flagga{0}));
  s.Update(write(sie::Format{"PC8"}));
  s.Update(write(sie::SieTyp{"4"}));
  s.Update(write(sie::Program{"tertial generator", "1"}));
  s.Update(write(sie::Gen{{year + 1, 1, 15}, "generator"}));
  s.Update(write(sie::Fnamn{options.company}));
  s.Update(write(sie::Orgnr{options.orgnr}));
  s.Update(write(sie::Rar{0, {year, 1, 1}, {year, 12, 31}}));
  s.Update(write(sie::Konto{kBank, "Bank"}));
  for (const AccountSpec& a : kAccounts) s.Update(write(sie::Konto{a.number, a.name}));
  s.Update(write(sie::Dim{1, "Ansvar"}));
  s.Update(write(sie::Dim{6, "Projekt"}));
  for (const std::string& u : units) s.Update(write(sie::Objekt{1, u, StrCat("Enhet ", u)}));
  for (int p = 1; p <= 5; ++p)
    s.Update(write(sie::Objekt{6, StrCat("P", p), StrCat("Projekt ", p)}));
  if (!s.ok()) return s;

  int total_weight = 0;
  for (const AccountSpec& a : kAccounts) total_weight += a.weight;
  Random random(options.seed);
  GeneratedLedger out;
  const int64_t vouchers =
      (options.transactions + options.lines_per_voucher - 1) / options.lines_per_voucher;
  sie::Voucher voucher;
  voucher.series = "A";
  for (int64_t n = 0; n < vouchers; ++n) {
    // Vouchers run through the year in order, as a ledger does.
    const int month = static_cast<int>(n * 12 / vouchers) + 1;
    voucher.number = std::to_string(n + 1);
    voucher.date = {year, month,
                    1 + static_cast<int>(random.Below(period::DaysInMonth(year, month)))};
    voucher.text = StrCat("Verifikat ", n + 1);
    voucher.transactions.resize(static_cast<size_t>(options.lines_per_voucher));
    int64_t sum = 0;
    for (int i = 0; i + 1 < options.lines_per_voucher; ++i) {
      int pick = static_cast<int>(random.Below(total_weight));
      const AccountSpec* account = &kAccounts[0];
      for (const AccountSpec& a : kAccounts) {
        if (pick < a.weight) {
          account = &a;
          break;
        }
        pick -= a.weight;
      }
      sie::Transaction& t = voucher.transactions[static_cast<size_t>(i)];
      t.account = account->number;
      t.objects.clear();
      t.objects.push_back({1, units[static_cast<size_t>(random.Below(options.units))]});
      if (account->number[0] == '1') t.objects.push_back({6, StrCat("P", 1 + random.Below(5))});
      int64_t amount = 100 + random.Below(5'000'000);  // 1 kr .. 50 000 kr
      t.amount_ore = account->revenue ? -amount : amount;
      sum += t.amount_ore;
    }
    sie::Transaction& bank = voucher.transactions.back();
    bank.account = kBank;
    bank.objects.clear();
    bank.amount_ore = -sum;
    if (absl::Status w = writer.Write(voucher); !w.ok()) return w;
    journal.Voucher(voucher);
    ++out.vouchers;
    out.transactions += options.lines_per_voucher;
  }
  if (absl::Status f = writer.Finish(); !f.ok()) return f;
  if (!journal.Close())
    return absl::UnavailableError(StrCat("cannot write ", options.journal_path));
  out.sie_bytes = writer.bytes_written();
  return out;
}

}  // namespace tertial::ledger::testing
