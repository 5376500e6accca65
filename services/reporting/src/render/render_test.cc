#include "render/render.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "domain/builder.h"
#include "tertial/base/ids.h"
#include "tertial/base/strings.h"
#include "tertial/json/json.h"
#include "testing/sample_input.h"

namespace tertial::reporting {
namespace {

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto built = Build(testing::SampleInput());
    ASSERT_TRUE(built.ok()) << built.status();
    report_ = std::move(*built);
  }
  Report report_;
};

size_t Count(const std::string& haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1))
    ++n;
  return n;
}

TEST(RenderRemarkTest, ANumbersRemarkIsPrintedInEveryFormat) {
  BuildInput in = testing::SampleInput();
  for (IndicatorInput& ind : in.indicators) {
    if (ind.id == "gronalan")
      ind.values["2021-08"] = {.value = Decimal{1940, 0}, .remark = "per 1 april"};
  }
  auto report = Build(in);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_NE(RenderHtml(*report).find("1 940<span class=\"rm\">per 1 april</span>"),
            std::string::npos);
  EXPECT_NE(RenderMarkdown(*report).find("| 1 940 (per 1 april) |"), std::string::npos);
  EXPECT_NE(RenderJson(*report).find("\"2021-08\":1940,\"2021-08_remark\":\"per 1 april\""),
            std::string::npos);
}

