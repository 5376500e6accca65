// Markdown, CSV and JSON renderings of the report model.

#include <algorithm>

#include "render/render.h"
#include "tertial/base/ids.h"
#include "tertial/base/strings.h"
#include "tertial/csv/writer.h"
#include "tertial/json/json.h"
#include "tertial/money/money.h"

namespace tertial::reporting {
namespace {

std::string MdEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// The controllers' Markdown with its headings moved below the section's own "## ", as the
// HTML does: "# " becomes "### ", "## " becomes "#### ".
std::string NarrativeMarkdown(const std::string& markdown) {
  std::string out;
  size_t start = 0;
  while (start < markdown.size()) {
    size_t end = markdown.find('\n', start);
    if (end == std::string::npos) end = markdown.size();
    std::string_view line(markdown.data() + start, end - start);
    size_t indent = line.find_first_not_of(' ');
    std::string_view trimmed = indent == std::string_view::npos ? "" : line.substr(indent);
    if (trimmed.rfind("# ", 0) == 0 || trimmed.rfind("## ", 0) == 0 ||
        trimmed.rfind("### ", 0) == 0) {
      size_t level = trimmed.find(' ');
      StrAppend(&out, std::string(std::min<size_t>(level + 2, 6), '#'), trimmed.substr(level));
    } else {
      StrAppend(&out, line);
    }
    if (end < markdown.size()) out += '\n';
    start = end + 1;
  }
  return out;
}

std::string MdTable(const Table& t) {
  std::string out;
  for (const std::string& a : t.alerts) StrAppend(&out, "> **Fel:** ", MdEscape(a), "\n\n");
  StrAppend(&out, "**", MdEscape(t.title), "**\n\n");
  if (t.rows.empty()) {
    StrAppend(&out, MdEscape(EmptyTableNote(t.kind)), "\n");
    for (const std::string& n : t.notes) StrAppend(&out, "\n", MdEscape(n), "\n");
    return out + "\n";
  }
  out += "| ";
  out += t.kind == TableKind::kOperating || t.kind == TableKind::kForecast ? "Verksamhet" : "";
  for (const Column& c : t.columns) StrAppend(&out, " | ", MdEscape(c.label));
  out += " |\n|---";
  for (const Column& c : t.columns) out += c.kind == ColumnKind::kText ? "|---" : "|---:";
  out += "|\n";
  for (const Row& r : t.rows) {
    std::string label = MdEscape(r.label) + r.mark;
    if (r.kind == RowKind::kSum) label = StrCat("**", label, "**");
    if (IsPartRow(r.kind)) label = StrCat("&nbsp;&nbsp;*", label, "*");
    StrAppend(&out, "| ", label);
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const Cell& cell = c < r.cells.size() ? r.cells[c] : Cell::Empty();
      std::string v = MdEscape(FormatCell(cell, t));
      if ((cell.is_number() || cell.state() == Cell::State::kNoData) && !cell.text().empty()) {
        StrAppend(&v, " (", MdEscape(cell.text()), ")");
      }
      if (t.columns[c].id == "status" && r.kind == RowKind::kIndicator)
        v = std::string(IndicatorStatusLabel(r.status));
      if (!cell.footnote().empty()) StrAppend(&v, "<sup>", cell.footnote(), "</sup>");
      if (r.kind == RowKind::kSum && !v.empty()) v = StrCat("**", v, "**");
      StrAppend(&out, " | ", v);
    }
    out += " |\n";
  }
  for (const std::string& n : t.notes) StrAppend(&out, "\n", MdEscape(n), "\n");
  for (const Footnote& f : t.footnotes)
    StrAppend(&out, "\n<sup>", f.mark, "</sup> ", MdEscape(f.text), "\n");
  return out + "\n";
}

std::string CsvField(std::string_view value) { return csv::Field(value); }

}  // namespace

