// The report as a workbook: one sheet per table and one for the findings. Money is stored
// as a number of kronor (exact to the öre) with a number format that shows tkr
// ("#,##0,") or mnkr ("#,##0.0,,"), so that a spreadsheet can sum and chart the cells
// while they look as in the report. Indicator values are numbers with their own decimals;
// I.U. is the text "I.U.", never a zero.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/status/status.h"
#include "render/render.h"
#include "tertial/base/strings.h"
#include "xlsxwriter.h"

namespace tertial::reporting {
namespace {

// Sheet names: at most 31 characters, none of []:*?/\ and unique in the workbook.
// The first `n` characters (not bytes) of UTF-8 text.
std::string Utf8Prefix(const std::string& s, size_t n) {
  size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && chars++ == n) break;
  }
  return s.substr(0, i);
}

std::string Lowered(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// A sheet's name, in Swedish as the report's headings: by table kind ("Driftsammandrag",
// "Indikatorer 3"). Excel allows 31 characters, none of []:*?/\, and no two names that
// differ only in case.
std::string SheetName(const Table& t, std::set<std::string>* used) {
  std::string base;
  switch (t.kind) {
    case TableKind::kGoalSummary:
      base = "Nämndmål per bedömning";
      break;
    case TableKind::kActivitySummary:
      base = "Aktiviteter per status";
      break;
    case TableKind::kForecastResult:
      base = "Resultat per förvaltning";
      break;
    case TableKind::kEconomy:
      base = "Ekonomi";
      break;
    case TableKind::kPersonnel:
      base = "Personal";
      break;
    case TableKind::kOperating:
      base = "Driftsammandrag";
      break;
    case TableKind::kForecast:
      base = "Prognos helår";
      break;
    case TableKind::kInvestments:
      base = "Investeringar";
      break;
    case TableKind::kGoals:
      base = "Målredovisning";
      break;
    case TableKind::kIndicators: {
      size_t underscore = t.id.find_last_of('_');
      base = StrCat("Indikatorer ",
                    underscore == std::string::npos ? t.id : t.id.substr(underscore + 1));
      break;
    }
    case TableKind::kAssignments:
      base = "Uppdrag";
      break;
    case TableKind::kAdjustments:
      base = "Prognosjusteringar";
      break;
  }
  std::string clean;
  for (char c : base) clean += std::string("[]:*?/\\").find(c) == std::string::npos ? c : '-';
  clean = Utf8Prefix(clean, 31);
  std::string name = clean;
  for (int i = 2; used->count(Lowered(name)); ++i) {
    std::string suffix = StrCat(" (", i, ")");
    name = Utf8Prefix(clean, 31 - suffix.size()) + suffix;
  }
  used->insert(Lowered(name));
  return name;
}

class Workbook {
 public:
  explicit Workbook(const std::string& path) {
    lxw_workbook_options options = {.constant_memory = LXW_FALSE, .tmpdir = nullptr};
    wb_ = workbook_new_opt(path.c_str(), &options);
    if (wb_ == nullptr) return;
    title_ = workbook_add_format(wb_);
    format_set_bold(title_);
    format_set_font_size(title_, 13);
    header_ = workbook_add_format(wb_);
    format_set_bold(header_);
    format_set_text_wrap(header_);
    format_set_bottom(header_, LXW_BORDER_THIN);
    format_set_align(header_, LXW_ALIGN_VERTICAL_BOTTOM);
    alert_ = workbook_add_format(wb_);
    format_set_bold(alert_);
    format_set_font_color(alert_, 0xB3261E);
    note_ = workbook_add_format(wb_);
    format_set_italic(note_);
    format_set_font_color(note_, 0x5B6B7C);
  }
  ~Workbook() {
    if (wb_ != nullptr && !closed_) workbook_close(wb_);
  }
  bool ok() const { return wb_ != nullptr; }
  lxw_workbook* wb() { return wb_; }

  // Number formats per (kind, decimals, bold, italic).
  lxw_format* Number(std::string_view num_format, bool bold, bool italic) {
    std::string key = StrCat(num_format, bold ? "|b" : "", italic ? "|i" : "");
    auto it = formats_.find(key);
    if (it != formats_.end()) return it->second;
    lxw_format* f = workbook_add_format(wb_);
    if (!num_format.empty()) format_set_num_format(f, std::string(num_format).c_str());
    if (bold) {
      format_set_bold(f);
      format_set_top(f, LXW_BORDER_THIN);
    }
    if (italic) format_set_italic(f);
    format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    formats_[key] = f;
    return f;
  }

  lxw_error Close() {
    closed_ = true;
    return workbook_close(wb_);
  }

  lxw_format* title_ = nullptr;
  lxw_format* header_ = nullptr;
  lxw_format* note_ = nullptr;
  lxw_format* alert_ = nullptr;

 private:
  lxw_workbook* wb_ = nullptr;
  bool closed_ = false;
  std::map<std::string, lxw_format*> formats_;
};

std::string DecimalFormat(int scale) {
  if (scale <= 0) return "#,##0";
  return StrCat("#,##0.", std::string(scale, '0'));
}

void WriteTable(Workbook& book, lxw_worksheet* ws, const Table& t) {
  worksheet_write_string(ws, 0, 0, t.title.c_str(), book.title_);
  worksheet_write_string(ws, 1, 0, t.kind == TableKind::kIndicators ? "Nämndindikator" : "",
                         book.header_);
  for (size_t c = 0; c < t.columns.size(); ++c) {
    worksheet_write_string(ws, 1, static_cast<lxw_col_t>(c + 1), t.columns[c].label.c_str(),
                           book.header_);
  }
  worksheet_set_column(ws, 0, 0, 44, nullptr);
  for (size_t c = 0; c < t.columns.size(); ++c) {
    double width = t.columns[c].kind == ColumnKind::kText ? 34 : 14;
    worksheet_set_column(ws, static_cast<lxw_col_t>(c + 1), static_cast<lxw_col_t>(c + 1), width,
                         nullptr);
  }
  worksheet_set_row(ws, 1, 32, nullptr);
  worksheet_freeze_panes(ws, 2, 1);
  const std::string money_format = t.unit_label == "mnkr" ? "#,##0.0,," : "#,##0,";
  lxw_row_t row = 2;
  for (const Row& r : t.rows) {
    bool sum = r.kind == RowKind::kSum;
    bool of = IsPartRow(r.kind);
    std::string label = of ? StrCat("   ", r.label) : r.label;
    label += r.mark;
    worksheet_write_string(ws, row, 0, label.c_str(), book.Number("", sum, of));
    for (size_t c = 0; c < t.columns.size() && c < r.cells.size(); ++c) {
      const Cell& cell = r.cells[c];
      lxw_col_t col = static_cast<lxw_col_t>(c + 1);
      switch (cell.state()) {
        case Cell::State::kMoney:
          worksheet_write_number(ws, row, col, static_cast<double>(cell.ore()) / 100.0,
                                 book.Number(money_format, sum, of));
          break;
        case Cell::State::kDecimal: {
          const Decimal& d = cell.number();
          double v = static_cast<double>(d.units);
          for (int i = 0; i < d.scale; ++i) v /= 10.0;
          worksheet_write_number(ws, row, col, v, book.Number(DecimalFormat(d.scale), sum, of));
          break;
        }
        case Cell::State::kNoData: {
          std::string text = cell.text().empty() ? "I.U." : StrCat("I.U. (", cell.text(), ")");
          worksheet_write_string(ws, row, col, text.c_str(), book.Number("", sum, of));
          break;
        }
        case Cell::State::kText: {
          std::string text = t.columns[c].id == "status" && r.kind == RowKind::kIndicator
                                 ? std::string(IndicatorStatusLabel(r.status))
                                 : cell.text();
          worksheet_write_string(ws, row, col, text.c_str(), book.Number("", sum, of));
          break;
        }
        case Cell::State::kEmpty:
          break;
      }
      // What the cell says besides its number: a remark ("per 1 april"), a footnote.
      std::string comment;
      if (cell.is_number() && !cell.text().empty()) comment = cell.text();
      if (!cell.footnote().empty())
        StrAppend(&comment, comment.empty() ? "" : "; ", "Fotnot ", cell.footnote());
      if (!comment.empty()) worksheet_write_comment(ws, row, col, comment.c_str());
    }
    ++row;
  }
  ++row;
  for (const std::string& a : t.alerts)
    worksheet_write_string(ws, row++, 0, StrCat("Fel: ", a).c_str(), book.alert_);
  for (const std::string& n : t.notes) worksheet_write_string(ws, row++, 0, n.c_str(), book.note_);
  for (const Footnote& f : t.footnotes) {
    worksheet_write_string(ws, row++, 0, StrCat(f.mark, " ", f.text).c_str(), book.note_);
  }
}

}  // namespace