TEST_F(RenderTest, HtmlIsSelfContained) {
  std::string html = RenderHtml(report_);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  // The only URL is the SVG namespace, one per chart.
  EXPECT_EQ(Count(html, "http"), Count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
}

TEST_F(RenderTest, HtmlHasEverySectionTableAndChart) {
  std::string html = RenderHtml(report_);
  for (const std::string& id : SectionIds())
    EXPECT_NE(html.find("id=\"s-" + id + "\""), std::string::npos) << id;
  for (std::string_view id : {"t-operating", "t-forecast", "t-investments", "t-economy",
                              "t-personnel", "t-indicators_1", "t-assignments", "t-adjustments"}) {
    EXPECT_NE(html.find(id), std::string::npos) << id;
  }
  EXPECT_EQ(Count(html, "<svg"), 3u);
  EXPECT_NE(html.find("<td class=\"num\">532 265</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num neg\">-2 851</td>"), std::string::npos);
  EXPECT_NE(html.find(">I.U.<span class=\"rm\">genomförs hösten 2021</span>"), std::string::npos);
  EXPECT_NE(html.find("class=\"pill yellow\">Uppfylls delvis"), std::string::npos);
  EXPECT_NE(html.find("@page"), std::string::npos);
  EXPECT_NE(html.find("en positiv avvikelse med 12,8 mnkr"), std::string::npos);
}

TEST(RenderNarrativeTest, AnalysisFollowsTheFiguresAndIntroductionsPrecedeThem) {
  BuildInput in = testing::SampleInput();
  in.narratives["forecast"] =
      "## Ekonomistaben\nPrognosen visar {{forecast.unit:EKS.deviation|mnkr}} mnkr.";
  in.narratives["goals"] = "Bedömningen väger samman verksamhetsplanen och indikatorerna.";
  auto report = Build(in);
  ASSERT_TRUE(report.ok()) << report.status();
  std::string html = RenderHtml(*report);
  size_t table = html.find("id=\"t-forecast\"");
  size_t analysis = html.find("<h3>Analys och kommentar</h3>", html.find("id=\"s-forecast\""));
  ASSERT_NE(table, std::string::npos);
  ASSERT_NE(analysis, std::string::npos);
  EXPECT_LT(table, analysis);
  EXPECT_NE(html.find("<h4>Ekonomistaben</h4>", analysis), std::string::npos);
  size_t goals = html.find("id=\"s-goals\"");
  EXPECT_LT(html.find("Bedömningen väger samman", goals),
            html.find("God ekonomisk kontroll", goals));
  std::string md = RenderMarkdown(*report);
  size_t md_analysis = md.find("### Analys och kommentar\n\n#### Ekonomistaben\nPrognosen visar");
  ASSERT_NE(md_analysis, std::string::npos) << md;
  EXPECT_LT(md.find("| Ekonomistaben |", md.find("## 5.")), md_analysis);
}

TEST_F(RenderTest, ChartScalesBarsFromZero) {
  Chart c{.id = "x",
          .title = "T",
          .categories = {"A", "B"},
          .series = {{.name = "S", .values_ore = {100'000'000 * 10, -100'000'000 * 5}}}};
  std::string svg = RenderSvgChart(c);
  EXPECT_EQ(Count(svg, "<rect"), 3u);  // legend + two bars
  EXPECT_NE(svg.find(">10,0</text>"), std::string::npos);
  EXPECT_NE(svg.find(">-5,0</text>"), std::string::npos);
  EXPECT_NE(svg.find("class=\"zero\""), std::string::npos);
}

// Small amounts get grid steps below 1 mnkr; whole-mnkr labels read "0 0 0 1 1 1".
TEST_F(RenderTest, ChartTicksOfSmallAmountsAreTellableApart) {
  Chart c{.id = "x",
          .title = "T",
          .categories = {"A", "B"},
          .series = {{.name = "S", .values_ore = {30'000'000, 120'000'000}}}};
  std::string svg = RenderSvgChart(c);
  std::vector<std::string> ticks;
  const std::string open = "class=\"tick\">";
  for (size_t at = svg.find(open); at != std::string::npos; at = svg.find(open, at)) {
    at += open.size();
    ticks.push_back(svg.substr(at, svg.find('<', at) - at));
  }
  ASSERT_GE(ticks.size(), 3u) << svg;
  for (size_t i = 1; i < ticks.size(); ++i) EXPECT_NE(ticks[i - 1], ticks[i]) << svg;
  EXPECT_EQ(ticks.front(), "0,0");
}

// A table without rows says so, instead of printing its header over nothing.
TEST(RenderEmptyTableTest, ATableWithoutRowsSaysSoInHtmlAndMarkdown) {
  BuildInput in = testing::SampleInput();
  in.adjustments.clear();
  in.assignments.clear();
  auto report = Build(in);
  ASSERT_TRUE(report.ok()) << report.status();
  const std::string html = RenderHtml(*report);
  const std::string md = RenderMarkdown(*report);
  int empty = 0;
  for (const Section& section : report->sections) {
    for (const Table& t : section.tables) {
      if (!t.rows.empty() || t.kind == TableKind::kGoals) continue;  // goals print as cards
      ++empty;
      EXPECT_NE(html.find(EmptyTableNote(t.kind)), std::string::npos) << t.id;
      const std::string title = StrCat("**", t.title, "**\n\n");
      size_t at = md.find(title);
      ASSERT_NE(at, std::string::npos) << t.id;
      EXPECT_EQ(
          md.compare(at + title.size(), EmptyTableNote(t.kind).size(), EmptyTableNote(t.kind)), 0)
          << "a header row over no rows in " << t.id;
    }
  }
  EXPECT_GE(empty, 2) << "the adjustments and the assignments";
}

// The cover counts an assessment the checks dispute as an error; its goal in §8 must say
// so too, not show plain green.
TEST_F(RenderTest, AGoalWhoseAssessmentIsDisputedSaysSoOnItsCard) {
  const Table* goals = report_.FindTable("goals");
  ASSERT_NE(goals, nullptr);
  ASSERT_GE(goals->rows.size(), 2u);
  const Row& disputed = goals->rows[1];
  // The sample's own findings about goals are flagged too: one card each.
  size_t about_goals = 0;
  for (const Finding& f : report_.findings) about_goals += f.file == goals->id ? 1 : 0;
  report_.findings.push_back({.file = goals->id,
                              .message = "bedömningen motsägs av indikatorerna <X>",
                              .severity = Severity::kError,
                              .rule = "assessment",
                              .record = disputed.id});
  const std::string html = RenderHtml(report_);
  size_t card = html.find(StrCat("data-row=\"", HtmlEscape(disputed.id), "\""));
  ASSERT_NE(card, std::string::npos);
  size_t next = html.find("class=\"goal\"", card);
  size_t flag =
      html.find("Fel i kontrollen</a>: bedömningen motsägs av indikatorerna &lt;X&gt;", card);
  ASSERT_NE(flag, std::string::npos) << "no flag on the disputed goal";
  EXPECT_LT(flag, next) << "the flag is on another goal's card";
  EXPECT_EQ(Count(html, "i kontrollen</a>"), about_goals + 1) << "only findings about goals";
  const std::string md = RenderMarkdown(report_);
  size_t line = md.find(StrCat("- **", disputed.label, "**"));
  ASSERT_NE(line, std::string::npos);
  EXPECT_NE(md.substr(line, md.find('\n', line) - line).find("**Fel i kontrollen:**"),
            std::string::npos);
  EXPECT_EQ(md.find(" [green]"), std::string::npos) << "colour names are not Swedish";
}

TEST_F(RenderTest, NarrativeMarkdownIsEscaped) {
  std::string html =
      MarkdownToHtml("## Rubrik\n\nText med **fet** <script>x</script>\n\n- a\n- b\n");
  EXPECT_EQ(html,
            "<h4>Rubrik</h4>\n<p>Text med <strong>fet</strong> &lt;script&gt;x&lt;/script&gt;</p>\n"
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
}

TEST_F(RenderTest, MarkdownHasTablesWithSumRows) {
  std::string md = RenderMarkdown(report_);
  EXPECT_NE(md.find("| **Summa nettokostnader** | **532 265** | **545 107** | **12 842** |"),
            std::string::npos);
  EXPECT_NE(md.find("|---|---:|---:|---:|---:|"), std::string::npos);
  EXPECT_NE(md.find("## 8. Målredovisning"), std::string::npos);
}

TEST_F(RenderTest, CsvCarriesExactOre) {
  std::vector<RenderedFile> files = RenderCsv(report_);
  const RenderedFile* op = nullptr;
  for (const RenderedFile& f : files) {
    if (f.name == "operating.csv") op = &f;
  }
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->bytes.substr(0, op->bytes.find('\n')),
            "row_id,row_kind,label,parent,unit_id,actual_ore,budget_ore,deviation_ore,prior_ore,"
            "mark,part");
  const Row* sum = report_.FindTable("operating")->FindRow("sum");
  EXPECT_NE(op->bytes.find("sum,sum,Summa,,KLF," + std::to_string(sum->cells[0].ore()) + ","),
            std::string::npos);
  EXPECT_EQ(files.back().name, "findings.csv");
  EXPECT_EQ(files[files.size() - 2].name, "tables.csv");
}

TEST_F(RenderTest, JsonIsTheWholeModelWithOreFields) {
  auto parsed = json::Parse(RenderJson(report_), "report.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->Find("period")->text, "2021-08");
  const json::Value& sections = *parsed->Find("sections");
  ASSERT_EQ(sections.items.size(), SectionIds().size());
  const json::Value* forecast = nullptr;
  for (const json::Value& s : sections.items) {
    for (const json::Value& t : s.Find("tables")->items) {
      if (t.Find("id")->text == "forecast") forecast = &t;
    }
  }
  ASSERT_NE(forecast, nullptr);
  const json::Value* sum = nullptr;
  for (const json::Value& r : forecast->Find("rows")->items) {
    if (r.Find("id")->text == "sum") sum = &r;
  }
  ASSERT_NE(sum, nullptr);
  EXPECT_EQ(sum->Find("cells")->Find("forecast_ore")->text,
            std::to_string(report_.FindTable("forecast")->FindRow("sum")->cells[0].ore()));
  EXPECT_EQ(parsed->Find("findings")->items.size(), report_.findings.size());
}

// 6.8: the summary's counts agree in number with their words, in the HTML cards and the
// Markdown highlights alike.
TEST_F(RenderTest, SummaryCountsAgreeInNumber) {
  std::string html = RenderHtml(report_);
  EXPECT_NE(html.find("22 har genomförts, 76 pågår, 3 är pausade, 15 kvarstår, 2 har utgått och 1 "
                      "har inte följts upp"),
            std::string::npos);
  EXPECT_NE(html.find("8 uppfylls och 10 uppfylls delvis"), std::string::npos);
  EXPECT_EQ(html.find("3 pausad,"), std::string::npos);
  std::string md = RenderMarkdown(report_);
  EXPECT_NE(md.find("- 119 aktiviteter: 22 har genomförts, 76 pågår, 3 är pausade"),
            std::string::npos);
  EXPECT_EQ(md.find("22 genomförd"), std::string::npos);
}

// 6.8: footnote marks travel in the JSON model: on a row's label and on a cell.
TEST_F(RenderTest, JsonCarriesFootnoteMarksOfLabelsAndCells) {
  Table* t = nullptr;
  Row* kemiska = nullptr;
  for (const Table* table : report_.Tables()) {
    for (const Row& r : table->rows) {
      if (r.id == "indicator:kemiska") {
        t = report_.FindTable(table->id);
        kemiska = const_cast<Row*>(&r);
      }
    }
  }
  ASSERT_NE(kemiska, nullptr);
  ASSERT_EQ(kemiska->footnote, "2");
  kemiska->cells[t->ColumnIndex("2020")].set_footnote("4");
  auto parsed = json::Parse(RenderJson(report_), "report.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const json::Value* row = nullptr;
  for (const json::Value& s : parsed->Find("sections")->items) {
    for (const json::Value& tv : s.Find("tables")->items) {
      for (const json::Value& r : tv.Find("rows")->items) {
        if (r.Find("id")->text == "indicator:kemiska") row = &r;
      }
    }
  }
  ASSERT_NE(row, nullptr);
  ASSERT_NE(row->Find("footnote"), nullptr);
  EXPECT_EQ(row->Find("footnote")->text, "2");
  ASSERT_NE(row->Find("cells")->Find("2020_footnote"), nullptr);
  EXPECT_EQ(row->Find("cells")->Find("2020_footnote")->text, "4");
  EXPECT_EQ(row->Find("cells")->Find("2019_footnote"), nullptr);
}

TEST_F(RenderTest, RenderDispatchesAndNamesFiles) {
  auto html = Render(report_, Format::kHtml);
  ASSERT_TRUE(html.ok());
  EXPECT_EQ((*html)[0].name, "delarsrapport-0580-KS-2021-08.html");
  auto csv = Render(report_, Format::kCsv);
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ((*csv)[0].name.substr(0, 30), "delarsrapport-0580-KS-2021-08/");
  EXPECT_FALSE(ParseFormat("pdf").ok());
  auto xlsx = Render(report_, Format::kXlsx);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status();
  EXPECT_EQ((*xlsx)[0].bytes.substr(0, 2), "PK");
}

// Ids stored before they had a grammar (or read back from a report's JSON) may hold
// anything: every file name is built from sanitised parts and stays in its directory.
TEST_F(RenderTest, FileNamesAreMadeOfSanitisedParts) {
  Report hostile = report_;
  hostile.organisation = "..";
  hostile.board_id = "../../../etc/x";
  for (Format format :
       {Format::kHtml, Format::kMarkdown, Format::kJson, Format::kCsv, Format::kXlsx}) {
    auto files = Render(hostile, format);
    ASSERT_TRUE(files.ok()) << files.status();
    for (const RenderedFile& f : *files) {
      EXPECT_EQ(f.name.rfind("delarsrapport-_.-_._.._.._etc_x-2021-08", 0), 0u) << f.name;
      // Every part of the name is an id: no "..", ".", "/" at the start, no empty part.
      size_t start = 0;
      for (size_t slash = 0; slash != std::string::npos; start = slash + 1) {
        slash = f.name.find('/', start);
        std::string part =
            f.name.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        EXPECT_TRUE(ids::IsId(part)) << f.name << ": " << ids::Problem(part);
      }
    }
  }
}

// A stale forecast is an error printed next to the forecast table in every format, and the
// source of the forecast is in the machine formats.
TEST(RenderForecastSourceTest, AStaleForecastIsShownNextToItsTableInEveryFormat) {
  BuildInput in = testing::SampleInput();
  in.forecast_source = testing::CurrentForecastSource(in);
  in.forecast_source->older_than_ledger = true;
  in.forecast_source->newer_ledger_event_id = "2b7c1d9e-late-voucher";
  auto report = Build(in);
  ASSERT_TRUE(report.ok()) << report.status();
  const std::vector<std::string>& alerts = report->FindTable("forecast")->alerts;
  ASSERT_EQ(alerts.size(), 1u);
  std::string html = RenderHtml(*report);
  size_t alert = html.find(
      "<p class=\"alert\" role=\"alert\"><strong>Fel:</strong> prognosen bygger på en äldre");
  ASSERT_NE(alert, std::string::npos);
  // Right before the forecast table, not only in the findings at the end.
  EXPECT_EQ(html.find("<table", alert), html.find("<table class=\"fig k-forecast\""));
  EXPECT_NE(html.find("Prognosen är per augusti 2021, publicerad 2021-09-06 08:00 UTC"),
            std::string::npos);
  std::string md = RenderMarkdown(*report);
  EXPECT_NE(md.find(StrCat("> **Fel:** ", alerts[0], "\n\n**Driftsammandrag")), std::string::npos);
  std::string json = RenderJson(*report);
  EXPECT_NE(
      json.find(
          "\"forecast_source\":{\"published\":true,\"as_of\":\"2021-08\",\"published_at\":"
          "\"2021-09-06 08:00 "
          "UTC\",\"trigger\":\"period_closed\",\"event_id\":\"f0recast-publication\","
          "\"ledger_known\":true,\"ledger_event_id\":\"1edger-event\",\"report_ledger_event_id\":"
          "\"1edger-event\",\"older_than_ledger\":true,\"newer_ledger_event_id\":\"2b7c1d9e-late-"
          "voucher\"}"),
      std::string::npos);
  EXPECT_NE(json.find(StrCat("\"alerts\":[\"", alerts[0].substr(0, 20))), std::string::npos);
  EXPECT_NE(json.find("\"method\":\"budget_remaining\""), std::string::npos);
  std::vector<RenderedFile> csv = RenderCsv(*report);
  auto source = std::find_if(csv.begin(), csv.end(),
                             [](const RenderedFile& f) { return f.name == "forecast_source.csv"; });
  ASSERT_NE(source, csv.end());
  EXPECT_EQ(source->bytes,
            "published,as_of,published_at,trigger,event_id,ledger_known,ledger_event_id,report_"
            "ledger_event_id,"
            "older_than_ledger,newer_ledger_event_id\n"
            "true,2021-08,2021-09-06 08:00 "
            "UTC,period_closed,f0recast-publication,true,1edger-event,1edger-event,"
            "true,2b7c1d9e-late-voucher\n");
  EXPECT_NE(csv.back().bytes.find("error,forecast_source,forecast,sum,forecast,"),
            std::string::npos);
}

TEST(RenderForecastSourceTest, ACurrentForecastHasNoAlert) {
  BuildInput in = testing::SampleInput();
  in.forecast_source = testing::CurrentForecastSource(in);
  auto report = Build(in);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(RenderHtml(*report).find("class=\"alert\""), std::string::npos);
  EXPECT_EQ(RenderMarkdown(*report).find("**Fel:**"), std::string::npos);
  EXPECT_EQ(RenderJson(*report).find("\"alerts\""), std::string::npos);
}

}  // namespace
}  // namespace tertial::reporting
