#include "plan.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "tertial/base/strings.h"
#include "tertial/money/money.h"

namespace tertial::demo {
namespace {

using period::Date;
using period::Period;

// Month weights. Costs dip in July (holidays) and peak in December; revenues come in
// unevenly; the budget is periodised more smoothly; investments follow the building season.
constexpr std::array<int64_t, 12> kCostWeights = {100, 98, 104, 100, 102, 110, 58, 86, 102, 104, 106, 118};
constexpr std::array<int64_t, 12> kRevenueWeights = {110, 85, 100, 105, 95, 100, 70, 90, 105, 100, 100, 140};
constexpr std::array<int64_t, 12> kBudgetWeights = {98, 98, 102, 100, 100, 104, 70, 90, 100, 102, 104, 112};
constexpr std::array<int64_t, 12> kInvestmentWeights = {60, 80, 100, 110, 110, 110, 50, 90, 110, 110, 110, 130};

struct Mix {
  std::string_view account;
  int64_t weight;
  bool quarterly = false;
};

// Which accounts a unit's costs and revenues fall on, by share.
struct UnitMix {
  std::vector<Mix> costs;
  std::vector<Mix> revenues;
};

const UnitMix& MixFor(std::string_view unit) {
  static const UnitMix kStab{
      {{"5010", 52}, {"5510", 17}, {"5610", 5}, {"6110", 8, true}, {"6410", 3}, {"7010", 9},
       {"7610", 2}, {"4610", 4}},
      {{"3510", 80}, {"3310", 20}}};
  static const UnitMix kBoard{
      {{"5030", 12}, {"5510", 4}, {"4540", 72, true}, {"7010", 12}},
      {{"3510", 100}}};
  static const UnitMix kEkonomi{
      {{"5010", 52}, {"5510", 17}, {"5610", 5}, {"6110", 8, true}, {"6410", 3}, {"7010", 11},
       {"7610", 2}, {"4610", 2}},
      {{"3510", 50}, {"3620", 50}}};
  static const UnitMix kService{
      {{"5010", 40}, {"5510", 13}, {"5610", 4}, {"6110", 10, true}, {"6510", 10}, {"7810", 15},
       {"7010", 8}},
      {{"3510", 100}}};
  static const UnitMix kCare{
      {{"5010", 55}, {"5510", 18}, {"5610", 6}, {"6110", 7, true}, {"6410", 4}, {"4610", 10}},
      {{"3510", 85}, {"3310", 10}, {"3110", 5}}};
  if (unit == "KSGEM") return kBoard;
  if (unit == "EKS") return kEkonomi;
  if (unit == "VSS") return kService;
  if (unit == "LL") return kCare;
  return kStab;
}

int64_t Ore(int64_t tkr) { return tkr * kOrePerTkr; }

using money::MulDiv;

void Require(bool condition, const std::string& what) {
  if (!condition) throw std::logic_error("demo plan: " + what);
}

// The months of a part of the year: January-August or September-December.
std::vector<int> Months(int first, int last) {
  std::vector<int> months;
  for (int m = first; m <= last; ++m) months.push_back(m);
  return months;
}

// Distributes `total` over `months` by `weights`; quarterly accounts land on the quarter's
// first month that lies in the part (January, April, July; September-October at most).
std::map<int, int64_t> OverMonths(int64_t total, const std::vector<int>& months,
                                  const std::array<int64_t, 12>& weights, bool quarterly) {
  std::vector<int> used;
  std::vector<int64_t> w;
  for (int m : months) {
    if (quarterly) {
      if (m == 1 || m == 4 || m == 10) {
        used.push_back(m), w.push_back(3);
      } else if (m == 7) {
        used.push_back(m), w.push_back(2);  // July and August; September is the next part's
      } else if (m == 9) {
        used.push_back(m), w.push_back(1);
      }
    } else {
      used.push_back(m), w.push_back(weights[m - 1]);
    }
  }
  std::vector<int64_t> parts = SplitExactly(total, w);
  std::map<int, int64_t> out;
  for (size_t i = 0; i < used.size(); ++i) out[used[i]] = parts[i];
  return out;
}

// Per month and account: the amounts of one part of a year, costs positive, revenues
// negative.
using MonthAccounts = std::map<int, std::map<std::string, int64_t>>;

void AddPart(MonthAccounts* out, const std::vector<Mix>& mix, int64_t total,
             const std::vector<int>& months, const std::array<int64_t, 12>& weights) {
  std::vector<int64_t> mix_weights;
  for (const Mix& m : mix) mix_weights.push_back(m.weight);
  std::vector<int64_t> per_account = SplitExactly(total, mix_weights);
  for (size_t i = 0; i < mix.size(); ++i) {
    for (auto [month, amount] : OverMonths(per_account[i], months, weights, mix[i].quarterly)) {
      if (amount != 0) (*out)[month][std::string(mix[i].account)] += amount;
    }
  }
}

bool IsPersonnel(const std::string& account) { return account[0] == '5'; }

// Vouchers for one unit and year from its month/account amounts.
void AddOperatingVouchers(int year, const std::string& unit, const MonthAccounts& amounts,
                          std::map<std::string, int>* numbers, std::vector<PlannedVoucher>* out) {
  for (const auto& [month, accounts] : amounts) {
    Date end{year, month, period::DaysInMonth(year, month)};
    PlannedVoucher salaries{"A", 0, {year, month, 25}, StrCat("Löner ", period::MonthName(month), " ", unit), {}};
    PlannedVoucher invoices{"B", 0, end, StrCat("Leverantörsfakturor ", period::MonthName(month), " ", unit), {}};
    PlannedVoucher revenues{"C", 0, end, StrCat("Intäkter ", period::MonthName(month), " ", unit), {}};
    int64_t salary_total = 0, invoice_total = 0, revenue_total = 0;
    for (const auto& [account, amount] : accounts) {
      if (account[0] == '3') {
        revenues.transactions.push_back({account, unit, "", amount});
        revenue_total += amount;
      } else if (IsPersonnel(account)) {
        salaries.transactions.push_back({account, unit, "", amount});
        salary_total += amount;
      } else {
        invoices.transactions.push_back({account, unit, "", amount});
        invoice_total += amount;
      }
    }
    if (salary_total != 0) {
      salaries.transactions.push_back({"1930", "", "", -salary_total});
      salaries.number = ++(*numbers)["A"];
      out->push_back(std::move(salaries));
    }
    if (invoice_total != 0) {
      invoices.transactions.push_back({"2440", "", "", -invoice_total});
      invoices.number = ++(*numbers)["B"];
      out->push_back(std::move(invoices));
    }
    if (revenue_total != 0) {
      revenues.transactions.push_back({"1510", "", "", -revenue_total});
      revenues.number = ++(*numbers)["C"];
      out->push_back(std::move(revenues));
    }
  }
}

// Budget lines per account class (the first digit), the way budgets are usually set.
void AddBudgetLines(int year, const std::string& unit, const MonthAccounts& amounts,
                    std::vector<PlannedBudgetLine>* out) {
  for (const auto& [month, accounts] : amounts) {
    std::map<std::string, int64_t> by_class;
    for (const auto& [account, amount] : accounts) by_class[account.substr(0, 1)] += amount;
    for (const auto& [prefix, amount] : by_class) {
      out->push_back({unit, prefix, "", {year, month}, amount});
    }
  }
}

struct Reason {
  std::string_view unit;
  std::string_view side;
  std::string_view text;
};

// The controllers' reasons, in their words (paraphrasing the report's commentary).
std::string_view ReasonFor(std::string_view id, std::string_view side) {
  static const Reason kReasons[] = {
      {"KSGEM", "costs", "Medlemsavgiften till Räddningstjänsten i Östra Götaland regleras vid årets slut och väntas bli cirka 4 mnkr högre än budgeterat (befolkningsökning och pensionsavsättningar); andra kommungemensamma poster väger delvis upp."},
      {"KLS", "costs", "Inga kostnader för juridiska utredningar väntas i år, och tillskottet till säkerhetsenheten används först från september."},
      {"PLS", "costs", "Tillfälliga personalförstärkningar under hösten för jämställdhet och koldioxidneutralitet; ärendehanteringssystemet kostar något mer än budgeterat."},
      {"DIG", "costs", "Aktiviteter som uppdragstagarna skjutit upp under pandemin genomförs delvis under hösten."},
      {"NTS", "costs", "Näringslivsinsatser och evenemang som skjutits upp genomförs under hösten enligt verksamhetsplanen."},
      {"EKS", "costs", "Kostnader med annan periodicitet än månatlig faller ut under hösten; överskottet per augusti är större än det blir för helåret."},
      {"EKS", "revenues", "Inkasso- och stiftelseverksamheten ger högre intäkter än budgeterat."},
      {"HRS", "costs", "Senarelagda aktiviteter startar under hösten, och ej fakturerade kostnader för avvecklingen av Lönecenter väntas."},
      {"KOM", "costs", "Eventmedel betalas ut när uppskjutna evenemang kan genomföras under hösten."},
      {"ADM", "costs", "Lägre kostnader för kontorsmaterial och posthantering än budgeterat."},
      {"VSS", "costs", "Kostnader för flytten till Ebbepark (arkitekter, möbler, utbildning och konsulter) tas centralt under hösten."},
      {"LL", "costs", "Två korttidsboenden startas och grundbemanningen ökas under hösten."},
      {"LL", "revenues", "Engångsersättningen från Äldrenämnden ger intäkter utöver budget; 13 mnkr av den hinner inte användas i år."},
      {"PKS", "investment_spending", "Kontorsinventarier för aktivitetsbaserat arbetssätt och säkerhetsanpassningen av Stadshusets reception köps in under hösten, med medel överförda från 2020."},
      {"MARK", "investment_spending", "Ramen för strategiska markförvärv väntas nyttjas fullt ut."},
      {"SAK", "investment_spending", "Investeringarna i civilt försvar genomförs under resten av året; ramen, med 13,5 mnkr överförda från 2020, nyttjas fullt ut."},
      {"SIMHALL", "investment_spending", "Lejonfastigheters projektplan lägger mer av utgifterna på 2021 än kommunens årliga ram; projektets totala ram på 990,5 mnkr hålls."},
      {"RESERV", "investment_spending", "Reserven disponeras inte i år; 8,5 mnkr har förts över till Verksamhetsstöd och service."},
      {"VSSINV", "investment_spending", "Leveransförseningar under pandemin skjuter investeringarna i datakommunikation framåt i tiden."},
      {"LLINV", "investment_spending", "Bara ett fåtal investeringar i inventarier och utrustning väntas i år."},
  };
  for (const Reason& r : kReasons) {
    if (r.unit == id && r.side == side) return r.text;
  }
  throw std::logic_error(StrCat("demo plan: no reason for ", id, " ", side));
}

}  // namespace

std::vector<int64_t> SplitExactly(int64_t total, const std::vector<int64_t>& weights) {
  int64_t weight_sum = 0;
  for (int64_t w : weights) weight_sum += w;
  Require(weight_sum > 0, "weights must be positive");
  __extension__ typedef __int128 Int128;
  std::vector<int64_t> parts(weights.size());
  std::vector<std::pair<Int128, size_t>> remainders;
  int64_t assigned = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    Int128 exact = static_cast<Int128>(total) * weights[i];
    parts[i] = static_cast<int64_t>(exact / weight_sum);  // truncates toward zero
    assigned += parts[i];
    remainders.push_back({exact % weight_sum, i});
  }
  // Hand out what truncation left, one öre at a time, to the largest remainders.
  int64_t left = total - assigned;
  int64_t step = left < 0 ? -1 : 1;
  std::stable_sort(remainders.begin(), remainders.end(), [&](const auto& a, const auto& b) {
    return step > 0 ? a.first > b.first : a.first < b.first;
  });
  for (size_t k = 0; left != 0; ++k, left -= step) parts[remainders[k % remainders.size()].second] += step;
  return parts;
}

