#ifndef TERTIAL_LEDGER_PROJECTION_KEYS_H_
#define TERTIAL_LEDGER_PROJECTION_KEYS_H_

// The ledger projection's key layout and value encodings, shared by the projection (which
// writes them) and the views and queries (which read them). Internal to the service.

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "tertial/eventlog/key_coding.h"
#include "tertial/ledger/v1/events.pb.h"
#include "tertial/period/period.h"
#include "tertial/projection/store.h"

namespace tertial::ledger {

// The key layout is the service's own vocabulary; these names are used unqualified.
using eventlog::GetBigEndian32;
using eventlog::PutBigEndian32;
using eventlog::PutBigEndian64;

// Key tags. DO NOT CHANGE: see projection.h.
constexpr char kCell = 'B';          // B org period(be32) unit \0 account \0 project
constexpr char kOrganisation = 'o';  // o org -> OrganisationDefined
constexpr char kOrgnr = 'n';         // n orgnr -> organisation
constexpr char kYear = 'y';          // y org be32(fy) -> FiscalYearDefined
constexpr char kAccount = 'a';       // a org account -> AccountDefined
constexpr char kDimension = 'd';     // d org be32(dim) -> DimensionDefined
constexpr char kObject = 'j';        // j org be32(dim) object -> ObjectDefined
constexpr char kUnit = 'u';          // u org unit -> UnitDefined
constexpr char kProject = 'p';       // p org project -> ProjectDefined
// 'v', 'N', 'w' and 'x' are the voucher index's (tertial/chart/voucher_index.h, prefix ""):
//   v org be32(fy) series \0 number -> import id (numbers that are not plain decimals)
//   N org be32(fy) series -> IntervalSet of plain numbers
//   w org be32(fy) -> import id of the only poster, or "*"
//   x org import id -> "" (ImportCompleted applied)
constexpr char kContent = 'h';     // h org sha256 -> import id
constexpr char kImport = 'i';      // i org be64(offset) -> ImportCompleted
constexpr char kClosed = 'c';      // c org be32(period) -> ""
constexpr char kRetraction = 'R';  // R org import id -> Retraction (service.proto)
constexpr char kReopened = 'q';    // q org be32(fy) -> event id of the latest PeriodReopened
// 'r' is the voucher index's too: r org import id \0 be32(line) -> "" (taken back).
// Vouchers posted alone (posted_index.h).
constexpr char kPostedAlone = 'P';     // P org be32(fy) series \0 number -> sha, sender, import
constexpr char kPostedBySender = 'S';  // S org sender id -> be32(fy) series, number, sha, import

inline std::string Prefix(char tag, std::string_view organisation) {
  std::string key(1, tag);
  key.push_back('\0');
  key.append(organisation);
  key.push_back('\0');
  return key;
}

inline uint32_t PeriodCode(const period::Period& p) { return static_cast<uint32_t>(p.Index()); }

// Writes the key into `*key` (reusing its memory: this runs once per transaction).
inline void BuildCellKey(std::string* key, std::string_view organisation, const period::Period& p,
                         std::string_view unit, std::string_view account,
                         std::string_view project) {
  key->clear();
  key->push_back(kCell);
  key->push_back('\0');
  key->append(organisation);
  key->push_back('\0');
  PutBigEndian32(key, PeriodCode(p));
  key->append(unit);
  key->push_back('\0');
  key->append(account);
  key->push_back('\0');
  key->append(project);
}

inline std::string CellKey(std::string_view organisation, const period::Period& p,
                           std::string_view unit, std::string_view account,
                           std::string_view project) {
  std::string key;
  BuildCellKey(&key, organisation, p, unit, account, project);
  return key;
}

inline std::string YearKey(char tag, std::string_view organisation, int fiscal_year) {
  std::string key = Prefix(tag, organisation);
  PutBigEndian32(&key, static_cast<uint32_t>(fiscal_year));
  return key;
}

inline uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

inline std::string EncodeCell(int64_t actual, int64_t budget) {
  std::string value;
  eventlog::PutVarint(&value, ZigZag(actual));
  eventlog::PutVarint(&value, ZigZag(budget));
  return value;
}

inline bool DecodeCell(std::string_view value, int64_t* actual, int64_t* budget) {
  uint64_t a = 0, b = 0;
  if (!eventlog::GetVarint(&value, &a) || !eventlog::GetVarint(&value, &b)) return false;
  *actual = UnZigZag(a);
  *budget = UnZigZag(b);
  return true;
}

struct CellParts {
  period::Period period;
  std::string_view unit, account, project;
};

inline bool ParseCellKey(std::string_view key, size_t prefix_size, CellParts* parts) {
  if (key.size() < prefix_size + 4) return false;
  parts->period =
      period::Period::FromIndex(static_cast<int>(GetBigEndian32(key.data() + prefix_size)));
  std::string_view rest = key.substr(prefix_size + 4);
  size_t a = rest.find('\0');
  if (a == std::string_view::npos) return false;
  size_t b = rest.find('\0', a + 1);
  if (b == std::string_view::npos) return false;
  parts->unit = rest.substr(0, a);
  parts->account = rest.substr(a + 1, b - a - 1);
  parts->project = rest.substr(b + 1);
  return true;
}

template <typename Message>
inline absl::Status PutMessage(projection::Store& store, const std::string& key, const Message& m) {
  std::string value;
  if (!m.SerializeToString(&value)) return absl::InternalError("cannot serialize");
  store.Put(key, value);
  return absl::OkStatus();
}

template <typename Message>
inline std::optional<Message> GetMessage(const projection::Reader& reader, const std::string& key) {
  absl::StatusOr<std::optional<std::string>> value = reader.Get(key);
  if (!value.ok() || !value->has_value()) return std::nullopt;
  Message m;
  if (!m.ParseFromString(**value)) return std::nullopt;
  return m;
}

inline absl::StatusOr<bool> Exists(const projection::Reader& reader, const std::string& key) {
  absl::StatusOr<std::optional<std::string>> value = reader.Get(key);
  if (!value.ok()) return value.status();
  return value->has_value();
}

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_PROJECTION_KEYS_H_
