// The report as one self-contained HTML file: inline CSS and SVG, no scripts, no fonts or
// images fetched from anywhere. Print CSS lays it out on A4 with page numbers, table
// headers repeated across pages and no block split in two.

#include <map>
#include <set>

#include "domain/reference.h"
#include "render/render.h"
#include "tertial/base/ids.h"
#include "tertial/base/strings.h"
#include "tertial/money/money.h"

namespace tertial::reporting {
namespace {

constexpr char kCss[] = R"CSS(
:root { --ink:#1d2733; --muted:#5b6b7c; --line:#d5dce4; --soft:#f3f6f9; --brand:#1f4e79;
        --green:#2e7d32; --yellow:#e0a800; --red:#c62828; --grey:#9aa5b1; }
* { box-sizing: border-box; }
html { font-size: 10.5pt; }
body { margin: 0; color: var(--ink); background: #e9edf1;
       font-family: "Segoe UI", "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif;
       line-height: 1.45; font-variant-numeric: tabular-nums; }
.page { max-width: 210mm; margin: 0 auto; background: #fff; padding: 14mm 14mm 18mm;
        box-shadow: 0 1px 6px rgba(0,0,0,.12); }
header.cover { border-bottom: 3px solid var(--brand); padding-bottom: 10px; margin-bottom: 14px; }
.cover .org { text-transform: uppercase; letter-spacing: .12em; font-size: .8rem; color: var(--muted); }
.cover h1 { font-size: 1.9rem; margin: .15em 0 .05em; color: var(--brand); font-weight: 650; }
.cover .board { font-size: 1.25rem; font-weight: 600; }
.cover .meta { color: var(--muted); font-size: .85rem; margin-top: 4px; }
nav.toc { columns: 2; column-gap: 24px; font-size: .9rem; margin: 6px 0 18px; padding: 8px 12px;
          background: var(--soft); border-radius: 4px; }
nav.toc a { color: var(--ink); text-decoration: none; display: block; padding: 1px 0; }
nav.toc a span { color: var(--muted); display: inline-block; width: 1.6em; }
h2 { font-size: 1.3rem; color: var(--brand); margin: 26px 0 8px; padding-bottom: 3px;
     border-bottom: 1px solid var(--line); break-after: avoid; }
h2 .no { color: var(--muted); font-weight: 400; margin-right: .4em; }
h3 { font-size: 1.05rem; margin: 18px 0 6px; break-after: avoid; }
h4 { font-size: .95rem; margin: 12px 0 4px; break-after: avoid; }
p { margin: .35em 0 .6em; }
.narrative { max-width: 165mm; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; margin: 10px 0 4px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; break-inside: avoid; }
.card .k { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.card .v { font-size: 1.7rem; font-weight: 650; line-height: 1.15; }
.card .d { font-size: .85rem; color: var(--muted); }
.stack { display: flex; height: 9px; border-radius: 5px; overflow: hidden; margin: 6px 0 5px; background: var(--soft); }
.stack i { display: block; height: 100%; }
.res { display: flex; justify-content: space-between; font-size: .9rem; padding: 1px 0; }
.res b { font-weight: 650; }
table.fig { width: 100%; border-collapse: collapse; margin: 6px 0 4px; font-size: .86rem; }
table.fig caption { text-align: left; font-weight: 600; padding: 4px 0 6px; caption-side: top; }
table.fig th { text-align: right; vertical-align: bottom; font-weight: 600; color: var(--muted);
               border-bottom: 1.5px solid var(--ink); padding: 3px 6px; font-size: .8rem; line-height: 1.2; }
table.fig th:first-child, table.fig td:first-child { text-align: left; padding-left: 0; }
table.fig th.txt { text-align: left; }
table.fig td { padding: 2.5px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.fig td.num { text-align: right; white-space: nowrap; }
table.fig td.txt { text-align: left; }
table.fig tr.sum td { font-weight: 650; border-top: 1.5px solid var(--ink); border-bottom: 1px solid var(--ink); }
table.fig tr.of td { font-style: italic; color: #3d4a57; }
table.fig tr.of td:first-child { padding-left: 14px; }
table.fig tr.gender td { color: #3d4a57; font-size: .92em; }
table.fig tr.gender td.lbl { padding-left: 14px; }
table.fig tr.gap td { border: 0; height: 8px; padding: 0; }
table.fig tr.group td { font-weight: 600; border-bottom: 0; padding-top: 6px; }
table.fig tr.grouped td:first-child { padding-left: 14px; }
table.fig td.neg { color: var(--red); }
table.fig td.iu { color: var(--muted); }
table.fig td .rm { display: block; font-size: .78em; color: var(--muted); white-space: normal; }
table.fig thead { display: table-header-group; }
table.fig tr { break-inside: avoid; }
table.ind { table-layout: fixed; }
table.ind th.txt { text-align: left; padding-left: 10px; }
table.ind td.tgt { white-space: normal; }
table.ind td.txt { padding-left: 10px; }
table.ind td.lbl { padding-left: 12px; }
table.ind tr.group td { color: var(--brand); border-bottom: 1px solid var(--line); }
table.ind tr.gender td.lbl { padding-left: 26px; }
table.fig td.lbl { min-width: 30%; }
table.k-operating td.lbl, table.k-forecast td.lbl { width: 30%; }
table.k-investments td.lbl { width: 24%; }
.res span { padding-right: 8px; }
.res b { white-space: nowrap; }
.note { font-size: .78rem; color: var(--muted); margin: 2px 0 10px; }
ol.foot { font-size: .76rem; color: var(--muted); margin: 2px 0 12px; padding-left: 0; list-style: none; }
ol.foot li sup { margin-right: 3px; }
.pill { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: .78rem; font-weight: 600;
        white-space: nowrap; color: #fff; }
.pill.green { background: var(--green); } .pill.yellow { background: var(--yellow); color: #2b2100; }
.pill.red { background: var(--red); } .pill.grey { background: var(--grey); }
.st { font-size: .78rem; white-space: nowrap; }
.st::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 4px; background: var(--grey); }
.st.met::before { background: var(--green); } .st.not_met::before { background: var(--red); }
.goal { display: grid; grid-template-columns: 18px 1fr auto; gap: 2px 8px; padding: 7px 0;
        border-bottom: 1px solid var(--line); break-inside: avoid; }
.goal .dot { width: 14px; height: 14px; border-radius: 50%; margin-top: 3px; }
.dot.green { background: var(--green); } .dot.yellow { background: var(--yellow); }
.dot.red { background: var(--red); } .dot.grey { background: var(--grey); }
.goal .name { font-weight: 600; }
.goal .mg { font-size: .8rem; color: var(--muted); }
.goal .why { grid-column: 2 / 4; font-size: .88rem; }
.goal .check { grid-column: 2 / 4; font-size: .85rem; border-left: 3px solid var(--red); padding-left: 6px; }
.goal .check.warning { border-left-color: var(--yellow); }
.legend-row { display: flex; gap: 16px; font-size: .8rem; color: var(--muted); margin: 4px 0 8px; flex-wrap: wrap; }
.legend-row span { display: inline-flex; align-items: center; gap: 5px; }
.legend-row .dot { width: 10px; height: 10px; border-radius: 50%; display: inline-block; }
figure.chart-block { margin: 10px 0 16px; break-inside: avoid; }
figure.chart-block figcaption { font-weight: 600; font-size: .92rem; margin-bottom: 4px; }
svg.chart { width: 100%; height: auto; font-family: inherit; }
svg.chart text { font-size: 10px; fill: var(--ink); }
svg.chart .cat { text-anchor: end; }
svg.chart .tick { text-anchor: middle; fill: var(--muted); font-size: 9px; }
svg.chart .val { font-size: 9px; fill: #33414f; }
svg.chart .val.neg { text-anchor: end; }
svg.chart .unit { text-anchor: end; fill: var(--muted); font-size: 9px; }
svg.chart .legend { font-size: 10px; }
svg.chart line.grid { stroke: #e3e8ee; stroke-width: 1; }
svg.chart line.zero { stroke: #5b6b7c; stroke-width: 1; }
.findings .sev { font-weight: 650; white-space: nowrap; }
.findings .sev.error { color: var(--red); } .findings .sev.warning { color: #8a6d00; }
.ok { color: var(--green); font-weight: 600; }
p.alert { border-left: 4px solid var(--red); background: #fdecea; padding: 6px 10px; margin: 6px 0; font-size: .9rem; break-inside: avoid; }
p.alert strong { color: var(--red); }
footer.colophon { margin-top: 24px; font-size: .75rem; color: var(--muted); border-top: 1px solid var(--line); padding-top: 6px; }
@page { size: A4; margin: 15mm 14mm 17mm 14mm;
  @bottom-left { content: "%%FOOTER%%"; font-size: 8pt; color: #5b6b7c; }
  @bottom-right { content: "Sida " counter(page) " av " counter(pages); font-size: 8pt; color: #5b6b7c; } }
@media print {
  html { font-size: 9.5pt; }
  body { background: #fff; }
  .page { box-shadow: none; max-width: none; margin: 0; padding: 0; }
  nav.toc a { color: inherit; }
  section.major { break-before: page; }
  .pill, .dot, .stack i, .st::before { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)CSS";

std::string Esc(std::string_view s) { return HtmlEscape(s); }

// "Uppfylls delvis" -> "uppfylls delvis" (ASCII capitals and Å/Ä/Ö as first letter).
std::string Lowered(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  if (s.rfind("\xC3\x85", 0) == 0 || s.rfind("\xC3\x84", 0) == 0 || s.rfind("\xC3\x96", 0) == 0)
    s[1] = static_cast<char>(s[1] + 0x20);
  return s;
}

bool IsNegativeMoney(const Cell& c) { return c.is_money() && c.ore() < 0; }

std::string FootMark(const std::string& mark) {
  return mark.empty() ? "" : StrCat("<sup>", Esc(mark), "</sup>");
}

std::string CellHtml(const Cell& cell, const Table& t, const Column& col,
                     std::string_view extra_class = "") {
  std::string cls = col.kind == ColumnKind::kText ? "txt" : "num";
  if (cell.state() == Cell::State::kNoData || cell.state() == Cell::State::kEmpty) cls += " iu";
  if (col.id == "deviation" && IsNegativeMoney(cell)) cls += " neg";
  if (!extra_class.empty()) StrAppend(&cls, " ", extra_class);
  std::string body = Esc(FormatCell(cell, t));
  if ((cell.state() == Cell::State::kNoData || cell.is_number()) && !cell.text().empty()) {
    StrAppend(&body, "<span class=\"rm\">", Esc(cell.text()), "</span>");
  }
  return StrCat("<td class=\"", cls, "\">", body, FootMark(cell.footnote()), "</td>");
}

std::string RowClass(const Row& r) {
  switch (r.kind) {
    case RowKind::kSum:
      return "sum";
    case RowKind::kOfWhich:
      return "of";
    case RowKind::kOtherForvaltning:
      return "other";
    case RowKind::kGender:
    case RowKind::kBreakdown:
      return "gender";
    default:
      return "";
  }
}

std::string FirstHeader(const Table& t) {
  switch (t.kind) {
    case TableKind::kOperating:
    case TableKind::kForecast:
      return "Verksamhet";
    case TableKind::kInvestments:
      return "Belopp tkr";
    case TableKind::kEconomy:
      return "Belopp tkr";
    default:
      return "";
  }
}

std::string Notes(const Table& t) {
  std::string out;
  for (const std::string& n : t.notes) StrAppend(&out, "<p class=\"note\">", Esc(n), "</p>");
  if (!t.footnotes.empty()) {
    out += "<ol class=\"foot\">";
    for (const Footnote& f : t.footnotes) {
      StrAppend(&out, "<li><sup>", Esc(f.mark), "</sup>", Esc(f.text), "</li>");
    }
    out += "</ol>";
  }
  return out;
}

// A money or plain table: label column, then the table's columns.
std::string GenericTable(const Table& t) {
  // Text tables whose first column already names the row print no label column.
  bool label_column = t.kind != TableKind::kAssignments && t.kind != TableKind::kAdjustments;
  std::string out;
  for (const std::string& a : t.alerts)
    StrAppend(&out, "<p class=\"alert\" role=\"alert\"><strong>Fel:</strong> ", Esc(a), "</p>");
  out += StrCat("<table class=\"fig k-", TableKindName(t.kind), "\" id=\"t-", Esc(t.id),
                "\"><caption>", Esc(t.title), "</caption><thead><tr>");
  if (label_column) StrAppend(&out, "<th>", Esc(FirstHeader(t)), "</th>");
  for (const Column& c : t.columns) {
    StrAppend(&out, "<th", c.kind == ColumnKind::kText ? " class=\"txt\"" : "", ">", Esc(c.label),
              "</th>");
  }
  out += "</tr></thead><tbody>";
  bool other_seen = false;
  std::string group;
  for (const Row& r : t.rows) {
    if (r.kind == RowKind::kOtherForvaltning && !other_seen) {
      StrAppend(&out, "<tr class=\"gap\"><td colspan=\"", t.columns.size() + 1, "\"></td></tr>");
      other_seen = true;
    }
    if (r.group != group) {
      group = r.group;
      if (!group.empty()) {
        StrAppend(&out, "<tr class=\"group\"><td colspan=\"", t.columns.size() + 1, "\">",
                  Esc(group), "</td></tr>");
      }
    }
    std::string cls = RowClass(r);
    if (!group.empty() && r.kind == RowKind::kProject) cls += cls.empty() ? "grouped" : " grouped";
    StrAppend(&out, "<tr", cls.empty() ? "" : StrCat(" class=\"", cls, "\""), " data-row=\"",
              Esc(r.id), "\">");
    if (label_column) StrAppend(&out, "<td class=\"lbl\">", Esc(r.label), Esc(r.mark), "</td>");
    for (size_t c = 0; c < t.columns.size(); ++c) {
      out += CellHtml(c < r.cells.size() ? r.cells[c] : Cell::Empty(), t, t.columns[c]);
    }
    out += "</tr>";
  }
  out += "</tbody></table>";
  out += Notes(t);
  return out;
}

std::string IndicatorTable(const Table& t) {
  // The goal (nämndmål) heads its indicators as a row of its own, which leaves the width
  // to the indicator names and prints well; the model keeps it as a column (CSV, XLSX).
  size_t periods = t.columns.size() >= 3 ? t.columns.size() - 3 : 0;
  std::string out = StrCat("<table class=\"fig ind\" id=\"t-", Esc(t.id),
                           "\"><colgroup><col style=\"width:42%\">");
  for (size_t c = 0; c < periods; ++c)
    StrAppend(&out, "<col style=\"width:", 30 / std::max<size_t>(periods, 1), "%\">");
  out += "<col style=\"width:13%\"><col style=\"width:15%\"></colgroup>";
  out += "<thead><tr><th class=\"txt\">Nämndmål och nämndindikator</th>";
  for (size_t c = 1; c < t.columns.size(); ++c) {
    StrAppend(&out, "<th", t.columns[c].id == "status" ? " class=\"txt\"" : "", ">",
              Esc(t.columns[c].label), "</th>");
  }
  out += "</tr></thead><tbody>";
  for (size_t i = 0; i < t.rows.size(); ++i) {
    const Row& r = t.rows[i];
    if (i == 0 || t.rows[i - 1].group != r.group) {
      StrAppend(&out, "<tr class=\"group\"><td colspan=\"", t.columns.size(), "\">", Esc(r.group),
                "</td></tr>");
    }
    StrAppend(&out, "<tr class=\"", RowClass(r), "\" data-row=\"", Esc(r.id), "\">");
    StrAppend(&out, "<td class=\"lbl\">", Esc(r.label), Esc(r.mark), FootMark(r.footnote), "</td>");
    for (size_t c = 1; c < t.columns.size(); ++c) {
      const Column& col = t.columns[c];
      const Cell& cell = c < r.cells.size() ? r.cells[c] : Cell::Empty();
      if (col.id == "status") {
        if (r.kind == RowKind::kIndicator) {
          StrAppend(&out, "<td class=\"txt\"><span class=\"st ", IndicatorStatusName(r.status),
                    "\">", Esc(IndicatorStatusLabel(r.status)), "</span></td>");
        } else {
          out += "<td></td>";
        }
        continue;
      }
      if (col.id == "target") {
        out += CellHtml(cell, t, Column{col.id, col.label, ColumnKind::kNumber}, "tgt");
        continue;
      }
      out += CellHtml(cell, t, col);
    }
    out += "</tr>";
  }
  out += "</tbody></table>";
  out += Notes(t);
  return out;
}

std::string Cards(const Report& report, const Section& s) {
  const Table* goals = report.FindTable("goal_summary");
  const Table* acts = report.FindTable("activity_summary");
  const Table* result = report.FindTable("forecast_result");
  std::string out = "<div class=\"cards\">";
  if (goals) {
    int64_t total = 0;
    for (const Row& r : goals->rows) {
      if (r.kind == RowKind::kSum) total = r.cells[0].number().units;
    }
    StrAppend(&out, "<div class=\"card\"><div class=\"k\">Nämndmål</div><div class=\"v\">", total,
              "</div><div class=\"stack\">");
    std::vector<std::string> legend;
    for (const Row& r : goals->rows) {
      if (r.kind == RowKind::kSum || total == 0) continue;
      int64_t n = r.cells[0].number().units;
      if (n == 0) continue;
      std::string colour(AssessmentColour(r.assessment));
      StrAppend(&out, "<i style=\"width:", n * 100 / total, "%;background:var(--", colour,
                ")\"></i>");
      legend.push_back(StrCat(n, " ", Esc(Lowered(r.label))));
    }
    StrAppend(&out, "</div><div class=\"d\">", SwedishList(legend), "</div></div>");
  }
  if (acts) {
    int64_t total = 0;
    for (const Row& r : acts->rows) {
      if (r.kind == RowKind::kSum) total = r.cells[0].number().units;
    }
    static const char* kShades[] = {"#2e7d32", "#1f4e79", "#e0a800", "#8fb4d9",
                                    "#9aa5b1", "#c62828", "#6d4c41"};
    StrAppend(&out,
              "<div class=\"card\"><div class=\"k\">Aktiviteter i verksamhetsplanen</div><div "
              "class=\"v\">",
              total, "</div><div class=\"stack\">");
    std::vector<std::string> legend;
    int i = 0;
    for (const Row& r : acts->rows) {
      if (r.kind == RowKind::kSum || total == 0) continue;
      int64_t n = r.cells[0].number().units;
      StrAppend(&out, "<i style=\"width:", n * 100.0 / total, "%;background:", kShades[i++ % 7],
                "\"></i>");
      // Row ids are "status:<the goals service's status>"; the phrase agrees with the count.
      std::string status = r.id.rfind("status:", 0) == 0 ? r.id.substr(7) : Lowered(r.label);
      if (n > 0) legend.push_back(Esc(ActivityCountPhrase(status, n)));
    }
    StrAppend(&out, "</div><div class=\"d\">", SwedishList(legend), "</div></div>");
  }
  if (result) {
    out += "<div class=\"card\"><div class=\"k\">Prognos helår mot budget</div>";
    for (const Row& r : result->rows) {
      const Cell& c = r.cells[0];
      std::string value = c.is_money() ? StrCat(money::FormatMnkr(c.ore(), 1), " mnkr") : "–";
      StrAppend(&out, "<div class=\"res\"><span>", Esc(r.label), "</span><b",
                c.is_money() && c.ore() < 0 ? " style=\"color:var(--red)\"" : "", ">", value,
                "</b></div>");
    }
    out += "<div class=\"d\">Budget − prognos; positivt = överskott</div></div>";
  }
  out += "</div>";
  return out;
}

// A goal whose assessment the checks dispute says so on its card, so that §8 does not show
// plain green what the findings call an error.
std::string GoalCards(const Report& report, const Table& t) {
  std::string out =
      "<div class=\"legend-row\"><span><i class=\"dot green\"></i>Uppfylls per helår</span>"
      "<span><i class=\"dot yellow\"></i>Uppfylls delvis</span><span><i class=\"dot "
      "red\"></i>Uppfylls ej</span>"
      "<span><i class=\"dot grey\"></i>Kan ej bedömas</span></div>";
  std::string area;
  for (const Row& r : t.rows) {
    if (r.goal_area != area) {
      area = r.goal_area;
      StrAppend(&out, "<h3>Målområde ", Esc(area), "</h3>");
    }
    std::string colour(AssessmentColour(r.assessment));
    StrAppend(&out, "<div class=\"goal\" data-row=\"", Esc(r.id), "\"><i class=\"dot ", colour,
              "\"></i><div><div class=\"name\">", Esc(r.label), "</div><div class=\"mg\">",
              Esc(r.municipal_goal), "</div></div><div><span class=\"pill ", colour, "\">",
              Esc(AssessmentLabel(r.assessment)), "</span></div>");
    if (!r.rationale.empty())
      StrAppend(&out, "<div class=\"why\">", MarkdownToHtml(r.rationale), "</div>");
    for (const Finding* f : FindingsOf(report, t, r)) {
      const bool error = f->severity == Severity::kError;
      StrAppend(&out, "<div class=\"check ", SeverityName(f->severity),
                "\"><a href=\"#s-findings\">", error ? "Fel" : "Varning",
                " i kontrollen</a>: ", Esc(f->message), "</div>");
    }
    out += "</div>";
  }
  return out;
}

std::string RuleLabel(std::string_view rule) {
  static const std::map<std::string_view, std::string_view> kLabels = {
      {"row_sum", "Radsumma"},       {"deviation", "Avvikelse"},
      {"deviation_sign", "Tecken"},  {"net", "Netto"},
      {"of_which", "Varav-rader"},   {"cross_table", "Mellan tabeller"},
      {"assessment", "Bedömning"},   {"year_over_year", "Förändring mot fg år"},
      {"reference", "Textreferens"}, {"claim", "Siffra i text"}};
  auto it = kLabels.find(rule);
  return std::string(it == kLabels.end() ? rule : it->second);
}

std::string Findings(const Report& report) {
  int errors = 0, warnings = 0;
  for (const Finding& f : report.findings) (f.severity == Severity::kError ? errors : warnings)++;
  std::string out = StrCat("<section id=\"s-findings\" class=\"findings\"><h2><span class=\"no\">",
                           report.sections.size() + 1, ".</span>Kontroller</h2>");
  out +=
      "<p>Varje rapport kontrolleras: radsummor, avvikelse = budget − utfall (eller − prognos) "
      "på varje rad, varav-rader mot sin summa, överensstämmelse mellan tabeller, bedömningar mot "
      "indikatorer, textens referenser och orimliga förändringar mot föregående år.</p>";
  if (report.findings.empty()) {
    out += "<p class=\"ok\">Inga avvikelser hittades.</p></section>";
    return out;
  }
  StrAppend(&out, "<p>", errors, " fel och ", warnings, " varningar.</p>");
  out +=
      "<table class=\"fig\"><thead><tr><th>Allvar</th><th class=\"txt\">Kontroll</th><th "
      "class=\"txt\">Var</th>"
      "<th>Visat</th><th>Förenligt värde</th><th "
      "class=\"txt\">Beskrivning</th></tr></thead><tbody>";
  // Errors first, then warnings, each in the order the checks found them.
  std::vector<const Finding*> ordered;
  for (Severity severity : {Severity::kError, Severity::kWarning}) {
    for (const Finding& f : report.findings) {
      if (f.severity == severity) ordered.push_back(&f);
    }
  }
  for (const Finding* finding : ordered) {
    const Finding& f = *finding;
    bool error = f.severity == Severity::kError;
    StrAppend(&out, "<tr><td class=\"sev ", SeverityName(f.severity), "\">",
              error ? "Fel" : "Varning", "</td><td class=\"txt\">", Esc(RuleLabel(f.rule)),
              "</td><td class=\"txt\">", Esc(f.where), "</td><td class=\"num\">", Esc(f.shown),
              "</td><td class=\"num\">", Esc(f.consistent), "</td><td class=\"txt\">",
              Esc(f.message), "</td></tr>");
  }
  out += "</tbody></table></section>";
  return out;
}

}  // namespace

std::string ReportBaseName(const Report& report) {
  // File names are made of sanitised parts: an id stored before ids had one grammar (or
  // a report read back from JSON) may hold anything, "../../.." too.
  return StrCat("delarsrapport-", ids::FileNamePart(report.organisation), "-",
                ids::FileNamePart(report.board_id), "-", report.period.year, "-",
                report.period.month < 10 ? "0" : "", report.period.month);
}

std::string RenderHtml(const Report& report) {
  std::string title =
      StrCat("Delårsrapport per ", period::DaysInMonth(report.period.year, report.period.month),
             " ", period::MonthName(report.period.month), " ", report.period.year);
  std::string css = kCss;
  std::string footer = StrCat(report.board_name, " \u00b7 ", title);
  css.replace(css.find("%%FOOTER%%"), 10, Esc(footer));
  std::string out;
  out.reserve(200'000);
  StrAppend(&out,
            "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<meta name=\"generator\" content=\"tertial\"><title>",
            Esc(report.board_name), " – ", Esc(title), "</title><style>", css,
            "</style></head><body><div class=\"page\">");
  int errors = 0, warnings = 0;
  for (const Finding& f : report.findings) (f.severity == Severity::kError ? errors : warnings)++;
  StrAppend(&out, "<header class=\"cover\"><div class=\"org\">", Esc(report.organisation_name),
            "</div><h1>", Esc(title), "</h1><div class=\"board\">", Esc(report.board_name),
            "</div><div class=\"meta\">Period ", Esc(ReportSpan(report)),
            " \u00b7 Belopp i tkr om inget annat anges \u00b7 Kontroller: ", errors, " fel, ",
            warnings, " varningar</div></header>");
  out += "<nav class=\"toc\">";
  int no = 0;
  for (const Section& s : report.sections) {
    StrAppend(&out, "<a href=\"#s-", Esc(s.id), "\"><span>", ++no, "</span>", Esc(s.title), "</a>");
  }
  StrAppend(&out, "<a href=\"#s-findings\"><span>", no + 1, "</span>Kontroller</a></nav><main>");
  no = 0;
  for (const Section& s : report.sections) {
    ++no;
    bool major = s.id == "operating" || s.id == "goals" || s.id == "indicators" || s.id == "charts";
    StrAppend(&out, "<section id=\"s-", Esc(s.id), "\"", major ? " class=\"major\"" : "",
              "><h2><span class=\"no\">", no, ".</span>", Esc(s.title), "</h2>");
    bool text_after = NarrativeFollowsFigures(s.id);
    if (!s.narrative_markdown.empty() && !text_after) {
      StrAppend(&out, "<div class=\"narrative\">", MarkdownToHtml(s.narrative_markdown), "</div>");
    }
    if (s.id == "summary") {
      out += Cards(report, s);
    } else if (s.id == "goals") {
      for (const Table& t : s.tables) out += GoalCards(report, t);
    } else {
      for (const Table& t : s.tables) {
        if (t.rows.empty()) {
          StrAppend(&out, "<h3>", Esc(t.title), "</h3><p class=\"note\">",
                    Esc(EmptyTableNote(t.kind)), "</p>", Notes(t));
        } else if (t.kind == TableKind::kIndicators) {
          StrAppend(&out, "<h3>", Esc(t.title), "</h3>", IndicatorTable(t));
        } else {
          out += GenericTable(t);
        }
      }
    }
    for (const Chart& c : s.charts) {
      StrAppend(&out, "<figure class=\"chart-block\" id=\"c-", Esc(c.id), "\"><figcaption>",
                Esc(c.title), "</figcaption>", RenderSvgChart(c));
      if (!c.note.empty()) StrAppend(&out, "<p class=\"note\">", Esc(c.note), "</p>");
      out += "</figure>";
    }
    if (!s.narrative_markdown.empty() && text_after) {
      StrAppend(&out, "<div class=\"narrative analysis\"><h3>Analys och kommentar</h3>",
                MarkdownToHtml(s.narrative_markdown), "</div>");
    }
    out += "</section>";
  }
  out += Findings(report);
  StrAppend(
      &out,
      "</main><footer class=\"colophon\">Framställd av tertial ur huvudbok, budget, prognos och "
      "målrapportering för ",
      Esc(report.organisation_name), " (", Esc(report.organisation),
      "). Varje belopp är avrundat från det exakta beloppet; summor från exakta summor.</footer>");
  out += "</div></body></html>\n";
  return out;
}

}  // namespace tertial::reporting