const std::vector<Account>& Accounts() {
  static const std::vector<Account> kAccounts = {
      {"1110", "Byggnader och mark"},
      {"1220", "Maskiner och inventarier"},
      {"1510", "Kundfordringar"},
      {"1930", "Bank"},
      {"2440", "Leverantörsskulder"},
      {"3110", "Taxor och avgifter"},
      {"3310", "Bidrag"},
      {"3510", "Försäljning av verksamhet"},
      {"3620", "Inkasso- och förvaltningsintäkter"},
      {"4540", "Bidrag till kommunalförbund"},
      {"4610", "Köp av huvudverksamhet"},
      {"5010", "Löner tillsvidareanställda"},
      {"5030", "Arvoden förtroendevalda"},
      {"5510", "Arbetsgivaravgifter"},
      {"5610", "Pensionskostnader"},
      {"6110", "Lokalhyror"},
      {"6410", "Förbrukningsmaterial"},
      {"6510", "IT-tjänster och utrustning"},
      {"7010", "Konsulttjänster"},
      {"7610", "Resor och konferenser"},
      {"7810", "Avskrivningar inventarier"},
  };
  return kAccounts;
}

Plan MakePlan() {
  Plan plan;
  std::map<std::string, int> numbers_2020, numbers_2021;
  const std::vector<int> jan_aug = Months(1, 8);
  const std::vector<int> sep_dec = Months(9, 12);
  const std::vector<int> whole_year = Months(1, 12);

  // Revenues jan-aug 2021 balance the published revenue totals of the forecast: the KLF
  // stab marked with percent 0 (Kommunledningsstaben) takes what is left, VSS and Leanlink
  // are fixed by their own published split.
  int64_t klf_revenue_others = 0;  // tkr, sum over KLF stabs except the balancing one
  for (const UnitFigures& u : Units()) {
    if (!u.has_ledger || u.parent != "KLF" || u.revenue_2021_8_percent == 0) continue;
    int64_t budget_r8 = MulDiv(u.budget_revenue_2021, 8, 12);
    int64_t budget_r4 = u.budget_revenue_2021 - budget_r8;
    klf_revenue_others +=
        budget_r4 + u.adjustment_revenue + MulDiv(budget_r8, u.revenue_2021_8_percent, 100);
  }

  for (const UnitFigures& u : Units()) {
    if (!u.has_ledger) continue;
    const std::string unit(u.id);
    const UnitMix& mix = MixFor(u.id);

    // Actual 2020: revenues chosen, costs whatever makes the published nets.
    int64_t c20_8 = u.actual_2020_8 - u.revenue_2020_8;
    int64_t c20_4 = (u.actual_2020 - u.actual_2020_8) - u.revenue_2020_4;
    Require(c20_8 >= 0 && c20_4 >= 0, StrCat(unit, ": negative costs in 2020"));
    MonthAccounts actual_2020;
    AddPart(&actual_2020, mix.costs, Ore(c20_8), jan_aug, kCostWeights);
    AddPart(&actual_2020, mix.revenues, Ore(u.revenue_2020_8), jan_aug, kRevenueWeights);
    AddPart(&actual_2020, mix.costs, Ore(c20_4), sep_dec, kCostWeights);
    AddPart(&actual_2020, mix.revenues, Ore(u.revenue_2020_4), sep_dec, kRevenueWeights);
    AddOperatingVouchers(2020, unit, actual_2020, &numbers_2020, &plan.vouchers_2020);

    // Budget 2021.
    int64_t br8 = MulDiv(u.budget_revenue_2021, 8, 12);
    int64_t br4 = u.budget_revenue_2021 - br8;
    int64_t bc8 = u.budget_2021_8 - br8;
    int64_t bc4 = (u.budget_2021 - u.budget_2021_8) - br4;
    Require(bc8 >= 0 && bc4 >= 0, StrCat(unit, ": negative budgeted costs in 2021"));
    MonthAccounts budget_2021;
    AddPart(&budget_2021, mix.costs, Ore(bc8), jan_aug, kBudgetWeights);
    AddPart(&budget_2021, mix.revenues, Ore(br8), jan_aug, kBudgetWeights);
    AddPart(&budget_2021, mix.costs, Ore(bc4), sep_dec, kBudgetWeights);
    AddPart(&budget_2021, mix.revenues, Ore(br4), sep_dec, kBudgetWeights);
    AddBudgetLines(2021, unit, budget_2021, &plan.budget_2021);

    // Budget 2020 (a whole year; only its total matters for the report's indicators).
    MonthAccounts budget_2020;
    AddPart(&budget_2020, mix.costs, Ore(u.budget_2020 - u.budget_revenue_2020), whole_year,
            kBudgetWeights);
    AddPart(&budget_2020, mix.revenues, Ore(u.budget_revenue_2020), whole_year, kBudgetWeights);
    AddBudgetLines(2020, unit, budget_2020, &plan.budget_2020);

    // Actual January-August 2021.
    int64_t r21_8;
    if (u.parent == "KLF") {
      r21_8 = u.revenue_2021_8_percent != 0
                  ? MulDiv(br8, u.revenue_2021_8_percent, 100)
                  : KlfSplit().forecast_revenues - klf_revenue_others - br4 - u.adjustment_revenue;
    } else {
      const SplitFigures& split = u.id == "VSS" ? VssSplit() : LeanlinkSplit();
      r21_8 = split.forecast_revenues - br4 - u.adjustment_revenue;
    }
    int64_t c21_8 = u.actual_2021_8 - r21_8;
    Require(r21_8 <= 0 && c21_8 >= 0, StrCat(unit, ": impossible split of jan-aug 2021"));
    MonthAccounts actual_2021;
    AddPart(&actual_2021, mix.costs, Ore(c21_8), jan_aug, kCostWeights);
    AddPart(&actual_2021, mix.revenues, Ore(r21_8), jan_aug, kRevenueWeights);
    AddOperatingVouchers(2021, unit, actual_2021, &numbers_2021, &plan.vouchers_2021);

    // Forecast adjustments: published forecast minus what budget_remaining gives
    // (actual jan-aug + budget sep-dec), split into revenues (chosen) and costs.
    int64_t adjustment = u.forecast_2021 - u.actual_2021_8 - (u.budget_2021 - u.budget_2021_8);
    int64_t on_costs = adjustment - u.adjustment_revenue;
    if (on_costs != 0) {
      plan.adjustments_2021.push_back({unit, "", "costs", Ore(on_costs), std::string(ReasonFor(u.id, "costs"))});
    }
    if (u.adjustment_revenue != 0) {
      plan.adjustments_2021.push_back({unit, "", "revenues", Ore(u.adjustment_revenue),
                                       std::string(ReasonFor(u.id, "revenues"))});
    }
  }

  // Investments: spending as vouchers on the project's asset account, the frame as
  // monthly budget lines on the same account and project.
  for (const ProjectFigures& p : Projects()) {
    const std::string unit(p.unit), project(p.id), account(p.account);
    auto add_spending = [&](int year, int64_t total, const std::vector<int>& months,
                            std::map<std::string, int>* numbers, std::vector<PlannedVoucher>* out) {
      if (total == 0) return;
      std::vector<int64_t> w;
      for (int m : months) w.push_back(kInvestmentWeights[m - 1]);
      std::vector<int64_t> parts = SplitExactly(Ore(total), w);
      for (size_t i = 0; i < months.size(); ++i) {
        int m = months[i];
        out->push_back({"D", ++(*numbers)["D"], {year, m, period::DaysInMonth(year, m)},
                        StrCat("Investering ", p.name, " ", period::MonthName(m)),
                        {{account, unit, project, parts[i]}, {"2440", "", "", -parts[i]}}});
      }
    };
    auto add_budget = [&](int year, int64_t total, const std::vector<int>& months,
                          std::vector<PlannedBudgetLine>* out) {
      if (total == 0) return;
      std::vector<int64_t> w;
      for (int m : months) w.push_back(kInvestmentWeights[m - 1]);
      std::vector<int64_t> parts = SplitExactly(Ore(total), w);
      for (size_t i = 0; i < months.size(); ++i) {
        out->push_back({unit, account, project, {year, months[i]}, parts[i]});
      }
    };
    add_spending(2020, p.spending_2020, whole_year, &numbers_2020, &plan.vouchers_2020);
    add_spending(2021, p.spending_2021_8, jan_aug, &numbers_2021, &plan.vouchers_2021);
    add_budget(2020, p.frame_2020, whole_year, &plan.budget_2020);
    add_budget(2021, p.budget_2021_8, jan_aug, &plan.budget_2021);
    add_budget(2021, p.frame_2021 - p.budget_2021_8, sep_dec, &plan.budget_2021);
    int64_t adjustment = p.forecast_2021 - p.spending_2021_8 - (p.frame_2021 - p.budget_2021_8);
    if (adjustment != 0) {
      plan.adjustments_2021.push_back({unit, project, "investment_spending", Ore(adjustment),
                                       std::string(ReasonFor(p.id, "investment_spending"))});
    }
  }
  // Vouchers in date order within each series, numbered afresh per year.
  for (auto* vouchers : {&plan.vouchers_2020, &plan.vouchers_2021}) {
    std::stable_sort(vouchers->begin(), vouchers->end(), [](const auto& a, const auto& b) {
      return std::tie(a.series, a.date) < std::tie(b.series, b.date);
    });
    std::map<std::string, int> next;
    for (PlannedVoucher& v : *vouchers) v.number = ++next[v.series];
  }
  return plan;
}

}  // namespace tertial::demo
