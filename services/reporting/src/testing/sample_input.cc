#include "testing/sample_input.h"

#include "domain/figures.h"
#include "figures.h"
#include "tertial/base/strings.h"

namespace tertial::reporting::testing {
namespace {

constexpr int64_t kTkr = 100'000;

chart::UnitKind KindOf(std::string_view kind) {
  if (kind == "namnd") return chart::UnitKind::kNamnd;
  if (kind == "forvaltning") return chart::UnitKind::kForvaltning;
  if (kind == "stab") return chart::UnitKind::kStab;
  return chart::UnitKind::kEnhet;
}

Decimal D(int64_t units, int scale) { return Decimal{units, scale}; }

IndicatorValue V(int64_t units, int scale, std::string footnote = "") {
  return IndicatorValue{.value = Decimal{units, scale}, .footnote = std::move(footnote)};
}
IndicatorValue NoData(std::string remark = "") {
  return IndicatorValue{.remark = std::move(remark)};
}

}  // namespace

BuildInput SampleInput() {
  BuildInput in;
  in.organisation = "0580";
  in.organisation_name = "Linköpings kommun";
  in.board_id = "KS";
  in.period = {2021, 8};
  int position = 0;
  for (const demo::UnitFigures& u : demo::Units()) {
    in.units.Define({.id = std::string(u.id),
                     .name = std::string(u.name),
                     .parent_id = std::string(u.parent),
                     .kind = KindOf(u.kind),
                     .scb_activity_code = std::string(u.scb_code),
                     .position = position++});
    if (!u.has_ledger) continue;
    // Öre on top of the published tkr, so that cells are rounded from exact amounts.
    int64_t odd = 123 * (position % 7);
    int64_t period_revenue = u.budget_revenue_2021 * 8 / 12 * kTkr;
    UnitFigures f;
    f.actual = {u.actual_2021_8 * kTkr + odd - period_revenue, period_revenue};
    f.budget_period = {u.budget_2021_8 * kTkr - period_revenue, period_revenue};
    f.prior_period = {u.actual_2020_8 * kTkr - u.revenue_2020_8 * kTkr, u.revenue_2020_8 * kTkr};
    int64_t prior_revenue = (u.revenue_2020_8 + u.revenue_2020_4) * kTkr;
    f.prior_year = {u.actual_2020 * kTkr - prior_revenue, prior_revenue};
    f.budget_year = {u.budget_2021 * kTkr - u.budget_revenue_2021 * kTkr,
                     u.budget_revenue_2021 * kTkr};
    in.figures[std::string(u.id)] = f;
    UnitForecastInput fc;
    fc.budget = f.budget_year;
    int64_t revenue = u.budget_revenue_2021 * kTkr + u.adjustment_revenue * kTkr;
    fc.forecast = {u.forecast_2021 * kTkr + odd - revenue, revenue};
    fc.method = "budget_remaining";
    in.forecasts[std::string(u.id)] = fc;
  }
  // Roll-ups as the forecast service publishes them: the sum of the subtree.
  for (std::string_view rollup : {"KLF", "KS"}) {
    UnitForecastInput sum;
    for (const chart::UnitNode* node : in.units.Subtree(rollup)) {
      auto it = in.forecasts.find(node->id);
      if (it == in.forecasts.end() || node->id == rollup) continue;
      if (!in.units.Children(node->id).empty()) continue;
      sum.forecast += it->second.forecast;
      sum.budget += it->second.budget;
    }
    sum.method = "budget_remaining";  // every unit below uses it
    in.forecasts[std::string(rollup)] = sum;
  }
  int p = 0;
  for (const demo::ProjectFigures& pr : demo::Projects()) {
    in.projects.push_back({.id = std::string(pr.id),
                           .name = std::string(pr.name),
                           .unit_id = std::string(pr.unit),
                           .position = p++,
                           .spending_to_date_ore = pr.spending_2021_8 * kTkr,
                           .forecast_spending_ore = pr.forecast_2021 * kTkr,
                           .frame_ore = pr.frame_2021 * kTkr,
                           .has_forecast = true});
  }
  in.adjustments = {
      {.id = "adj-rtog",
       .unit_id = "KSGEM",
       .side = AdjustmentSide::kCosts,
       .amount_ore = 4'000 * kTkr,
       .reason = "Räddningstjänstens medlemsavgift regleras vid årets slut",
       .author = "anna.ekonom"},
      {.id = "adj-eks",
       .unit_id = "EKS",
       .side = AdjustmentSide::kRevenues,
       .amount_ore = -1'100 * kTkr,
       .reason = "Inkasso- och stiftelseverksamheten ger mer än budgeterat",
       .author = "anna.ekonom"},
      {.id = "adj-ll",
       .unit_id = "LL",
       .side = AdjustmentSide::kRevenues,
       .amount_ore = -13'000 * kTkr,
       .reason = "Del av engångsersättningen från Äldrenämnden hinner inte disponeras i år",
       .author = "lars.controller"},
  };

  struct G {
    const char* id;
    const char* area;
    const char* municipal;
    const char* name;
    Assessment a;
  };
  static const G kGoals[] = {
      {"social", "Samhälle", "Ett attraktivt och tryggt Linköping",
       "God social sammanhållning och delaktighet", Assessment::kPartly},
      {"trygghet", "Samhälle", "Ett attraktivt och tryggt Linköping", "God trygghet och säkerhet",
       Assessment::kPartly},
      {"plan", "Samhälle", "Ett attraktivt och tryggt Linköping",
       "God planberedskap i antagna översiktsplaner", Assessment::kMet},
      {"varumarke", "Samhälle", "Ett attraktivt och tryggt Linköping", "Starkt varumärke",
       Assessment::kMet},
      {"co2", "Samhälle", "Ett klimatsmart Linköping", "Linköping är koldioxidneutralt år 2025",
       Assessment::kPartly},
      {"klimat", "Samhälle", "Ett klimatsmart Linköping", "Klimatsäkert Linköping",
       Assessment::kMet},
      {"giftfri", "Samhälle", "Ett klimatsmart Linköping", "Giftfri miljö", Assessment::kPartly},
      {"naringsliv", "Samhälle", "Ett företagsamt Linköping",
       "Ett starkt entreprenörskap och växande näringsliv", Assessment::kMet},
      {"kostnad", "Ekonomi", "Kostnadseffektiv verksamhet", "Kostnadseffektiv verksamhet",
       Assessment::kPartly},
      {"inkop", "Ekonomi", "Kostnadseffektiv verksamhet", "Korrekta och effektiva inköp",
       Assessment::kMet},
      {"kontroll", "Ekonomi", "Hållbar ekonomi", "God ekonomisk kontroll", Assessment::kMet},
      {"finansiell", "Ekonomi", "Hållbar ekonomi", "God finansiell ställning", Assessment::kMet},
      {"effektiv", "Verksamhet", "Effektiv organisation med goda resultat",
       "Effektiv organisation med goda resultat", Assessment::kPartly},
      {"digital", "Verksamhet", "Effektiv organisation med goda resultat",
       "Hög digitaliseringsgrad", Assessment::kMet},
      {"klimateffektiv", "Verksamhet", "Hållbar verksamhetsutveckling", "Klimateffektiv verksamhet",
       Assessment::kPartly},
      {"arbetsplatser", "Medarbetare", "Attraktiv arbetsgivare", "Goda arbetsplatser",
       Assessment::kPartly},
      {"chef", "Medarbetare", "Attraktiv arbetsgivare", "Hållbart chef- och ledarskap",
       Assessment::kPartly},
      {"kompetens", "Medarbetare", "Hållbar kompetensförsörjning",
       "Nya vägar för kompetensförsörjning", Assessment::kPartly},
  };
  for (const G& g : kGoals) {
    in.goals.push_back({.id = g.id,
                        .area = g.area,
                        .municipal_goal = g.municipal,
                        .name = g.name,
                        .assessment = g.a,
                        .rationale = StrCat("Nämndmålet bedöms ",
                                            g.a == Assessment::kMet ? "uppnås" : "delvis uppnås",
                                            " vid helår 2021. Bedömningen baseras på pågående och "
                                            "genomförda aktiviteter i verksamhetsplanen.")});
  }
  in.indicator_periods = {{"2019", "2019", ColumnKind::kNumber},
                          {"2020", "2020", ColumnKind::kNumber},
                          {"2021-08", "Augusti 2021", ColumnKind::kNumber}};
  auto target = [](std::string printed, std::optional<Decimal> baseline) {
    return *ParseTarget(printed, baseline);
  };
  in.indicators = {
      {.id = "delaktighet",
       .goal_id = "social",
       .name = "Delaktighetsindex, andel (%) av maxpoäng",
       .target = target("Öka", {}),
       .values = {{"2019", V(56, 0)}, {"2020", V(53, 0)}, {"2021-08", NoData()}}},
      {.id = "lagenheter",
       .goal_id = "plan",
       .name = "Antal lägenheter i gällande översiktsplan",
       .target = target("40 000", D(40000, 0)),
       .values = {{"2019", V(40000, 0)}, {"2020", V(40000, 0)}, {"2021-08", V(40000, 0)}}},
      {.id = "attraktiv",
       .goal_id = "varumarke",
       .name = "Andel (%) Linköpingsbor som instämmer med att Linköping är en attraktiv kommun att "
               "bo och leva i",
       .target = target("84", D(74, 0)),
       .values = {{"2019", V(83, 0)},
                  {"2020", V(74, 0)},
                  {"2021-08", NoData("genomförs hösten 2021")}}},
      {.id = "solel",
       .goal_id = "co2",
       .name = "Andel (%) producerad solel i förhållande till total elanvändning",
       .target = target("1,75", D(240, 2)),
       .values = {{"2019", V(122, 2)}, {"2020", V(240, 2)}, {"2021-08", NoData()}}},
      {.id = "kemiska",
       .goal_id = "giftfri",
       .name = "Andel (%) utvalda kemiska produkter som är miljömärkta",
       .target = target("Öka", {}),
       .footnote = "2",
       .values = {{"2019", V(11, 0)}, {"2020", V(25, 0)}, {"2021-08", V(69, 0)}}},
      {.id = "nyforetag",
       .goal_id = "naringsliv",
       .name = "Andel (%) nyföretagsamma människor per 1000 invånare, 16–74 år",
       .target = target("9,7", D(906, 2)),
       .values = {{"2019", V(904, 2)}, {"2020", V(906, 2)}, {"2021-08", V(892, 2)}}},
      {.id = "personalkostnad",
       .goal_id = "kostnad",
       .name = "Personalkostnader/verksamhetens nettokostnad, KLF (%)",
       .target = target("mindre än 23", {}),
       .values = {{"2019", V(23, 0)}, {"2020", V(36, 0)}, {"2021-08", V(25, 0)}}},
      {.id = "budgetavvikelse",
       .goal_id = "kontroll",
       .name = "Procentuell avvikelse budget och utfall, KLF (%)",
       .target = target("mindre än 2", {}),
       .values = {{"2019", V(42, 1)}, {"2020", V(109, 1)}, {"2021-08", V(81, 1)}}},
      {.id = "nki",
       .goal_id = "effektiv",
       .name = "SKR:s Löpande Insikt – Öppna jämförelser Företagsklimat NKI",
       .target = target("75", D(74, 0)),
       .values = {{"2019", V(70, 0)}, {"2020", V(74, 0)}, {"2021-08", V(78, 0)}}},
      {.id = "rationalisering",
       .goal_id = "digital",
       .name = "Potentiell rationalisering genom ökad digitalisering",
       .target = target("75", D(500, 1)),
       .footnote = "3",
       .values = {{"2019", V(0, 0)}, {"2020", V(500, 1)}, {"2021-08", V(527, 1)}}},
      {.id = "gronalan",
       .goal_id = "klimateffektiv",
       .name = "Andel gröna lån av kommunens totala andel finansiella placeringar (%)",
       .target = target("Öka", {}),
       .values = {{"2019", V(23, 0)}, {"2020", V(44, 0)}, {"2021-08", V(48, 0, "4")}}},
      {.id = "sjuk",
       .goal_id = "arbetsplatser",
       .name = "Total sjukfrånvaro, %",
       .mark = "*",
       .target = target("6,2", D(82, 1)),
       .values = {{"2019", V(66, 1)}, {"2020", V(82, 1)}, {"2021-08", V(76, 1)}},
       .breakdowns = {{.id = "men",
                       .label = "män",
                       .values = {{"2019", V(46, 1)}, {"2020", V(58, 1)}, {"2021-08", V(56, 1)}}},
                      {.id = "women",
                       .label = "kvinnor",
                       .values = {{"2019", V(71, 1)}, {"2020", V(89, 1)}, {"2021-08", V(82, 1)}}}}},
      {.id = "chefsavgangar",
       .goal_id = "chef",
       .name = "Chefsavgångar (andel tillsvidarechefer som slutat), %",
       .mark = "*",
       .target = target("4,6", D(49, 1)),
       .values = {{"2019", V(55, 1)}, {"2020", V(49, 1)}, {"2021-08", V(28, 1)}}},
      {.id = "avgangar",
       .goal_id = "kompetens",
       .name = "Andel avgångar (andel tillsvidareanställda som slutat), %",
       .mark = "*",
       .target = target("6,2", D(79, 1)),
       .values = {{"2019", V(81, 1)}, {"2020", V(79, 1)}, {"2021-08", V(40, 1)}}},
  };
  in.indicator_footnotes = {
      {"2",
       "Viktandel av rengöringsmedel som köps och som är miljömärkta med Svanen, Bra Miljöval "
       "eller EU Ecolabel."},
      {"3", "Nyttjandet av digitala lösningar multiplicerat med beräknad rationaliserande effekt."},
      {"4", "Utöver obligationerna har kommunen 271 mnkr i gröna obligationsfonder."},
  };
  in.activities = {{"genomförd", 22}, {"pågår", 76}, {"pausad", 3},
                   {"kvarstår", 15},  {"utgått", 2}, {"ej uppföljd", 1}};
  in.personnel = {
      {.id = "1", .label = "Antal tillsvidareanställda", .current = D(139, 0), .prior = D(144, 0)},
      {.id = "2",
       .label = "Total sjukfrånvaro (%)",
       .target = D(32, 1),
       .current = D(18, 1),
       .prior = D(21, 1)},
      {.id = "3",
       .label = "Extern personalomsättning (%)",
       .target = D(50, 1),
       .current = D(72, 1),
       .prior = D(49, 1)},
  };
  in.assignments = {
      {.id = "naringsliv",
       .title = "Värdera om insatserna för näringslivet under pandemin ska permanentas",
       .status = "pågår",
       .comment = "Pågår med avvikelse; slutförs i slutet av Q1 2022."},
      {.id = "mark",
       .title = "Öka kommunens markinnehav",
       .status = "kvarstår",
       .comment = "Arbete med Resmex för att hitta former för markförvärv pågår."},
      {.id = "kommunikation",
       .title = "Genomlysning av kommunens samlade resurser inom kommunikation",
       .status = "genomfört",
       .comment = "Godkänd av kommunstyrelsen i augusti."},
  };
  in.narratives["economy"] =
      "Prognosen för helåret visar en nettokostnad med {{forecast.sum.forecast|mnkr}} mnkr "
      "jämfört med budget {{forecast.sum.budget|mnkr}} mnkr, en positiv avvikelse med "
      "{{forecast.sum.deviation|mnkr}} mnkr.\n\n"
      "- Ekonomistaben: överskott {{forecast.unit:EKS.deviation|mnkr}} mnkr\n"
      "- Kommunstyrelsen: underskott {{forecast.unit:KSGEM.deviation|mnkr,abs}} mnkr\n";
  return in;
}

ForecastSource CurrentForecastSource(const BuildInput& in) {
  ForecastSource s{.published = true,
                   .as_of = in.period,
                   .published_at = "2021-09-06 08:00 UTC",
                   .trigger = "period_closed",
                   .event_id = "f0recast-publication",
                   .ledger_known = true,
                   .ledger_event_id = "1edger-event",
                   .report_ledger_event_id = "1edger-event"};
  for (const auto& [unit, forecast] : in.forecasts) {
    int64_t net = 0;
    for (const chart::UnitNode* node : in.units.Subtree(unit)) {
      if (auto it = in.figures.find(node->id); it != in.figures.end())
        net += it->second.actual.net_ore();
    }
    s.actual_net_ore[unit] = net;
  }
  return s;
}

}  // namespace tertial::reporting::testing
