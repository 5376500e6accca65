#include "store_format.h"

#include "tertial/eventlog/key_coding.h"

namespace tertial::forecast::store {
namespace {

using eventlog::GetBigEndian32;
using eventlog::GetBigEndian64;
using eventlog::GetVarint;
using eventlog::PutBigEndian32;
using eventlog::PutBigEndian64;
using eventlog::PutVarint;

void Part(std::string* key, std::string_view part) {
  key->push_back('\0');
  key->append(part);
}

void YearPart(std::string* key, int year) {
  key->push_back('\0');
  PutBigEndian32(key, static_cast<uint32_t>(year));
}

std::string Start(char tag, std::string_view org) {
  std::string key(1, tag);
  Part(&key, org);
  return key;
}

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

void PutSigned(std::string* out, int64_t v) { PutVarint(out, ZigZag(v)); }
bool GetSigned(std::string_view* in, int64_t* v) {
  uint64_t raw = 0;
  if (!GetVarint(in, &raw)) return false;
  *v = UnZigZag(raw);
  return true;
}

void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}
bool GetString(std::string_view* in, std::string* s) {
  uint64_t size = 0;
  if (!GetVarint(in, &size) || size > in->size()) return false;
  s->assign(in->substr(0, size));
  in->remove_prefix(size);
  return true;
}

}  // namespace

std::string Prefix(char tag, std::string_view organisation) {
  std::string key = Start(tag, organisation);
  key.push_back('\0');
  return key;
}

std::string UnitKey(std::string_view org, std::string_view unit) {
  std::string key = Start('u', org);
  Part(&key, unit);
  return key;
}

std::string FiscalYearKey(std::string_view org, int year) {
  std::string key = Start('f', org);
  YearPart(&key, year);
  return key;
}

std::string ProjectKey(std::string_view org, std::string_view project) {
  std::string key = Start('p', org);
  Part(&key, project);
  return key;
}

std::string UnitCellKey(std::string_view org, int year, std::string_view unit) {
  std::string key = Start('a', org);
  YearPart(&key, year);
  Part(&key, unit);
  return key;
}

std::string ProjectCellKey(std::string_view org, int year, std::string_view project) {
  std::string key = Start('i', org);
  YearPart(&key, year);
  Part(&key, project);
  return key;
}

std::string BudgetKey(std::string_view org, int year, std::string_view unit,
                      std::string_view account, std::string_view project, const period::Period& p) {
  std::string key = Start('b', org);
  YearPart(&key, year);
  Part(&key, unit);
  Part(&key, account);
  Part(&key, project);
  key.push_back('\0');
  PutBigEndian32(&key, static_cast<uint32_t>(p.Index()));
  return key;
}

std::string AdjustmentKey(std::string_view org, std::string_view id) {
  std::string key = Start('d', org);
  Part(&key, id);
  return key;
}

std::string MethodKey(std::string_view org, int year, std::string_view unit) {
  std::string key = Start('m', org);
  YearPart(&key, year);
  Part(&key, unit);
  return key;
}

std::string ClosedPrefix(std::string_view org, int year) {
  std::string key = Start('c', org);
  YearPart(&key, year);
  key.push_back('\0');
  return key;
}

std::string ClosedKey(std::string_view org, int year, int month) {
  std::string key = ClosedPrefix(org, year);
  PutBigEndian32(&key, static_cast<uint32_t>(month));
  return key;
}

std::string PendingKey(std::string_view org, std::string_view trigger) {
  std::string key = Start(kPendingTag, org);
  Part(&key, trigger);
  return key;
}

std::string PublishedKey(std::string_view org, std::string_view trigger) {
  std::string key = Start('r', org);
  Part(&key, trigger);
  return key;
}

std::string VersionKey(std::string_view org) { return Start('v', org); }

std::string LatestLedgerKey(std::string_view org) { return Start('l', org); }

std::string LedgerChangeKey(std::string_view org, int year) {
  std::string key = Start(kLedgerChangeTag, org);
  YearPart(&key, year);
  return key;
}

std::string PublishedLedgerKey(std::string_view org, int year, const period::Period& as_of) {
  std::string key = Start(kPublishedLedgerTag, org);
  YearPart(&key, year);
  key.push_back('\0');
  PutBigEndian32(&key, static_cast<uint32_t>(as_of.Index()));
  return key;
}

bool SplitYearKey(std::string_view rest, int* year, std::string_view* tail) {
  if (rest.size() < 4) return false;
  *year = static_cast<int>(GetBigEndian32(rest.data()));
  rest.remove_prefix(4);
  if (!rest.empty()) {
    if (rest.front() != '\0') return false;
    rest.remove_prefix(1);
  }
  *tail = rest;
  return true;
}

