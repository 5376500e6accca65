#include "tertial/csv/header.h"

#include <algorithm>

#include "tertial/base/strings.h"

namespace tertial::csv {

std::string TrimBlanks(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

std::string HeaderSpec::Describe() const {
  std::string out;
  for (const std::string& c : required) StrAppend(&out, out.empty() ? "" : ", ", c);
  for (const std::vector<std::string>& group : one_of) {
    for (size_t i = 0; i < group.size(); ++i) {
      StrAppend(&out, i > 0 ? " or " : out.empty() ? "" : ", ", group[i]);
    }
  }
  for (const std::string& c : optional) StrAppend(&out, out.empty() ? "" : ", ", c, " (optional)");
  return out;
}

Header Header::Read(const Record& record, const HeaderSpec& spec,
                    std::vector<HeaderProblem>* problems) {
  Header header;
  header.line_ = record.line;
  auto in = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  auto allowed = [&](const std::string& name) {
    if (in(spec.required, name) || in(spec.optional, name)) return true;
    for (const std::vector<std::string>& group : spec.one_of) {
      if (in(group, name)) return true;
    }
    return false;
  };
  for (size_t i = 0; i < record.fields.size(); ++i) {
    std::string name = TrimBlanks(record.fields[i]);
    int column = i < record.columns.size() ? record.columns[i] : 0;
    header.names_.push_back(name);
    if (name.empty()) {
      problems->push_back({record.line, column, "", StrCat("column ", i + 1, " has no name")});
      continue;
    }
    if (!allowed(name)) {
      problems->push_back(
          {record.line, column, name, StrCat("unknown column; the columns are ", spec.Describe())});
      continue;
    }
    auto [it, inserted] = header.index_.emplace(name, i);
    if (!inserted) {
      problems->push_back(
          {record.line, column, name,
           StrCat("the column appears twice (columns ", it->second + 1, " and ", i + 1, ")")});
    }
  }
  for (const std::string& name : spec.required) {
    if (!header.Has(name)) {
      problems->push_back(
          {record.line, 0, name, StrCat("missing column; the columns are ", spec.Describe())});
    }
  }
  for (const std::vector<std::string>& group : spec.one_of) {
    std::vector<std::string> given;
    for (const std::string& name : group) {
      if (header.Has(name)) given.push_back(name);
    }
    if (given.empty() && !group.empty()) {
      std::string names;
      for (size_t i = 0; i < group.size(); ++i) StrAppend(&names, i > 0 ? " or " : "", group[i]);
      problems->push_back(
          {record.line, 0, group.front(),
           StrCat("missing column ", names, "; the columns are ", spec.Describe())});
    } else if (given.size() > 1) {
      problems->push_back(
          {record.line, 0, given[1],
           StrCat(given[0], " and ", given[1], " are both given; a file uses one or the other")});
    }
  }
  return header;
}

int Header::Find(std::string_view name) const {
  auto it = index_.find(std::string(name));
  return it == index_.end() ? -1 : static_cast<int>(it->second);
}

const std::string& Header::Get(const Record& row, std::string_view name) const {
  static const std::string kEmpty;
  int at = Find(name);
  if (at < 0 || static_cast<size_t>(at) >= row.fields.size()) return kEmpty;
  return row.fields[at];
}

std::string Header::Trimmed(const Record& row, std::string_view name) const {
  return TrimBlanks(Get(row, name));
}

std::string Describe(std::string_view file, const HeaderProblem& problem) {
  std::string out(file);
  if (problem.line > 0) StrAppend(&out, out.empty() ? "line " : ":", problem.line);
  if (problem.column > 0) StrAppend(&out, ":", problem.column);
  if (!out.empty()) out += ": ";
  if (!problem.name.empty()) StrAppend(&out, problem.name, ": ");
  return out + problem.message;
}

}  // namespace tertial::csv
