#include "plan.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <stdexcept>
#include <tuple>

#include "mix.h"
#include "tertial/base/strings.h"
#include "tertial/money/money.h"
#include "voucher_book.h"

namespace tertial::demo {
namespace {

using money::MulDiv;
using period::Date;
using period::Period;

using MonthWeights = std::array<int64_t, 12>;

// Month weights. Other costs dip in July (holidays) and peak in December; personnel costs
// are even but for June (holiday pay for hourly staff) and July-August (holiday pay is
// taken from the accrued holiday liability); revenues come in unevenly; the budget is
// periodised more smoothly; investments follow the building season.
// clang-format off
constexpr MonthWeights kCostWeights = {100, 98, 104, 100, 102, 110, 58, 86, 102, 104, 106, 118};
constexpr MonthWeights kPersonnelWeights = {100, 100, 100, 100, 100, 106, 62, 88, 100, 100, 100, 104};
constexpr MonthWeights kRevenueWeights = {110, 85, 100, 105, 95, 100, 70, 90, 105, 100, 100, 140};
constexpr MonthWeights kBudgetWeights = {98, 98, 102, 100, 100, 104, 70, 90, 100, 102, 104, 112};
constexpr MonthWeights kInvestmentWeights = {60, 80, 100, 110, 110, 110, 50, 90, 110, 110, 110, 130};
// clang-format on

int64_t Ore(int64_t tkr) { return tkr * kOrePerTkr; }

void Require(bool condition, const std::string& what) {
  if (!condition) throw std::logic_error("demo plan: " + what);
}

std::vector<int> Months(int first, int last) {
  std::vector<int> months;
  for (int m = first; m <= last; ++m) months.push_back(m);
  return months;
}

bool Contains(const std::vector<int>& months, int month) {
  return std::find(months.begin(), months.end(), month) != months.end();
}

int64_t WeightSum(const MonthWeights& weights, const std::vector<int>& months) {
  int64_t sum = 0;
  for (int m : months) sum += weights[m - 1];
  return sum;
}

bool IsRevenue(std::string_view account) { return account[0] == '3'; }

// Per month and account: one unit's amounts of a year, costs positive, revenues negative.
using MonthAccounts = std::map<int, std::map<std::string, int64_t>>;

// One part of a year (January-August, September-December, or all of it) for one unit.
struct Part {
  std::vector<int> months;
  int64_t costs_ore = 0;  // the part's total, one-off postings excluded
  int64_t revenues_ore = 0;
  int64_t year_costs_ore = 0;  // the year's, for quarterly and yearly entries
  int64_t year_revenues_ore = 0;
  std::optional<int64_t> personnel_ore;  // fixed; else personnel_percent of costs
  const MonthWeights* cost_weights = &kCostWeights;
  const MonthWeights* revenue_weights = &kRevenueWeights;
};

// Spreads `total` over `entries`: the periodic entries take their contract amounts in the
// part's months, the monthly ones share the rest by weight and month.
void AddSide(MonthAccounts* out, const std::string& unit, const std::vector<Entry>& entries,
             int64_t total, int64_t year_base, const std::vector<int>& months,
             const MonthWeights& month_weights) {
  int64_t periodic = 0;
  std::vector<int64_t> weights;
  std::vector<const Entry*> monthly;
  for (const Entry& e : entries) {
    if (e.cadence == Cadence::kMonthly || e.cadence == Cadence::kEven) {
      monthly.push_back(&e);
      weights.push_back(e.weight);
      continue;
    }
    int64_t year_amount = MulDiv(year_base, e.weight, 1000);
    std::map<int, int64_t> payments;
    if (e.cadence == Cadence::kQuarterly) {
      std::vector<int64_t> quarters = SplitExactly(year_amount, {1, 1, 1, 1});
      for (int q = 0; q < 4; ++q) payments[1 + 3 * q] = quarters[q];
    } else {
      payments[e.month] = year_amount;
    }
    for (auto [month, amount] : payments) {
      if (!Contains(months, month) || amount == 0) continue;
      (*out)[month][std::string(e.account)] += amount;
      periodic += amount;
    }
  }
  int64_t rest = total - periodic;
  Require(total >= 0 ? rest >= 0 : rest <= 0,
          StrCat(unit, ": periodic entries exceed the part's total"));
  if (rest == 0) return;
  Require(!monthly.empty(), StrCat(unit, ": nothing monthly to carry the rest"));
  std::vector<int64_t> per_entry = SplitExactly(rest, weights);
  std::vector<int64_t> weighted, even(months.size(), 1);
  for (int m : months) weighted.push_back(month_weights[m - 1]);
  for (size_t i = 0; i < monthly.size(); ++i) {
    std::vector<int64_t> per_month =
        SplitExactly(per_entry[i], monthly[i]->cadence == Cadence::kEven ? even : weighted);
    for (size_t k = 0; k < months.size(); ++k) {
      if (per_month[k] != 0) (*out)[months[k]][std::string(monthly[i]->account)] += per_month[k];
    }
  }
}

int64_t PersonnelByPercent(const UnitFigures& u, int64_t costs_ore) {
  return MulDiv(costs_ore, u.personnel_percent, 100);
}

void AddPart(MonthAccounts* out, const UnitFigures& u, const Part& part) {
  const UnitMix& mix = MixFor(u.id);
  const std::string unit(u.id);
  int64_t personnel =
      part.personnel_ore ? *part.personnel_ore : PersonnelByPercent(u, part.costs_ore);
  Require(personnel >= 0 && personnel <= part.costs_ore, StrCat(unit, ": personnel exceeds costs"));
  AddSide(out, unit, mix.personnel, personnel, 0, part.months, kPersonnelWeights);
  AddSide(out, unit, mix.costs, part.costs_ore - personnel, part.year_costs_ore, part.months,
          *part.cost_weights);
  AddSide(out, unit, mix.revenues, part.revenues_ore, part.year_revenues_ore, part.months,
          *part.revenue_weights);
}

// The one-off postings of a unit in some months of a year, per side.
struct OneOffSums {
  int64_t costs_ore = 0;
  int64_t revenues_ore = 0;
};
OneOffSums OneOffsIn(std::string_view unit, int year, const std::vector<int>& months) {
  OneOffSums sums;
  for (const OneOffFigures& o : OneOffs()) {
    if (o.unit != unit || o.date.year != year || !Contains(months, o.date.month)) continue;
    (IsRevenue(o.account) ? sums.revenues_ore : sums.costs_ore) += Ore(o.amount);
  }
  return sums;
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

std::string_view ReasonFor(std::string_view id, std::string_view side) {
  struct Reason {
    std::string_view id, side, text;
  };
  static const Reason kReasons[] = {
      {"KSGEM", "costs",
       "Medlemsavgiften till Räddningstjänsten i Östra Götaland regleras vid årets slut och väntas "
       "bli cirka 4 mnkr högre än budgeterat (befolkningsökning och pensionsavsättningar); andra "
       "kommungemensamma poster väger delvis upp."},
      {"KLS", "costs",
       "Inga kostnader för juridiska utredningar väntas i år, och tillskottet till "
       "säkerhetsenheten används först från september."},
      {"PLS", "costs",
       "Tillfälliga personalförstärkningar under hösten för jämställdhet och koldioxidneutralitet; "
       "ärendehanteringssystemet kostar något mer än budgeterat."},
      {"DIG", "costs",
       "Aktiviteter som uppdragstagarna skjutit upp under pandemin genomförs delvis under hösten."},
      {"NTS", "costs",
       "Näringslivsinsatser och evenemang som skjutits upp genomförs under hösten enligt "
       "verksamhetsplanen."},
      {"EKS", "costs",
       "Kostnader med annan periodicitet än månatlig faller ut under hösten; överskottet per "
       "augusti är större än det blir för helåret."},
      {"EKS", "revenues", "Inkasso- och stiftelseverksamheten ger högre intäkter än budgeterat."},
      {"HRS", "costs",
       "Senarelagda aktiviteter startar under hösten, och ej fakturerade kostnader för "
       "avvecklingen av Lönecenter väntas."},
      {"KOM", "costs",
       "Eventmedel betalas ut när uppskjutna evenemang kan genomföras under hösten."},
      {"ADM", "costs", "Lägre kostnader för kontorsmaterial och posthantering än budgeterat."},
      {"VSS", "costs",
       "Kostnader för flytten till Ebbepark (arkitekter, möbler, utbildning och konsulter) tas "
       "centralt under hösten."},
      {"LL", "costs",
       "Av engångsersättningen från Äldrenämnden (61 mnkr) hinner 13 mnkr inte användas i år; två "
       "korttidsboenden startas och grundbemanningen ökas under hösten."},
      {"PKS", "investment_spending",
       "Kontorsinventarier för aktivitetsbaserat arbetssätt och säkerhetsanpassningen av "
       "Stadshusets reception köps in under hösten, med medel överförda från 2020."},
      {"MARK", "investment_spending", "Ramen för strategiska markförvärv väntas nyttjas fullt ut."},
      {"SAK", "investment_spending",
       "Investeringarna i civilt försvar genomförs under resten av året; ramen, med 13,5 mnkr "
       "överförda från 2020, nyttjas fullt ut."},
      {"SIMHALL", "investment_spending",
       "Lejonfastigheters projektplan lägger mer av utgifterna på 2021 än kommunens årliga ram; "
       "projektets totala ram på 990,5 mnkr hålls."},
      {"RESERV", "investment_spending",
       "Reserven disponeras inte i år; 8,5 mnkr har förts över till Verksamhetsstöd och service."},
      {"VSSINV", "investment_spending",
       "Leveransförseningar under pandemin skjuter investeringarna i datakommunikation framåt i "
       "tiden."},
      {"LLINV", "investment_spending",
       "Bara ett fåtal investeringar i inventarier och utrustning väntas i år."},
  };
  for (const Reason& r : kReasons) {
    if (r.id == id && r.side == side) return r.text;
  }
  throw std::logic_error(StrCat("demo plan: no reason for ", id, " ", side));
}

// A unit's totals per part of each year (öre), from the figures: what the months and
// accounts must add up to.
struct UnitTotals {
  int64_t c20_8, r20_8, c20_4, r20_4;  // actual 2020, one-offs included
  int64_t c21_8, r21_8;                // actual January-August 2021
  int64_t bc8, br8, bc4, br4;          // budget 2021
  int64_t b20c, b20r;                  // budget 2020
};

std::map<std::string, UnitTotals> TotalsPerUnit() {
  // Revenues jan-aug 2021 balance the published revenue totals of the forecast: the KLF
  // stab marked with percent 0 (Kommunledningsstaben) takes what is left; VSS and Leanlink
  // are fixed by their own published split.
  int64_t klf_revenue_others = 0;  // tkr, sum over KLF stabs except the balancing one
  for (const UnitFigures& u : Units()) {
    if (!u.has_ledger || u.parent != "KLF" || u.revenue_2021_8_percent == 0) continue;
    int64_t budget_r8 = MulDiv(u.budget_revenue_2021, 8, 12);
    int64_t budget_r4 = u.budget_revenue_2021 - budget_r8;
    klf_revenue_others +=
        budget_r4 + u.adjustment_revenue + MulDiv(budget_r8, u.revenue_2021_8_percent, 100);
  }
  std::map<std::string, UnitTotals> totals;
  for (const UnitFigures& u : Units()) {
    if (!u.has_ledger) continue;
    const std::string unit(u.id);
    UnitTotals t;
    // Actual 2020: revenues chosen, costs whatever makes the published nets.
    t.r20_8 = u.revenue_2020_8;
    t.r20_4 = u.revenue_2020_4;
    t.c20_8 = u.actual_2020_8 - t.r20_8;
    t.c20_4 = (u.actual_2020 - u.actual_2020_8) - t.r20_4;
    Require(t.c20_8 >= 0 && t.c20_4 >= 0, StrCat(unit, ": negative costs in 2020"));
    // Budget 2021.
    t.br8 = MulDiv(u.budget_revenue_2021, 8, 12);
    t.br4 = u.budget_revenue_2021 - t.br8;
    t.bc8 = u.budget_2021_8 - t.br8;
    t.bc4 = (u.budget_2021 - u.budget_2021_8) - t.br4;
    Require(t.bc8 >= 0 && t.bc4 >= 0, StrCat(unit, ": negative budgeted costs in 2021"));
    // Budget 2020.
    t.b20r = u.budget_revenue_2020;
    t.b20c = u.budget_2020 - u.budget_revenue_2020;
    // Actual January-August 2021.
    if (u.parent == "KLF") {
      t.r21_8 = u.revenue_2021_8_percent != 0 ? MulDiv(t.br8, u.revenue_2021_8_percent, 100)
                                              : KlfSplit().forecast_revenues - klf_revenue_others -
                                                    t.br4 - u.adjustment_revenue;
    } else {
      const SplitFigures& split = u.id == "VSS" ? VssSplit() : LeanlinkSplit();
      t.r21_8 = split.forecast_revenues - t.br4 - u.adjustment_revenue;
    }
    t.c21_8 = u.actual_2021_8 - t.r21_8;
    Require(t.r21_8 <= 0 && t.c21_8 >= 0, StrCat(unit, ": impossible split of jan-aug 2021"));
    for (int64_t* v : {&t.c20_8, &t.r20_8, &t.c20_4, &t.r20_4, &t.c21_8, &t.r21_8, &t.bc8, &t.br8,
                       &t.bc4, &t.br4, &t.b20c, &t.b20r}) {
      *v = Ore(*v);
    }
    totals[unit] = t;
  }
  return totals;
}

// KLF's personnel costs per unit and part where the published personnel share fixes them.
// Kommunstyrelsen's own row (the board's fees) follows its percent; the stabs share the
// rest in proportion to their costs times their percent.
struct PersonnelSplit {
  std::map<std::string, int64_t> p20_8, p20_4, p21_8;
};

PersonnelSplit KlfPersonnelSplit(const std::map<std::string, UnitTotals>& totals) {
  const std::vector<int> jan_aug = Months(1, 8), sep_dec = Months(9, 12);
  PersonnelSplit split;
  int64_t fixed_2020 = 0, fixed_2021 = 0;
  std::vector<std::string> stabs;
  std::vector<int64_t> w20, w21;
  for (const UnitFigures& u : Units()) {
    if (u.parent != "KLF") continue;
    const std::string unit(u.id);
    const UnitTotals& t = totals.at(unit);
    int64_t c20_8 = t.c20_8 - OneOffsIn(unit, 2020, jan_aug).costs_ore;
    int64_t c20_4 = t.c20_4 - OneOffsIn(unit, 2020, sep_dec).costs_ore;
    int64_t c21_8 = t.c21_8 - OneOffsIn(unit, 2021, jan_aug).costs_ore;
    if (u.id == "KSGEM") {
      split.p20_8[unit] = PersonnelByPercent(u, c20_8);
      split.p20_4[unit] = PersonnelByPercent(u, c20_4);
      split.p21_8[unit] = PersonnelByPercent(u, c21_8);
      fixed_2020 += split.p20_8[unit] + split.p20_4[unit];
      fixed_2021 += split.p21_8[unit];
      continue;
    }
    stabs.push_back(unit);
    w20.push_back((c20_8 + c20_4) * u.personnel_percent);
    w21.push_back(c21_8 * u.personnel_percent);
  }
  std::vector<int64_t> p20 = SplitExactly(Ore(KlfPersonnel().actual_2020) - fixed_2020, w20);
  std::vector<int64_t> p21 = SplitExactly(Ore(KlfPersonnel().actual_2021_8) - fixed_2021, w21);
  for (size_t i = 0; i < stabs.size(); ++i) {
    std::vector<int64_t> halves = SplitExactly(
        p20[i], {WeightSum(kPersonnelWeights, jan_aug), WeightSum(kPersonnelWeights, sep_dec)});
    split.p20_8[stabs[i]] = halves[0];
    split.p20_4[stabs[i]] = halves[1];
    split.p21_8[stabs[i]] = p21[i];
  }
  return split;
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
  for (size_t k = 0; left != 0; ++k, left -= step)
    parts[remainders[k % remainders.size()].second] += step;
  return parts;
}

const std::vector<Account>& Accounts() {
  static const std::vector<Account> kAccounts = {
      {"1110", "Byggnader och mark"},
      {"1220", "Maskiner och inventarier"},
      {"1229", "Ackumulerade avskrivningar, maskiner och inventarier"},
      {"1510", "Kundfordringar"},
      {"1930", "Bank"},
      {"2440", "Leverantörsskulder"},
      {"2710", "Personalens källskatt"},
      {"2730", "Lagstadgade sociala avgifter"},
      {"2740", "Avtalade pensionsavgifter, individuell del"},
      {"3110", "Taxor och avgifter"},
      {"3510", "Bidrag"},
      {"3610", "Försäljning av verksamhet"},
      {"3620", "Inkasso- och förvaltningsarvoden"},
      {"3690", "Fördelade kommungemensamma kostnader"},
      {"4530", "Bidrag till organisationer"},
      {"4540", "Medlemsavgift kommunalförbund"},
      {"4610", "Köp av huvudverksamhet"},
      {"5010", "Arvoden förtroendevalda"},
      {"5020", "Löner tillsvidareanställda"},
      {"5510", "Arbetsgivaravgifter"},
      {"5610", "Pensionskostnader"},
      {"6110", "Lokalhyror"},
      {"6410", "Förbrukningsmaterial"},
      {"6510", "IT-tjänster"},
      {"6540", "Programlicenser"},
      {"7010", "Konsulttjänster"},
      {"7610", "Resor och konferenser"},
      {"7690", "Medlemsavgifter"},
      {"7810", "Avskrivningar inventarier"},
  };
  return kAccounts;
}

Plan MakePlan() {
  Plan plan;
  const std::vector<int> jan_aug = Months(1, 8), sep_dec = Months(9, 12), year = Months(1, 12);
  const std::map<std::string, UnitTotals> totals = TotalsPerUnit();
  const PersonnelSplit personnel = KlfPersonnelSplit(totals);
  VoucherBook book_2020(2020, &plan.vouchers_2020), book_2021(2021, &plan.vouchers_2021);

  for (const UnitFigures& u : Units()) {
    if (!u.has_ledger) continue;
    const std::string unit(u.id);
    const UnitTotals& t = totals.at(unit);
    auto fixed = [&](const std::map<std::string, int64_t>& m) -> std::optional<int64_t> {
      auto it = m.find(unit);
      return it == m.end() ? std::nullopt : std::optional<int64_t>(it->second);
    };

    // Actual 2020. Quarterly and yearly contracts follow the year's regular (not one-off)
    // costs and revenues.
    OneOffSums o20_8 = OneOffsIn(unit, 2020, jan_aug), o20_4 = OneOffsIn(unit, 2020, sep_dec);
    int64_t c20 = t.c20_8 + t.c20_4 - o20_8.costs_ore - o20_4.costs_ore;
    int64_t r20 = t.r20_8 + t.r20_4 - o20_8.revenues_ore - o20_4.revenues_ore;
    MonthAccounts actual_2020;
    for (const auto& [months, c, r, oneoff, p] :
         {std::tuple(jan_aug, t.c20_8, t.r20_8, o20_8, fixed(personnel.p20_8)),
          std::tuple(sep_dec, t.c20_4, t.r20_4, o20_4, fixed(personnel.p20_4))}) {
      AddPart(&actual_2020, u,
              {.months = months,
               .costs_ore = c - oneoff.costs_ore,
               .revenues_ore = r - oneoff.revenues_ore,
               .year_costs_ore = c20,
               .year_revenues_ore = r20,
               .personnel_ore = p});
    }
    for (const auto& [month, accounts] : actual_2020) book_2020.AddOperating(u, month, accounts);

    // Budget 2021, periodised like the actuals but smoother.
    MonthAccounts budget_2021;
    int64_t b21c = t.bc8 + t.bc4, b21r = t.br8 + t.br4;
    for (const auto& [months, c, r] :
         {std::tuple(jan_aug, t.bc8, t.br8), std::tuple(sep_dec, t.bc4, t.br4)}) {
      AddPart(&budget_2021, u,
              {.months = months,
               .costs_ore = c,
               .revenues_ore = r,
               .year_costs_ore = b21c,
               .year_revenues_ore = b21r,
               .cost_weights = &kBudgetWeights,
               .revenue_weights = &kBudgetWeights});
    }
    AddBudgetLines(2021, unit, budget_2021, &plan.budget_2021);

    // Budget 2020 (a whole year; only its total matters for the report's indicators).
    MonthAccounts budget_2020;
    AddPart(&budget_2020, u,
            {.months = year,
             .costs_ore = t.b20c,
             .revenues_ore = t.b20r,
             .year_costs_ore = t.b20c,
             .year_revenues_ore = t.b20r,
             .cost_weights = &kBudgetWeights,
             .revenue_weights = &kBudgetWeights});
    AddBudgetLines(2020, unit, budget_2020, &plan.budget_2020);

    // Actual January-August 2021.
    OneOffSums o21_8 = OneOffsIn(unit, 2021, jan_aug);
    MonthAccounts actual_2021;
    AddPart(&actual_2021, u,
            {.months = jan_aug,
             .costs_ore = t.c21_8 - o21_8.costs_ore,
             .revenues_ore = t.r21_8 - o21_8.revenues_ore,
             .year_costs_ore = b21c,
             .year_revenues_ore = b21r,
             .personnel_ore = fixed(personnel.p21_8)});
    for (const auto& [month, accounts] : actual_2021) book_2021.AddOperating(u, month, accounts);

    // Forecast adjustments: published forecast minus what budget_remaining gives
    // (actual jan-aug + budget sep-dec), split into revenues (chosen) and costs.
    int64_t adjustment = u.forecast_2021 - u.actual_2021_8 - (u.budget_2021 - u.budget_2021_8);
    int64_t on_costs = adjustment - u.adjustment_revenue;
    if (on_costs != 0) {
      plan.adjustments_2021.push_back(
          {unit, "", "costs", Ore(on_costs), std::string(ReasonFor(u.id, "costs"))});
    }
    if (u.adjustment_revenue != 0) {
      plan.adjustments_2021.push_back({unit, "", "revenues", Ore(u.adjustment_revenue),
                                       std::string(ReasonFor(u.id, "revenues"))});
    }
  }
  for (const OneOffFigures& o : OneOffs())
    (o.date.year == 2020 ? book_2020 : book_2021).AddOneOff(o);

  // Investments: spending as supplier invoices on the project's asset account, the frame
  // as monthly budget lines on the same account and project.
  for (const ProjectFigures& p : Projects()) {
    const std::string unit(p.unit), project(p.id), account(p.account);
    auto spread = [&](int64_t total, const std::vector<int>& months) {
      std::vector<int64_t> w;
      for (int m : months) w.push_back(kInvestmentWeights[m - 1]);
      return SplitExactly(Ore(total), w);
    };
    auto add_spending = [&](VoucherBook* book, int64_t total, const std::vector<int>& months) {
      if (total == 0) return;
      std::vector<int64_t> parts = spread(total, months);
      for (size_t i = 0; i < months.size(); ++i) book->AddInvestment(p, months[i], parts[i]);
    };
    auto add_budget = [&](int y, int64_t total, const std::vector<int>& months,
                          std::vector<PlannedBudgetLine>* out) {
      if (total == 0) return;
      std::vector<int64_t> parts = spread(total, months);
      for (size_t i = 0; i < months.size(); ++i) {
        out->push_back({unit, account, project, {y, months[i]}, parts[i]});
      }
    };
    add_spending(&book_2020, p.spending_2020, year);
    add_spending(&book_2021, p.spending_2021_8, jan_aug);
    add_budget(2020, p.frame_2020, year, &plan.budget_2020);
    add_budget(2021, p.budget_2021_8, jan_aug, &plan.budget_2021);
    add_budget(2021, p.frame_2021 - p.budget_2021_8, sep_dec, &plan.budget_2021);
    int64_t adjustment = p.forecast_2021 - p.spending_2021_8 - (p.frame_2021 - p.budget_2021_8);
    if (adjustment != 0) {
      plan.adjustments_2021.push_back({unit, project, "investment_spending", Ore(adjustment),
                                       std::string(ReasonFor(p.id, "investment_spending"))});
    }
  }

  OpenItems open_2020 = book_2020.Finish({}, 12);
  book_2021.Finish(open_2020, 8);

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
