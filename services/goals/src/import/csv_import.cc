// Indicator values and activity statuses as CSV (services/goals/README.md).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "import/importers.h"
#include "tertial/base/ids.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/csv/header.h"
#include "tertial/csv/reader.h"
#include "tertial/vocabulary/goals.h"

namespace tertial::goals {
namespace {

// A values or activities file: its header and rows.
struct CsvTable {
  csv::Header header;
  std::vector<csv::Record> rows;
  const std::string& Get(const csv::Record& row, std::string_view column) const {
    return header.Get(row, column);
  }
};

// Reads the table and checks its columns; false (with an error) if unusable.
bool Open(std::string_view file, std::string_view content, const csv::HeaderSpec& spec,
          CsvTable* table, ImportDocument& doc) {
  const std::string name(file);
  csv::Reader reader(content, name);
  auto fail = [&] {
    const csv::ReadError& e = reader.error();
    doc.errors.push_back({name, e.line, e.field, StrCat("column ", e.column, ": ", e.message)});
    return false;
  };
  auto header = reader.Next();
  if (!header.ok()) return fail();
  if (!header->has_value()) {
    doc.errors.push_back({name, 1, "", "the header row is missing"});
    return false;
  }
  std::vector<csv::HeaderProblem> problems;
  table->header = csv::Header::Read(**header, spec, &problems);
  for (const csv::HeaderProblem& p : problems) {
    doc.errors.push_back({name, p.line, p.name,
                          p.column > 0 ? StrCat("column ", p.column, ": ", p.message) : p.message});
  }
  for (;;) {
    auto row = reader.Next();
    if (!row.ok()) return fail();
    if (!row->has_value()) break;
    if ((*row)->fields.size() > table->header.size()) {
      doc.errors.push_back(
          {name, (*row)->line, "",
           StrCat((*row)->fields.size(), " fields, but the header has ", table->header.size())});
      continue;
    }
    table->rows.push_back(std::move(**row));
  }
  return doc.errors.empty();
}

// The rows of a values or activities file, each with its board (the row's, else the
// default; a row without one is an error), turned into a fact by
// `read_row(table, row, board, error)`, which reports a field's problem through
// `error(field, message)` and returns nullopt for a row that gives no fact.
template <typename ReadRow>
ImportDocument ReadRows(std::string_view file, std::string_view content,
                        const csv::HeaderSpec& spec, const ImportDefaults& defaults,
                        ReadRow&& read_row) {
  ImportDocument doc;
  CsvTable table;
  if (!Open(file, content, spec, &table, doc)) return doc;
  const std::string name(file);
  for (const csv::Record& row : table.rows) {
    auto error = [&](const std::string& field, std::string message) {
      doc.errors.push_back({name, row.line, field, std::move(message)});
    };
    std::string board = table.Get(row, "board");
    if (board.empty()) board = defaults.board;
    if (board.empty()) {
      error("board", "which board? give a board column or --board");
      continue;
    }
    if (std::string problem = ids::Problem(board); !problem.empty()) {
      error("board", StrCat("'", ValidUtf8(board), "' is not an id: ", problem, "; expected ",
                            ids::Expected()));
      continue;
    }
    std::optional<pb::GoalsEvent> event = read_row(table, row, board, error);
    if (!event) continue;
    if (doc.board.empty()) doc.board = board;
    doc.proposals.push_back({std::move(*event), Origin{name, row.line, ""}});
  }
  return doc;
}

}  // namespace

ImportDocument ParseValuesCsv(std::string_view file, std::string_view content,
                              const ImportDefaults& defaults) {
  return ReadRows(
      file, content,
      {{"indicator_id", "period", "value"}, {"board", "breakdown", "no_data_reason", "comment"}},
      defaults,
      [&](const CsvTable& table, const csv::Record& row, const std::string& board,
          auto& error) -> std::optional<pb::GoalsEvent> {
        pb::GoalsEvent event;
        pb::IndicatorValueRecorded* v = event.mutable_indicator_value_recorded();
        v->set_board_unit_id(board);
        v->set_indicator_id(table.Get(row, "indicator_id"));
        if (v->indicator_id().empty()) error("indicator_id", "is empty");
        v->set_breakdown(BreakdownId(table.Get(row, "breakdown")));
        auto period = ParsePeriod(table.Get(row, "period"));
        if (!period.ok()) {
          error("period", std::string(period.status().message()));
        } else {
          *v->mutable_period() = *period;
        }
        auto value = ParseValue(table.Get(row, "value"));
        if (!value.ok()) {
          error("value", std::string(value.status().message()));
        } else {
          *v->mutable_value() = *value;
        }
        const std::string& reason = table.Get(row, "no_data_reason");
        if (!reason.empty()) {
          auto parsed = ParseNoDataReason(reason);
          if (!parsed.ok()) {
            error("no_data_reason", std::string(parsed.status().message()));
          } else if (value.ok() && !value->has_no_data()) {
            error("no_data_reason", "only for an I.U. value");
          } else if (value.ok()) {
            v->mutable_value()->mutable_no_data()->set_reason(*parsed);
          }
        }
        v->set_comment(table.Get(row, "comment"));
        v->set_source(pb::VALUE_SOURCE_CSV);
        v->set_source_ref(StrCat(file, ":", row.line));
        return event;
      });
}

ImportDocument ParseActivitiesCsv(std::string_view file, std::string_view content,
                                  const ImportDefaults& defaults) {
  return ReadRows(
      file, content,
      {{"activity_id", "period", "status"}, {"board", "year", "postponed_to", "comment"}}, defaults,
      [&](const CsvTable& table, const csv::Record& row, const std::string& board,
          auto& error) -> std::optional<pb::GoalsEvent> {
        pb::GoalsEvent event;
        pb::ActivityStatusReported* s = event.mutable_activity_status_reported();
        s->set_board_unit_id(board);
        s->set_activity_id(table.Get(row, "activity_id"));
        if (s->activity_id().empty()) error("activity_id", "is empty");
        auto period = ParsePeriod(table.Get(row, "period"));
        if (!period.ok()) {
          error("period", std::string(period.status().message()));
          return std::nullopt;
        }
        *s->mutable_period() = *period;
        int year = period->year();
        if (!table.Get(row, "year").empty()) {
          if (!absl::SimpleAtoi(ToAbsl(table.Get(row, "year")), &year)) {
            error("year", "expected YYYY");
          }
        } else if (defaults.year != 0) {
          year = defaults.year;
        }
        s->set_year(year);
        auto status = ParseActivityStatus(table.Get(row, "status"));
        if (!status.ok()) {
          error("status", std::string(status.status().message()));
        } else {
          s->set_status(*status);
        }
        const std::string& postponed = table.Get(row, "postponed_to");
        if (!postponed.empty()) {
          int to = 0;
          if (!absl::SimpleAtoi(ToAbsl(postponed), &to)) {
            error("postponed_to", "expected a year (YYYY) or nothing");
          } else {
            s->set_postponed_to_year(to);
          }
        }
        s->set_comment(table.Get(row, "comment"));
        return event;
      });
}

}  // namespace tertial::goals