std::string EncodeUnitCell(const UnitCell& cell) {
  int used = 0;
  for (int m = 0; m < kMaxMonths; ++m) {
    if (!(cell.months[m] == UnitMonth{})) used = m + 1;
  }
  std::string out;
  PutVarint(&out, used);
  for (int m = 0; m < used; ++m) {
    const UnitMonth& month = cell.months[m];
    PutSigned(&out, month.actual_costs_ore);
    PutSigned(&out, month.actual_revenues_ore);
    PutSigned(&out, month.budget_costs_ore);
    PutSigned(&out, month.budget_revenues_ore);
  }
  return out;
}

bool DecodeUnitCell(std::string_view value, UnitCell* cell) {
  *cell = UnitCell();
  uint64_t used = 0;
  if (!GetVarint(&value, &used) || used > kMaxMonths) return false;
  for (uint64_t m = 0; m < used; ++m) {
    UnitMonth& month = cell->months[m];
    if (!GetSigned(&value, &month.actual_costs_ore) ||
        !GetSigned(&value, &month.actual_revenues_ore) ||
        !GetSigned(&value, &month.budget_costs_ore) ||
        !GetSigned(&value, &month.budget_revenues_ore)) {
      return false;
    }
  }
  return value.empty();
}

std::string EncodeProjectCell(const ProjectCell& cell) {
  int used = 0;
  for (int m = 0; m < kMaxMonths; ++m) {
    if (!(cell.months[m] == ProjectMonth{})) used = m + 1;
  }
  std::string out;
  PutString(&out, cell.unit_id);
  PutVarint(&out, used);
  for (int m = 0; m < used; ++m) {
    PutSigned(&out, cell.months[m].spending_ore);
    PutSigned(&out, cell.months[m].income_ore);
    PutSigned(&out, cell.months[m].budget_ore);
  }
  return out;
}

bool DecodeProjectCell(std::string_view value, ProjectCell* cell) {
  *cell = ProjectCell();
  uint64_t used = 0;
  if (!GetString(&value, &cell->unit_id) || !GetVarint(&value, &used) || used > kMaxMonths) {
    return false;
  }
  for (uint64_t m = 0; m < used; ++m) {
    ProjectMonth& month = cell->months[m];
    if (!GetSigned(&value, &month.spending_ore) || !GetSigned(&value, &month.income_ore) ||
        !GetSigned(&value, &month.budget_ore)) {
      return false;
    }
  }
  return value.empty();
}

std::string EncodeAmount(int64_t ore) {
  std::string out;
  PutSigned(&out, ore);
  return out;
}

bool DecodeAmount(std::string_view value, int64_t* ore) {
  return GetSigned(&value, ore) && value.empty();
}

std::string EncodeCounter(uint64_t value) {
  std::string out;
  PutBigEndian64(&out, value);
  return out;
}

uint64_t DecodeCounter(std::string_view value) {
  return value.size() == 8 ? GetBigEndian64(value.data()) : 0;
}

std::string EncodeLedgerMark(const LedgerMark& mark) {
  std::string out;
  PutVarint(&out, static_cast<uint64_t>(mark.offset));
  PutString(&out, mark.event_id);
  PutString(&out, mark.correlation_id);
  PutSigned(&out, mark.occurred_at_seconds);
  return out;
}

bool DecodeLedgerMark(std::string_view value, LedgerMark* mark) {
  uint64_t offset = 0;
  if (!GetVarint(&value, &offset) || !GetString(&value, &mark->event_id) ||
      !GetString(&value, &mark->correlation_id) || !GetSigned(&value, &mark->occurred_at_seconds)) {
    return false;
  }
  mark->offset = static_cast<int64_t>(offset);
  return value.empty();
}

std::string EncodePending(const PendingPublication& p) {
  std::string out;
  PutVarint(&out, static_cast<uint64_t>(p.topic));
  PutVarint(&out, static_cast<uint64_t>(p.offset));
  PutVarint(&out, static_cast<uint64_t>(p.fiscal_year));
  PutVarint(&out, p.as_of ? static_cast<uint64_t>(p.as_of->Index()) + 1 : 0);
  PutString(&out, p.trigger);
  PutString(&out, p.trigger_event_id);
  PutString(&out, p.correlation_id);
  PutSigned(&out, p.occurred_at_seconds);
  return out;
}

bool DecodePending(std::string_view value, PendingPublication* p) {
  uint64_t topic = 0, offset = 0, year = 0, as_of = 0;
  if (!GetVarint(&value, &topic) || !GetVarint(&value, &offset) || !GetVarint(&value, &year) ||
      !GetVarint(&value, &as_of) || !GetString(&value, &p->trigger) ||
      !GetString(&value, &p->trigger_event_id) || !GetString(&value, &p->correlation_id) ||
      !GetSigned(&value, &p->occurred_at_seconds)) {
    return false;
  }
  p->topic = static_cast<int>(topic);
  p->offset = static_cast<int64_t>(offset);
  p->fiscal_year = static_cast<int>(year);
  p->as_of.reset();
  if (as_of > 0) p->as_of = period::Period::FromIndex(static_cast<int>(as_of - 1));
  return value.empty();
}

}  // namespace tertial::forecast::store
