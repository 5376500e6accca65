#include "mix.h"

namespace tertial::demo {

// The mixes are tables: laid out by hand.
// clang-format off

const UnitMix& MixFor(std::string_view unit) {
  // Salaries, statutory employer contributions (31,42 %) and agreed pension costs.
  static const std::vector<Entry> kStaff = {{"5020", 72}, {"5510", 22}, {"5610", 6}};
  static const UnitMix kStab{
      kStaff,
      {{"6110", 40, Cadence::kQuarterly}, {"4610", 30}, {"7010", 30}, {"4530", 15}, {"6410", 6},
       {"6510", 8}, {"7610", 3}},
      {{"3610", 80}, {"3510", 20}}};
  // Näringsliv och tillväxt: grants to business organisations and events.
  static const UnitMix kGrants{
      kStaff,
      {{"6110", 30, Cadence::kQuarterly}, {"4530", 45}, {"7010", 25}, {"4610", 10}, {"6410", 5},
       {"7610", 4}},
      {{"3510", 60}, {"3610", 40}}};
  // Ekonomistaben: the finance system's licences are invoiced once a year; the debt
  // collection and foundation management fees quarterly.
  static const UnitMix kEkonomi{
      kStaff,
      {{"6110", 40, Cadence::kQuarterly}, {"6540", 60, Cadence::kYearly, 1}, {"7010", 40},
       {"4610", 20}, {"6410", 6}, {"6510", 10}, {"7610", 3}},
      {{"3620", 450, Cadence::kQuarterly}, {"3610", 100}}};
  // Digitaliseringsstaben: development bought from the administrations and consultants.
  static const UnitMix kDigital{
      kStaff,
      {{"6110", 30, Cadence::kQuarterly}, {"6540", 50, Cadence::kYearly, 1}, {"4610", 40},
       {"7010", 40}, {"6510", 15}, {"7610", 2}},
      {{"3610", 100}}};
  // Kommunstyrelsen: the board's fees, the rescue service federation's member fee
  // (quarterly in advance), memberships (SKR and others, once a year).
  static const UnitMix kBoard{
      {{"5010", 76}, {"5510", 24}},
      {{"4540", 550, Cadence::kQuarterly}, {"7690", 40, Cadence::kYearly, 2}, {"7010", 30},
       {"6410", 5}, {"7610", 5}},
      {{"3510", 100}}};
  // Verksamhetsstöd och service: IT and service sold to the administrations; equipment
  // depreciates monthly.
  static const UnitMix kService{
      kStaff,
      {{"6110", 80, Cadence::kQuarterly}, {"6540", 40, Cadence::kYearly, 1}, {"6510", 40},
       {"7810", 50, Cadence::kEven}, {"6410", 10}, {"7010", 10}, {"4610", 10}},
      {{"3610", 100}}};
  // Leanlink: care sold to Äldrenämnden and others, fees, state grants.
  static const UnitMix kCare{
      kStaff,
      {{"6110", 60, Cadence::kQuarterly}, {"4610", 30}, {"6410", 10}, {"6510", 3}, {"7610", 1}},
      {{"3610", 80}, {"3110", 8}, {"3510", 12}}};
  if (unit == "KSGEM") return kBoard;
  if (unit == "NTS") return kGrants;
  if (unit == "EKS") return kEkonomi;
  if (unit == "DIG") return kDigital;
  if (unit == "VSS") return kService;
  if (unit == "LL") return kCare;
  return kStab;
}

Cadence CadenceOf(std::string_view unit, std::string_view account) {
  const UnitMix& mix = MixFor(unit);
  for (const auto* entries : {&mix.personnel, &mix.costs, &mix.revenues}) {
    for (const Entry& e : *entries) {
      if (e.account == account) return e.cadence;
    }
  }
  return Cadence::kMonthly;
}

// clang-format on

}  // namespace tertial::demo
