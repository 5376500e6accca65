#include "file_scan.h"

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "tertial/base/strings.h"
#include "tertial/money/money.h"

namespace tertial::demo::scan {
namespace {

absl::Status LineError(int line, std::string_view what) {
  return absl::InvalidArgumentError(StrCat("line ", line, ": ", what));
}

// Splits an SIE line into tokens: bare words, quoted strings (with \" escapes), and the
// object list as one token "{...}" with its contents parsed separately.
absl::StatusOr<std::vector<std::string>> Tokens(std::string_view line, int number) {
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '"') {
      std::string token;
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\\' && i + 1 < line.size()) ++i;
        token += line[i];
      }
      if (i >= line.size()) return LineError(number, "unterminated quote");
      ++i;
      tokens.push_back(token);
    } else if (c == '{') {
      size_t end = line.find('}', i);
      if (end == std::string_view::npos) return LineError(number, "unterminated object list");
      tokens.emplace_back(line.substr(i, end - i + 1));
      i = end + 1;
    } else {
      size_t end = line.find_first_of(" \t", i);
      if (end == std::string_view::npos) end = line.size();
      tokens.emplace_back(line.substr(i, end - i));
      i = end;
    }
  }
  return tokens;
}

absl::Status Objects(std::string_view list, int number, Transaction* t) {
  absl::StatusOr<std::vector<std::string>> inner = Tokens(list.substr(1, list.size() - 2), number);
  if (!inner.ok()) return inner.status();
  if (inner->size() % 2 != 0) return LineError(number, "odd object list");
  for (size_t k = 0; k < inner->size(); k += 2) {
    if ((*inner)[k] == "1") {
      t->unit = (*inner)[k + 1];
    } else if ((*inner)[k] == "6") {
      t->project = (*inner)[k + 1];
    } else {
      return LineError(number, StrCat("unexpected dimension ", (*inner)[k]));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Amount(std::string_view text, int number) {
  absl::StatusOr<int64_t> ore = money::ParseKronor(text);
  if (!ore.ok()) return LineError(number, StrCat("bad amount '", text, "'"));
  return *ore;
}

}  // namespace

absl::StatusOr<std::vector<CsvRow>> ParseCsv(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      records.push_back(std::move(fields));
      fields.assign(1, "");
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  if (quoted) return absl::InvalidArgumentError("unterminated quote");
  if (fields.size() > 1 || !fields[0].empty()) records.push_back(std::move(fields));
  if (records.empty()) return absl::InvalidArgumentError("no header");
  std::vector<CsvRow> rows;
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != records[0].size()) {
      return absl::InvalidArgumentError(StrCat("row ", r + 1, " has ", records[r].size(),
                                               " fields, the header ", records[0].size()));
    }
    CsvRow row;
    for (size_t k = 0; k < records[0].size(); ++k) row[records[0][k]] = records[r][k];
    rows.push_back(std::move(row));
  }
  return rows;
}

absl::StatusOr<Ledger> ScanSie(std::string_view bytes) {
  Ledger ledger;
  Voucher* open = nullptr;  // the voucher whose { } block is being read
  bool in_block = false;
  int number = 0;
  size_t start = 0;
  while (start < bytes.size()) {
    size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // A voucher's block opens and closes on lines of their own.
    absl::StatusOr<std::vector<std::string>> tokens =
        line == "{" || line == "}" ? std::vector<std::string>{std::string(line)}
                                   : Tokens(line, number);
    if (!tokens.ok()) return tokens.status();
    if (tokens->empty()) continue;
    const std::vector<std::string>& t = *tokens;
    ledger.labels.push_back(t[0]);
    if (t[0] == "{") {
      if (open == nullptr || in_block) return LineError(number, "'{' without #VER");
      in_block = true;
    } else if (t[0] == "}") {
      if (!in_block) return LineError(number, "'}' without '{'");
      in_block = false;
      open = nullptr;
    } else if (t[0] == "#VER") {
      if (in_block || t.size() < 4) return LineError(number, "bad #VER");
      absl::StatusOr<period::Date> date = period::ParseDate(t[3]);
      if (!date.ok()) return LineError(number, "bad voucher date");
      ledger.vouchers.push_back({t[1], t[2], *date, t.size() > 4 ? t[4] : "", {}});
      open = &ledger.vouchers.back();
    } else if (t[0] == "#TRANS") {
      if (!in_block || t.size() < 4 || t[2].front() != '{') return LineError(number, "bad #TRANS");
      Transaction trans{.account = t[1]};
      if (absl::Status s = Objects(t[2], number, &trans); !s.ok()) return s;
      absl::StatusOr<int64_t> amount = Amount(t[3], number);
      if (!amount.ok()) return amount.status();
      trans.amount_ore = *amount;
      open->transactions.push_back(std::move(trans));
    } else if (t[0] == "#KONTO" && t.size() >= 3) {
      ledger.accounts.insert(t[1]);
    } else if (t[0] == "#OBJEKT" && t.size() >= 4) {
      ledger.objects.insert({t[1], t[2]});
    } else if (t[0] == "#IB" || t[0] == "#UB" || t[0] == "#RES") {
      int index = 0;
      if (t.size() < 4 || !absl::SimpleAtoi(ToAbsl(t[1]), &index))
        return LineError(number, "bad balance");
      absl::StatusOr<int64_t> amount = Amount(t[3], number);
      if (!amount.ok()) return amount.status();
      ledger.balances[{t[0], index}][t[2]] += *amount;
    } else if (in_block) {
      return LineError(number, StrCat("unexpected ", t[0], " inside a voucher"));
    }
  }
  if (in_block) return absl::InvalidArgumentError("file ends inside a voucher");
  return ledger;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat(path, ": cannot open"));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace tertial::demo::scan