std::string RenderMarkdown(const Report& report) {
  std::string out =
      StrCat("# ", report.board_name, " – delårsrapport per ", period::FormatPeriod(report.period),
             "\n\n", report.organisation_name, ". Period ", ReportSpan(report),
             ". Belopp i tkr om inget annat anges.\n\n");
  int no = 0;
  for (const Section& s : report.sections) {
    StrAppend(&out, "## ", ++no, ". ", s.title, "\n\n");
    bool text_after = NarrativeFollowsFigures(s.id);
    if (!s.narrative_markdown.empty() && !text_after)
      StrAppend(&out, NarrativeMarkdown(s.narrative_markdown), "\n\n");
    for (const std::string& h : s.highlights) StrAppend(&out, "- ", h, "\n");
    if (!s.highlights.empty()) out += "\n";
    if (s.id == "goals") {
      for (const Table& t : s.tables) {
        std::string area;
        for (const Row& r : t.rows) {
          if (r.goal_area != area) {
            area = r.goal_area;
            StrAppend(&out, "### Målområde ", area, "\n\n");
          }
          StrAppend(&out, "- **", r.label, "** (", r.municipal_goal,
                    "): ", AssessmentLabel(r.assessment));
          if (!r.rationale.empty()) StrAppend(&out, " – ", r.rationale);
          for (const Finding* f : FindingsOf(report, t, r)) {
            StrAppend(&out, " **", f->severity == Severity::kError ? "Fel" : "Varning",
                      " i kontrollen:** ", MdEscape(f->message));
          }
          out += "\n";
        }
        out += "\n";
      }
      continue;
    }
    for (const Table& t : s.tables) out += MdTable(t);
    for (const Chart& c : s.charts) {
      StrAppend(&out, "**", c.title, "**\n\n| ");
      for (const ChartSeries& se : c.series) StrAppend(&out, " | ", se.name);
      out += " |\n|---";
      for (size_t i = 0; i < c.series.size(); ++i) out += "|---:";
      out += "|\n";
      for (size_t i = 0; i < c.categories.size(); ++i) {
        StrAppend(&out, "| ", c.categories[i]);
        for (const ChartSeries& se : c.series)
          StrAppend(&out, " | ", money::FormatMnkr(se.values_ore[i], 1));
        out += " |\n";
      }
      out += "\n";
    }
    if (!s.narrative_markdown.empty() && text_after) {
      StrAppend(&out, "### Analys och kommentar\n\n", NarrativeMarkdown(s.narrative_markdown),
                "\n\n");
    }
  }
  out += "## Kontroller\n\n";
  if (report.findings.empty()) {
    out += "Inga avvikelser hittades.\n";
  } else {
    out +=
        "| Allvar | Kontroll | Var | Visat | Förenligt | Beskrivning "
        "|\n|---|---|---|---:|---:|---|\n";
    for (const Finding& f : report.findings) {
      StrAppend(&out, "| ", f.severity == Severity::kError ? "Fel" : "Varning", " | ", f.rule,
                " | ", MdEscape(f.where), " | ", MdEscape(f.shown), " | ", MdEscape(f.consistent),
                " | ", MdEscape(f.message), " |\n");
    }
  }
  return out;
}

