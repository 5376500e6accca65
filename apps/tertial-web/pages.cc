#include "pages.h"

#include "tertial/base/html.h"
#include "tertial/base/strings.h"
#include "tertial/money/money.h"

namespace tertial::web {
namespace {

// Colours as the report's (html.cc): text #1d2733, headings and links #1f4e79, muted
// #4f5d6b; each at least 4.5:1 against white (WCAG AA).
constexpr std::string_view kCss =
    "body{font-family:\"Segoe UI\",Helvetica,Arial,sans-serif;color:#1d2733;margin:0;"
    "line-height:1.45}"
    ".skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;"
    "padding:4px 8px}"
    "header.bar{background:#1f4e79;color:#fff;padding:10px 24px;display:flex;gap:24px;"
    "align-items:center;flex-wrap:wrap}"
    "header.bar a{color:#fff}header.bar .brand{font-weight:600;font-size:1.1rem}"
    "header.bar nav ul{list-style:none;display:flex;gap:18px;margin:0;padding:0}"
    "header.bar .who{margin-left:auto;display:flex;gap:12px;align-items:center}"
    "header.bar button{font:inherit;padding:3px 10px;border:1px solid #fff;background:#1f4e79;"
    "color:#fff;border-radius:3px;cursor:pointer}"
    "main{max-width:1000px;margin:24px auto;padding:0 24px}"
    "h1{color:#1f4e79;font-size:1.6rem}h2{font-size:1.25rem;margin-top:32px;color:#1f4e79}"
    "h3{font-size:1.05rem}"
    "table{border-collapse:collapse;width:100%}td,th{padding:6px 8px;border-bottom:1px solid "
    "#d5dce4;text-align:left;vertical-align:top}th{color:#4f5d6b;font-size:.9rem}"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "a{color:#1f4e79}.muted{color:#4f5d6b;font-size:.9rem}"
    ".ok{color:#1e6b34;font-weight:600}.missing{color:#9c2a1c;font-weight:600}"
    "form.inline{display:inline}label{font-weight:600;margin-right:6px}"
    "select,input[type=password],input[type=text]{font:inherit;padding:4px 6px;"
    "border:1px solid #4f5d6b;border-radius:3px}"
    "button.primary{font:inherit;padding:5px 14px;background:#1f4e79;color:#fff;border:0;"
    "border-radius:3px;cursor:pointer}"
    ".error{border-left:4px solid #9c2a1c;padding:8px 12px;background:#fbeeec}"
    "iframe.report{width:100%;height:80vh;border:1px solid #d5dce4}"
    ".chip{display:inline-block;padding:1px 8px;border-radius:10px;border:1px solid #4f5d6b;"
    "font-size:.9rem}.chip.green{background:#dff0e3}.chip.yellow{background:#fbf1cf}"
    ".chip.red{background:#f8dedb}.chip.grey{background:#e9ecef}"
    "article.goal{border-top:1px solid #d5dce4;padding:6px 0 12px}"
    "tr.breakdown th{padding-left:24px;font-weight:400}"
    "ul.downloads{display:flex;flex-wrap:wrap;gap:6px 16px;list-style:none;padding:0}";

std::string Document(std::string_view title, const std::optional<Viewer>& viewer,
                     std::string_view body) {
  std::string out = StrCat(
      "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>",
      HtmlEscape(title), " – tertial</title><style>", kCss,
      "</style></head><body><a class=\"skip\" href=\"#main\">Till innehållet</a>"
      "<header class=\"bar\"><span class=\"brand\">tertial</span>");
  if (viewer) {
    StrAppend(&out,
              "<nav aria-label=\"Huvudmeny\"><ul><li><a href=\"/\">Start</a></li></ul></nav>"
              "<div class=\"who\"><span>",
              HtmlEscape(viewer->principal.subject), " (",
              HtmlEscape(grpcutil::RoleName(viewer->principal.role)), ", ",
              viewer->principal.organisation == "*" ? "alla organisationer"
                                                    : HtmlEscape(viewer->principal.organisation),
              ")</span><form class=\"inline\" method=\"post\" action=\"/logout\">"
              "<input type=\"hidden\" name=\"csrf\" value=\"",
              HtmlEscape(viewer->csrf),
              "\"><button type=\"submit\">Logga ut</button></form></div>");
  }
  StrAppend(&out, "</header><main id=\"main\">", body, "</main></body></html>");
  return out;
}

std::string Count(int n) { return money::GroupThousands(n); }

std::string Missing(const std::vector<ReportStatus::Item>& items, std::string_view base,
                    std::string_view anchor_prefix, std::string_view anchor) {
  if (items.empty()) return "";
  std::string out = "<ul>";
  for (const ReportStatus::Item& item : items) {
    StrAppend(&out, "<li><a href=\"", base, ".html#", anchor_prefix,
              HtmlEscape(anchor.empty() ? item.id : anchor), "\">",
              HtmlEscape(item.title.empty() ? item.id : item.title), "</a></li>");
  }
  return out + "</ul>";
}

std::string Progress(int done, int all) {
  return StrCat("<span class=\"", done == all ? "ok" : "missing", "\">", Count(done), " av ",
                Count(all), "</span>");
}

}  // namespace

std::string ReportPath(std::string_view organisation, std::string_view board,
                       const period::Period& period) {
  return StrCat("/report/", HtmlEscape(organisation), "/", HtmlEscape(board), "/",
                period::FormatPeriod(period));
}

std::string UnitPath(std::string_view organisation, std::string_view unit,
                     const period::Period& period) {
  return StrCat("/unit/", HtmlEscape(organisation), "/", HtmlEscape(unit), "/",
                period::FormatPeriod(period));
}

std::string GoalsPath(std::string_view organisation, std::string_view board,
                      const period::Period& period) {
  return StrCat("/goals/", HtmlEscape(organisation), "/", HtmlEscape(board), "/",
                period::FormatPeriod(period));
}

std::string PeriodName(const period::Period& period) {
  return StrCat(period::MonthName(period.month), " ", period.year);
}

std::string LoginPage(std::string_view csrf, std::string_view error) {
  std::string body =
      "<h1>Logga in</h1><p>Logga in med din personliga token, den du annars ger "
      "<code>tertial --token</code>. Den stannar på servern; webbläsaren får bara en "
      "sessionskaka.</p>";
  if (!error.empty()) {
    StrAppend(&body, "<p class=\"error\" role=\"alert\">", HtmlEscape(error), "</p>");
  }
  StrAppend(
      &body,
      "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" "
      "value=\"",
      HtmlEscape(csrf),
      "\"><p><label for=\"token\">Personlig token</label>"
      "<input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"current-password\" "
      "required size=\"40\"></p><p><button class=\"primary\" type=\"submit\">Logga in"
      "</button></p></form>");
  return Document("Logga in", std::nullopt, body);
}

std::string StartPage(const Viewer& viewer, const std::vector<BoardOverview>& boards) {
  std::string body =
      "<h1>Uppföljning</h1><p class=\"muted\">Per nämnd och period: vad som är klart och vad "
      "som saknas i delårsrapporten.</p>";
  if (boards.empty()) body += "<p>Inga rapporter ännu: läs in huvudbok och budget först.</p>";
  int n = 0;
  for (const BoardOverview& b : boards) {
    ++n;
    const std::string base = ReportPath(b.organisation, b.board, b.shown);
    const std::string heading =
        StrCat(b.organisation_name.empty() ? b.organisation : b.organisation_name, " – ",
               b.board_name.empty() ? b.board : b.board_name);
    StrAppend(&body, "<section aria-labelledby=\"board-", n, "\"><h2 id=\"board-", n, "\">",
              HtmlEscape(heading), "</h2>");
    StrAppend(&body, "<form method=\"get\" action=\"/\"><label for=\"period-", n,
              "\">Period</label><select id=\"period-", n, "\" name=\"period\">");
    for (auto it = b.periods.rbegin(); it != b.periods.rend(); ++it) {
      StrAppend(&body, "<option value=\"", period::FormatPeriod(*it), "\"",
                *it == b.shown ? " selected" : "", ">", PeriodName(*it), "</option>");
    }
    StrAppend(&body, "</select> <button class=\"primary\" type=\"submit\">Visa</button></form>");
    StrAppend(&body, "<h3>Delårsrapport ", PeriodName(b.shown), "</h3><p><a href=\"", base,
              "\">Öppna rapporten för ", PeriodName(b.shown), "</a> · <a href=\"",
              UnitPath(b.organisation, b.board, b.shown), "\">Ekonomi per enhet</a> · <a href=\"",
              GoalsPath(b.organisation, b.board, b.shown), "\">Nämndmål</a></p>");
    if (!b.status) {
      StrAppend(&body, "<p class=\"error\">", HtmlEscape(b.error), "</p></section>");
      continue;
    }
    const ReportStatus& s = *b.status;
    StrAppend(&body, "<table><caption class=\"muted\">Läget ", PeriodName(b.shown),
              "</caption><thead><tr><th scope=\"col\">Del</th><th scope=\"col\">Klart</th>"
              "<th scope=\"col\">Saknas</th></tr></thead><tbody>");
    StrAppend(&body, "<tr><th scope=\"row\">Avsnitt med analys och kommentar</th><td>",
              Progress(s.sections - static_cast<int>(s.sections_without_text.size()), s.sections),
              "</td><td>", Missing(s.sections_without_text, base, "s-", ""), "</td></tr>");
    StrAppend(&body, "<tr><th scope=\"row\">Nämndmål med bedömning</th><td>",
              Progress(s.goals - static_cast<int>(s.goals_without_assessment.size()), s.goals),
              "</td><td>", Missing(s.goals_without_assessment, base, "s-", "goals"), "</td></tr>");
    StrAppend(&body, "<tr><th scope=\"row\">Kontroller</th><td><span class=\"",
              s.errors == 0 ? "ok" : "missing", "\">", Count(s.errors), " fel</span>, ",
              Count(s.warnings), " varningar</td><td>",
              s.errors + s.warnings == 0
                  ? ""
                  : StrCat("<a href=\"", base, ".html#s-findings\">Se kontrollerna</a>"),
              "</td></tr></tbody></table></section>");
  }
  return Document("Uppföljning", viewer, body);
}

std::string ReportPage(const Viewer& viewer, const ReportOverview& report) {
  const std::string base = ReportPath(report.organisation, report.board, report.period);
  const ReportStatus& s = report.status;
  std::string title = StrCat("Delårsrapport ", s.board_name.empty() ? report.board : s.board_name,
                             " ", PeriodName(report.period));
  std::string body =
      StrCat("<h1>", HtmlEscape(title), "</h1><p class=\"muted\">", HtmlEscape(s.organisation_name),
             " · Kontroller: ", Count(s.errors), " fel, ", Count(s.warnings), " varningar</p>");
  StrAppend(&body,
            "<h2 id=\"downloads\">Ladda ned</h2><ul class=\"downloads\" "
            "aria-labelledby=\"downloads\"><li><a href=\"",
            base, ".html\">HTML (för utskrift till PDF)</a></li><li><a href=\"", base,
            ".xlsx\">Excel (XLSX)</a></li><li><a href=\"", base,
            ".md\">Markdown</a></li><li><a href=\"", base, ".json\">JSON</a></li></ul>");
  if (!s.table_ids.empty()) {
    StrAppend(&body,
              "<h3 id=\"csv\">Tabellerna som CSV</h3><ul class=\"downloads\" "
              "aria-labelledby=\"csv\">");
    for (const std::string& id : s.table_ids) {
      StrAppend(&body, "<li><a href=\"", base, "/", HtmlEscape(id), ".csv\">", HtmlEscape(id),
                ".csv</a></li>");
    }
    body += "</ul>";
  }
  StrAppend(&body, "<h2>Rapporten</h2><iframe class=\"report\" src=\"", base, ".html\" title=\"",
            HtmlEscape(title), "\"></iframe>");
  return Document(title, viewer, body);
}

std::string UnitPage(const Viewer& viewer, const UnitOverview& unit) {
  const std::string name =
      unit.forecast && !unit.forecast->name.empty() ? unit.forecast->name : unit.unit_id;
  std::string body = StrCat("<h1>", HtmlEscape(name), "</h1><p class=\"muted\">Enhet ",
                            HtmlEscape(unit.unit_id), " · ", PeriodName(unit.period),
                            " · Nettokostnad (klass 3–7) i tkr, kostnader positiva (SIE)</p>");
  body += "<h2 id=\"forecast\">Prognos helår</h2>";
  if (!unit.forecast) {
    StrAppend(&body, "<p>", HtmlEscape(unit.forecast_missing), "</p>");
  } else {
    const UnitOverview::Row& f = *unit.forecast;
    StrAppend(&body,
              "<table aria-labelledby=\"forecast\"><tbody><tr><th scope=\"row\">Prognos</th>"
              "<td class=\"num\">",
              money::FormatTkr(f.forecast_net_ore),
              "</td></tr><tr><th scope=\"row\">Budget</th>"
              "<td class=\"num\">",
              money::FormatTkr(f.budget_net_ore),
              "</td></tr><tr><th scope=\"row\">Avvikelse (budget − prognos)</th><td class=\"num\">",
              money::FormatTkr(f.deviation_net_ore),
              "</td></tr><tr><th scope=\"row\">Metod</th><td>", HtmlEscape(f.method),
              f.method != unit.method_requested && !unit.method_requested.empty()
                  ? StrCat(" (i stället för ", HtmlEscape(unit.method_requested), ")")
                  : "",
              "</td></tr></tbody></table>");
  }
  if (!unit.children.empty()) {
    body +=
        "<h2 id=\"children\">Enheter under</h2><table aria-labelledby=\"children\"><thead><tr>"
        "<th scope=\"col\">Enhet</th><th scope=\"col\" class=\"num\">Prognos</th>"
        "<th scope=\"col\" class=\"num\">Budget</th><th scope=\"col\" class=\"num\">"
        "Avvikelse</th><th scope=\"col\">Metod</th></tr></thead><tbody>";
    for (const UnitOverview::Row& c : unit.children) {
      StrAppend(&body, "<tr><td><a href=\"", UnitPath(unit.organisation, c.unit_id, unit.period),
                "\">", HtmlEscape(c.name.empty() ? c.unit_id : c.name),
                "</a></td><td class=\"num\">", money::FormatTkr(c.forecast_net_ore),
                "</td><td class=\"num\">", money::FormatTkr(c.budget_net_ore),
                "</td><td class=\"num\">", money::FormatTkr(c.deviation_net_ore), "</td><td>",
                HtmlEscape(c.method), "</td></tr>");
    }
    body += "</tbody></table>";
  }
  body +=
      "<h2 id=\"months\">Utfall och budget per månad</h2><table aria-labelledby=\"months\">"
      "<thead><tr><th scope=\"col\">Månad</th><th scope=\"col\" class=\"num\">Utfall</th>"
      "<th scope=\"col\" class=\"num\">Budget</th><th scope=\"col\" class=\"num\">"
      "Avvikelse</th></tr></thead><tbody>";
  for (const UnitOverview::Month& m : unit.months) {
    StrAppend(&body, "<tr><th scope=\"row\">", PeriodName(m.period), "</th><td class=\"num\">",
              m.has_actual ? money::FormatTkr(m.actual_ore) : "–", "</td><td class=\"num\">",
              money::FormatTkr(m.budget_ore), "</td><td class=\"num\">",
              m.has_actual ? money::FormatTkr(m.budget_ore - m.actual_ore) : "–", "</td></tr>");
  }
  body += "</tbody></table>";
  body += "<h2 id=\"adjustments\">Justeringar av prognosen</h2>";
  if (unit.adjustments.empty()) {
    body += "<p>Inga manuella justeringar.</p>";
  } else {
    body +=
        "<table aria-labelledby=\"adjustments\"><thead><tr><th scope=\"col\">Enhet</th>"
        "<th scope=\"col\">Sida</th><th scope=\"col\" class=\"num\">Belopp</th>"
        "<th scope=\"col\">Skäl</th><th scope=\"col\">Av</th></tr></thead><tbody>";
    for (const UnitOverview::AdjustmentLine& a : unit.adjustments) {
      StrAppend(&body, "<tr><td>", HtmlEscape(a.unit_id), "</td><td>", HtmlEscape(a.side),
                "</td><td class=\"num\">", money::FormatTkr(a.amount_ore), "</td><td>",
                HtmlEscape(a.reason), "</td><td>", HtmlEscape(a.actor), "</td></tr>");
    }
    body += "</tbody></table>";
  }
  return Document(name, viewer, body);
}

std::string GoalsPage(const Viewer& viewer, const GoalsOverview& g) {
  std::string body =
      StrCat("<h1>Nämndmål ", PeriodName(g.period), "</h1><p class=\"muted\">", HtmlEscape(g.board),
             " · ", Count(g.assessed), " av ", Count(g.board_goals), " nämndmål bedömda · ",
             Count(g.contradictions), " bedömningar motsägs av indikatorerna</p>");
  int n = 0;
  for (const GoalsOverview::Goal& goal : g.goals) {
    if (goal.level == 1) {
      StrAppend(&body, "<h2>", HtmlEscape(goal.name), "</h2>");
      continue;
    }
    if (goal.level == 2) {
      StrAppend(&body, "<h3>", HtmlEscape(goal.name), "</h3>");
      continue;
    }
    ++n;
    StrAppend(&body, "<article class=\"goal\" aria-labelledby=\"goal-", n, "\"><h4 id=\"goal-", n,
              "\">", HtmlEscape(goal.name), "</h4><p>Bedömning: <span class=\"chip ",
              HtmlEscape(goal.colour), "\">", HtmlEscape(goal.assessment), "</span></p>");
    if (!goal.rationale.empty()) StrAppend(&body, "<p>", HtmlEscape(goal.rationale), "</p>");
    if (goal.contradicted) {
      StrAppend(&body,
                "<p class=\"error\">Bedömningen motsägs av indikatorerna: ", HtmlEscape(goal.check),
                "</p>");
    }
    if (!goal.indicators.empty()) {
      StrAppend(&body,
                "<table><caption class=\"muted\">Indikatorer</caption><thead><tr>"
                "<th scope=\"col\">Indikator</th>");
      for (const std::string& c : goal.columns) {
        StrAppend(&body, "<th scope=\"col\" class=\"num\">", HtmlEscape(c), "</th>");
      }
      body += "<th scope=\"col\">Mål</th><th scope=\"col\">Status</th></tr></thead><tbody>";
      for (const GoalsOverview::Indicator& i : goal.indicators) {
        StrAppend(&body, "<tr", i.breakdown ? " class=\"breakdown\"" : "", "><th scope=\"row\">",
                  HtmlEscape(i.label), "</th>");
        for (size_t c = 0; c < goal.columns.size(); ++c) {
          StrAppend(&body, "<td class=\"num\">",
                    HtmlEscape(c < i.values.size() ? i.values[c] : "–"), "</td>");
        }
        StrAppend(&body, "<td>", HtmlEscape(i.target), "</td><td>", HtmlEscape(i.status),
                  "</td></tr>");
      }
      body += "</tbody></table>";
    }
    body += "</article>";
  }
  if (n == 0) body += "<p>Ingen målplan för perioden.</p>";
  return Document(StrCat("Nämndmål ", PeriodName(g.period)), viewer, body);
}

std::string ErrorPage(const std::optional<Viewer>& viewer, int code, std::string_view message) {
  std::string_view title = code == 404   ? "Hittades inte"
                           : code == 403 ? "Ingen behörighet"
                           : code < 500  ? "Felaktig begäran"
                                         : "Något gick fel";
  return Document(title, viewer,
                  StrCat("<h1>", title, "</h1><p class=\"error\" role=\"alert\">",
                         HtmlEscape(message), "</p><p><a href=\"/\">Till start</a></p>"));
}

}  // namespace tertial::web
