#include "output.h"

#include <algorithm>
#include <fstream>

#include "tertial/base/strings.h"
#include "tertial/csv/writer.h"
#include "tertial/json/json.h"
#include "tertial/money/money.h"

namespace tertial::cli {
namespace {

// Display width in characters of UTF-8 text (counts code points, not bytes).
size_t Width(const std::string& s) {
  size_t width = 0;
  for (unsigned char c : s) width += (c & 0xC0) != 0x80;
  return width;
}

}  // namespace

Cell Cell::Text(std::string text) {
  Cell c;
  c.human_ = text;
  c.machine_ = std::move(text);
  return c;
}

Cell Cell::Text(std::string human, std::string machine) {
  Cell c;
  c.human_ = std::move(human);
  c.machine_ = std::move(machine);
  return c;
}

Cell Cell::Ore(int64_t ore) {
  Cell c;
  c.human_ = money::FormatTkr(ore);
  c.machine_ = std::to_string(ore);
  c.numeric_ = true;
  return c;
}

Cell Cell::Int(int64_t value) {
  Cell c;
  c.human_ = money::GroupThousands(value);
  c.machine_ = std::to_string(value);
  c.numeric_ = true;
  return c;
}

Cell Cell::Year(int64_t year) {
  Cell c;
  c.human_ = std::to_string(year);
  c.machine_ = c.human_;
  c.numeric_ = true;
  return c;
}

Cell Cell::Number(std::string human, std::string machine) {
  Cell c;
  c.human_ = std::move(human);
  c.machine_ = std::move(machine);
  c.numeric_ = true;
  return c;
}

Cell Cell::Empty() {
  Cell c;
  c.empty_ = true;
  return c;
}

Cell Cell::Flag(bool value) { return Number(value ? "ja" : "", value ? "true" : "false"); }

void Table::AddRow(std::vector<Cell> cells) {
  cells.resize(columns_.size(), Cell::Empty());
  rows_.push_back(std::move(cells));
}

void Table::Print(const std::string& format, std::ostream& out) const {
  if (format == "csv") {
    for (size_t i = 0; i < columns_.size(); ++i)
      out << (i ? "," : "") << csv::Field(columns_[i].name);
    out << "\n";
    for (const auto& row : rows_) {
      for (size_t i = 0; i < row.size(); ++i) {
        out << (i ? "," : "") << (row[i].empty() ? "" : csv::Field(row[i].machine()));
      }
      out << "\n";
    }
    return;
  }
  if (format == "json") {
    out << "[";
    for (size_t r = 0; r < rows_.size(); ++r) {
      out << (r ? ",\n " : "\n ") << "{";
      for (size_t i = 0; i < columns_.size(); ++i) {
        const Cell& cell = rows_[r][i];
        out << (i ? ", " : "") << json::Quote(columns_[i].name) << ": ";
        if (cell.empty()) {
          out << "null";
        } else if (cell.numeric()) {
          out << cell.machine();
        } else {
          out << json::Quote(cell.machine());
        }
      }
      out << "}";
    }
    out << (rows_.empty() ? "]\n" : "\n]\n");
    return;
  }
  // A table for people: text left-aligned, numbers right-aligned.
  std::vector<size_t> widths(columns_.size());
  std::vector<bool> numeric(columns_.size(), false);
  for (size_t i = 0; i < columns_.size(); ++i) {
    const std::string& header = columns_[i].header.empty() ? columns_[i].name : columns_[i].header;
    widths[i] = Width(header);
    for (const auto& row : rows_) {
      widths[i] = std::max(widths[i], Width(row[i].human()));
      numeric[i] = numeric[i] || row[i].numeric();
    }
  }
  auto pad = [&](const std::string& text, size_t i) {
    std::string spaces(widths[i] - Width(text), ' ');
    return numeric[i] ? spaces + text : text + spaces;
  };
  for (size_t i = 0; i < columns_.size(); ++i) {
    out << (i ? "  " : "")
        << pad(columns_[i].header.empty() ? columns_[i].name : columns_[i].header, i);
  }
  out << "\n";
  for (size_t i = 0; i < columns_.size(); ++i)
    out << (i ? "  " : "") << std::string(widths[i], '-');
  out << "\n";
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size(); ++i) out << (i ? "  " : "") << pad(row[i].human(), i);
    out << "\n";
  }
}

absl::Status WriteFileAtomically(const std::filesystem::path& path, const std::string& bytes) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  if (error)
    return absl::UnavailableError(
        StrCat("cannot create ", path.parent_path().string(), ": ", error.message()));
  // Write beside, then rename: a failed write never leaves half a report.
  std::filesystem::path tmp = path;
  tmp += ".partial";
  // A link left where the partial file goes would be followed by the write: remove it.
  std::filesystem::remove(tmp, error);
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return absl::UnavailableError(StrCat("cannot write ", tmp.string()));
  }
  std::filesystem::rename(tmp, path, error);
  if (error)
    return absl::UnavailableError(StrCat("cannot write ", path.string(), ": ", error.message()));
  return absl::OkStatus();
}

}  // namespace tertial::cli