std::vector<RenderedFile> RenderCsv(const Report& report) {
  std::vector<RenderedFile> files;
  for (const Table* t : report.Tables()) {
    std::string out = "row_id,row_kind,label,parent,unit_id";
    for (const Column& c : t->columns) {
      StrAppend(&out, ",", CsvField(c.kind == ColumnKind::kMoney ? StrCat(c.id, "_ore") : c.id));
    }
    if (t->kind == TableKind::kIndicators || t->kind == TableKind::kGoals) out += ",state";
    if (t->kind == TableKind::kIndicators) out += ",goal_id";
    if (t->kind == TableKind::kGoals) out += ",check,indicators_met,indicators_not_met";
    out += ",mark,part\n";
    for (const Row& r : t->rows) {
      StrAppend(&out, CsvField(r.id), ",", RowKindName(r.kind), ",", CsvField(r.label + r.mark),
                ",", CsvField(r.parent), ",", CsvField(r.unit_id));
      for (size_t c = 0; c < t->columns.size(); ++c) {
        const Cell& cell = c < r.cells.size() ? r.cells[c] : Cell::Empty();
        std::string v = cell.state() == Cell::State::kNoData ? "I.U." : MachineCell(cell);
        if (t->columns[c].id == "status" && r.kind == RowKind::kIndicator)
          v = std::string(IndicatorStatusName(r.status));
        StrAppend(&out, ",", CsvField(v));
      }
      if (t->kind == TableKind::kIndicators)
        StrAppend(&out, ",", r.kind == RowKind::kIndicator ? IndicatorStatusName(r.status) : "");
      if (t->kind == TableKind::kGoals) StrAppend(&out, ",", AssessmentName(r.assessment));
      if (t->kind == TableKind::kIndicators) StrAppend(&out, ",", CsvField(r.goal_id));
      if (t->kind == TableKind::kGoals) {
        if (r.assessment_check) {
          StrAppend(&out, ",", VerdictName(r.assessment_check->verdict), ",",
                    r.assessment_check->indicators_met, ",",
                    r.assessment_check->indicators_not_met);
        } else {
          out += ",,,";
        }
      }
      StrAppend(&out, ",", CsvField(r.mark), ",", CsvField(r.part), "\n");
    }
    files.push_back({.name = StrCat(ids::FileNamePart(t->id), ".csv"),
                     .content_type = "text/csv; charset=utf-8",
                     .bytes = std::move(out)});
  }
  if (const std::optional<ForecastSource>& s = report.forecast_source) {
    std::string out =
        "published,as_of,published_at,trigger,event_id,ledger_known,ledger_event_id,report_ledger_"
        "event_id,"
        "older_than_ledger,newer_ledger_event_id\n";
    StrAppend(&out, s->published ? "true" : "false", ",",
              s->published ? period::FormatPeriod(s->as_of) : "", ",", CsvField(s->published_at),
              ",", CsvField(s->trigger), ",", CsvField(s->event_id), ",",
              s->ledger_known ? "true" : "false", ",", CsvField(s->ledger_event_id), ",",
              CsvField(s->report_ledger_event_id), ",", s->older_than_ledger ? "true" : "false",
              ",", CsvField(s->newer_ledger_event_id), "\n");
    files.push_back({.name = "forecast_source.csv",
                     .content_type = "text/csv; charset=utf-8",
                     .bytes = std::move(out)});
  }
  // What the tables' own files do not say, for `tertial validate DIR` to read them back as
  // they were: each table's kind, title, unit and scope, and its columns' kinds and labels.
  std::string index = "table_id,kind,title,unit,scope,column_id,column_kind,column_label\n";
  for (const Table* t : report.Tables()) {
    for (const Column& c : t->columns) {
      StrAppend(&index, CsvField(t->id), ",", TableKindName(t->kind), ",", CsvField(t->title), ",",
                CsvField(t->unit_label), ",", CsvField(t->scope_unit), ",", CsvField(c.id), ",",
                c.kind == ColumnKind::kMoney    ? "money"
                : c.kind == ColumnKind::kNumber ? "number"
                                                : "text",
                ",", CsvField(c.label), "\n");
    }
  }
  files.push_back(
      {.name = "tables.csv", .content_type = "text/csv; charset=utf-8", .bytes = std::move(index)});
  std::string f = "severity,rule,table_id,row_id,column_id,where,shown,consistent,message\n";
  for (const Finding& x : report.findings) {
    StrAppend(&f, SeverityName(x.severity), ",", x.rule, ",", CsvField(x.file), ",",
              CsvField(x.record), ",", CsvField(x.field), ",", CsvField(x.where), ",",
              CsvField(x.shown), ",", CsvField(x.consistent), ",", CsvField(x.message), "\n");
  }
  files.push_back(
      {.name = "findings.csv", .content_type = "text/csv; charset=utf-8", .bytes = std::move(f)});
  return files;
}

void WriteFinding(json::Writer& w, const Finding& f) {
  w.BeginObject();
  w.Key("severity");
  w.String(SeverityName(f.severity));
  w.Key("rule");
  w.String(f.rule);
  w.Key("table_id");
  w.String(f.file);
  w.Key("row_id");
  w.String(f.record);
  w.Key("column_id");
  w.String(f.field);
  w.Key("where");
  w.String(f.where);
  w.Key("shown");
  w.String(f.shown);
  w.Key("consistent");
  w.String(f.consistent);
  w.Key("message");
  w.String(f.message);
  w.EndObject();
}