absl::StatusOr<std::string> RenderXlsx(const Report& report) {
  const char* tmp = std::getenv("TMPDIR");
  std::string path = StrCat(tmp && *tmp ? tmp : "/tmp", "/tertial-report-XXXXXX.xlsx");
  int fd = mkstemps(path.data(), 5);
  if (fd < 0)
    return absl::UnavailableError(
        StrCat("cannot create a temporary file for the workbook in ", path));
  close(fd);
  {
    Workbook book(path);
    if (!book.ok()) {
      std::remove(path.c_str());
      return absl::InternalError("libxlsxwriter could not start a workbook");
    }
    std::set<std::string> used;
    for (const Table* t : report.Tables()) {
      std::string name = SheetName(*t, &used);
      lxw_worksheet* ws = workbook_add_worksheet(book.wb(), name.c_str());
      if (ws == nullptr) return absl::InternalError(StrCat("cannot add sheet ", name));
      WriteTable(book, ws, *t);
    }
    lxw_worksheet* ws = workbook_add_worksheet(book.wb(), "Kontroller");
    const char* headers[] = {"Allvar", "Kontroll", "Tabell",    "Rad",        "Kolumn",
                             "Var",    "Visat",    "Förenligt", "Beskrivning"};
    for (int c = 0; c < 9; ++c) worksheet_write_string(ws, 0, c, headers[c], book.header_);
    worksheet_set_column(ws, 5, 5, 50, nullptr);
    worksheet_set_column(ws, 8, 8, 70, nullptr);
    lxw_row_t row = 1;
    for (const Finding& f : report.findings) {
      const std::string* cells[] = {nullptr,  &f.rule,  &f.file,       &f.record, &f.field,
                                    &f.where, &f.shown, &f.consistent, &f.message};
      worksheet_write_string(ws, row, 0, f.severity == Severity::kError ? "Fel" : "Varning",
                             nullptr);
      for (int c = 1; c < 9; ++c) worksheet_write_string(ws, row, c, cells[c]->c_str(), nullptr);
      ++row;
    }
    if (lxw_error e = book.Close(); e != LXW_NO_ERROR) {
      std::remove(path.c_str());
      return absl::InternalError(StrCat("writing the workbook failed: ", lxw_strerror(e)));
    }
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::remove(path.c_str());
  if (bytes.str().empty()) return absl::InternalError("the workbook came out empty");
  return bytes.str();
}

}  // namespace tertial::reporting