std::string RenderJson(const Report& report) {
  std::string out;
  json::Writer w(&out);
  auto str = [&](std::string_view k, std::string_view v) {
    w.Key(k);
    w.String(v);
  };
  w.BeginObject();
  str("format", "tertial.report.v1");
  str("organisation", report.organisation);
  str("organisation_name", report.organisation_name);
  str("board_id", report.board_id);
  str("board_name", report.board_name);
  str("primary_unit_id", report.primary_unit_id);
  str("period", period::FormatPeriod(report.period));
  w.Key("fiscal_year");
  w.Int(report.fiscal_year);
  if (const std::optional<ForecastSource>& s = report.forecast_source) {
    // Which forecast the report shows and what of the ledger it rests on (README,
    // "Which forecast").
    w.Key("forecast_source");
    w.BeginObject();
    w.Key("published");
    w.Bool(s->published);
    if (s->published) {
      str("as_of", period::FormatPeriod(s->as_of));
      str("published_at", s->published_at);
      str("trigger", s->trigger);
      str("event_id", s->event_id);
      w.Key("ledger_known");
      w.Bool(s->ledger_known);
      str("ledger_event_id", s->ledger_event_id);
    }
    str("report_ledger_event_id", s->report_ledger_event_id);
    w.Key("older_than_ledger");
    w.Bool(s->older_than_ledger);
    if (s->older_than_ledger) str("newer_ledger_event_id", s->newer_ledger_event_id);
    w.EndObject();
  }
  if (report.fiscal_year_start.month != 0)
    str("fiscal_year_start", period::FormatPeriod(report.fiscal_year_start));
  str("fiscal_year_name", report.fiscal_year_name);
  w.Key("sections");
  w.BeginArray();
  for (const Section& s : report.sections) {
    w.BeginObject();
    str("id", s.id);
    str("title", s.title);
    str("narrative_markdown", s.narrative_markdown);
    w.Key("highlights");
    w.BeginArray();
    for (const std::string& h : s.highlights) w.String(h);
    w.EndArray();
    w.Key("tables");
    w.BeginArray();
    for (const Table& t : s.tables) {
      w.BeginObject();
      str("id", t.id);
      str("kind", TableKindName(t.kind));
      str("title", t.title);
      str("unit", t.unit_label);
      if (!t.scope_unit.empty()) str("scope", t.scope_unit);
      w.Key("columns");
      w.BeginArray();
      for (const Column& c : t.columns) {
        w.BeginObject();
        str("id", c.id);
        str("label", c.label);
        str("kind", c.kind == ColumnKind::kMoney    ? "money"
                    : c.kind == ColumnKind::kNumber ? "number"
                                                    : "text");
        w.EndObject();
      }
      w.EndArray();
      w.Key("rows");
      w.BeginArray();
      for (const Row& r : t.rows) {
        w.BeginObject();
        str("id", r.id);
        str("kind", RowKindName(r.kind));
        str("label", r.label);
        if (!r.mark.empty()) str("mark", r.mark);
        if (!r.footnote.empty()) str("footnote", r.footnote);
        if (!r.parent.empty()) str("parent", r.parent);
        if (!r.part.empty()) str("part", r.part);
        if (r.positive_revenues) str("revenue_sign", "positive");
        if (!r.unit_id.empty()) str("unit_id", r.unit_id);
        if (!r.group.empty()) str("group", r.group);
        if (!r.method.empty()) str("method", r.method);
        if (!r.method_requested.empty()) str("method_requested", r.method_requested);
        if (r.assessment != Assessment::kNone) {
          str("assessment", AssessmentName(r.assessment));
          str("colour", AssessmentColour(r.assessment));
          str("rationale", r.rationale);
        }
        if (r.assessment_check) {
          const AssessmentCheck& c = *r.assessment_check;
          w.Key("assessment_check");
          w.BeginObject();
          str("verdict", VerdictName(c.verdict));
          str("reason", c.reason);
          w.Key("indicators_met");
          w.Int(c.indicators_met);
          w.Key("indicators_not_met");
          w.Int(c.indicators_not_met);
          w.Key("indicators_no_data");
          w.Int(c.indicators_no_data);
          w.Key("indicators_no_target");
          w.Int(c.indicators_no_target);
          w.EndObject();
        }
        if (r.kind == RowKind::kIndicator) {
          str("goal_id", r.goal_id);
          str("status", IndicatorStatusName(r.status));
          w.Key("status_from_goals");
          w.Bool(r.status_from_goals);
          str("target", r.target.printed);
        }
        w.Key("cells");
        w.BeginObject();
        for (size_t c = 0; c < t.columns.size() && c < r.cells.size(); ++c) {
          const Cell& cell = r.cells[c];
          const Column& col = t.columns[c];
          switch (cell.state()) {
            case Cell::State::kMoney:
              w.Key(StrCat(col.id, "_ore"));
              w.Int(cell.ore());
              break;
            case Cell::State::kDecimal:
              w.Key(col.id);
              w.RawNumber(money::FormatDecimalPlain(cell.number()));
              if (!cell.text().empty()) str(StrCat(col.id, "_remark"), cell.text());
              break;
            case Cell::State::kText:
              w.Key(col.id);
              w.String(cell.text());
              break;
            case Cell::State::kNoData:
              w.Key(col.id);
              w.BeginObject();
              w.Key("no_data");
              w.Bool(true);
              if (!cell.text().empty()) str("remark", cell.text());
              w.EndObject();
              break;
            case Cell::State::kEmpty:
              w.Key(col.id);
              w.Null();
              break;
          }
          if (!cell.footnote().empty()) str(StrCat(col.id, "_footnote"), cell.footnote());
        }
        w.EndObject();
        w.EndObject();
      }
      w.EndArray();
      w.Key("notes");
      w.BeginArray();
      for (const std::string& n : t.notes) w.String(n);
      w.EndArray();
      w.Key("footnotes");
      w.BeginArray();
      for (const Footnote& f : t.footnotes) {
        w.BeginObject();
        str("mark", f.mark);
        str("text", f.text);
        w.EndObject();
      }
      w.EndArray();
      if (!t.alerts.empty()) {
        w.Key("alerts");
        w.BeginArray();
        for (const std::string& a : t.alerts) w.String(a);
        w.EndArray();
      }
      w.EndObject();
    }
    w.EndArray();
    w.Key("charts");
    w.BeginArray();
    for (const Chart& c : s.charts) {
      w.BeginObject();
      str("id", c.id);
      str("title", c.title);
      w.Key("categories");
      w.BeginArray();
      for (const std::string& cat : c.categories) w.String(cat);
      w.EndArray();
      w.Key("series");
      w.BeginArray();
      for (const ChartSeries& se : c.series) {
        w.BeginObject();
        str("name", se.name);
        w.Key("values_ore");
        w.BeginArray();
        for (int64_t v : se.values_ore) w.Int(v);
        w.EndArray();
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("findings");
  w.BeginArray();
  for (const Finding& f : report.findings) WriteFinding(w, f);
  w.EndArray();
  w.EndObject();
  out += "\n";
  return out;
}

absl::StatusOr<Format> ParseFormat(std::string_view name) {
  if (name == "html") return Format::kHtml;
  if (name == "md" || name == "markdown") return Format::kMarkdown;
  if (name == "xlsx") return Format::kXlsx;
  if (name == "csv") return Format::kCsv;
  if (name == "json") return Format::kJson;
  return absl::InvalidArgumentError(
      StrCat("unknown format '", name, "'; expected html, md, xlsx, csv or json"));
}

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kHtml:
      return "html";
    case Format::kMarkdown:
      return "md";
    case Format::kXlsx:
      return "xlsx";
    case Format::kCsv:
      return "csv";
    case Format::kJson:
      return "json";
  }
  return "";
}

absl::StatusOr<std::vector<RenderedFile>> Render(const Report& report, Format format) {
  std::string base = ReportBaseName(report);
  switch (format) {
    case Format::kHtml:
      return std::vector<RenderedFile>{
          {StrCat(base, ".html"), "text/html; charset=utf-8", RenderHtml(report)}};
    case Format::kMarkdown:
      return std::vector<RenderedFile>{
          {StrCat(base, ".md"), "text/markdown; charset=utf-8", RenderMarkdown(report)}};
    case Format::kJson:
      return std::vector<RenderedFile>{
          {StrCat(base, ".json"), "application/json", RenderJson(report)}};
    case Format::kCsv: {
      std::vector<RenderedFile> files = RenderCsv(report);
      for (RenderedFile& f : files) f.name = StrCat(base, "/", f.name);
      return files;
    }
    case Format::kXlsx: {
      auto bytes = RenderXlsx(report);
      if (!bytes.ok()) return bytes.status();
      return std::vector<RenderedFile>{
          {StrCat(base, ".xlsx"),
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", std::move(*bytes)}};
    }
  }
  return absl::InvalidArgumentError("unknown format");
}

}  // namespace tertial::reporting
