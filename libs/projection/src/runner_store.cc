#include "runner_store.h"

#include "absl/strings/cord.h"
#include "tertial/base/strings.h"
#include "tertial/base/utf8.h"
#include "tertial/eventlog/key_coding.h"
#include "tertial/projection/runner.h"

namespace tertial::projection {
namespace internal {

using eventlog::GetBigEndian64;
using eventlog::PutBigEndian32;

std::string OffsetKey(std::string_view topic, int partition) {
  std::string key(1, kReservedKeyPrefix);
  key.append("offset");
  key.push_back('\0');
  key.append(topic);
  key.push_back('\0');
  PutBigEndian32(&key, static_cast<uint32_t>(partition));
  return key;
}

absl::Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return absl::OkStatus();
  return absl::InternalError(tertial::StrCat(what, ": ", s.ToString()));
}

absl::StatusOr<int64_t> ReadOffset(rocksdb::DB* db, std::string_view topic, int partition) {
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), OffsetKey(topic, partition), &value);
  if (s.IsNotFound()) return 0;
  if (!s.ok()) return FromRocks(s, "projection offset read");
  if (value.size() != 8) return absl::DataLossError("projection offset is corrupt");
  return static_cast<int64_t>(GetBigEndian64(value.data()));
}

}  // namespace internal

namespace {

constexpr std::string_view kRecordErrorUrl = "tertial.projection/record";

}  // namespace

absl::Status RecordError(std::string_view topic, int partition, const eventlog::Record& record,
                         std::string_view event_type, const absl::Status& why) {
  std::string place = RecordPlace(topic, partition, record.offset);
  std::string what = event_type.empty() ? "" : StrCat(ValidUtf8(event_type), ", ");
  absl::Status error(
      why.code() == absl::StatusCode::kOk ? absl::StatusCode::kInternal : why.code(),
      StrCat("cannot apply ", place, " (", what, "key ", ValidUtf8(record.key),
             "): ", why.message(),
             ". Projections of this topic stop at the record; if it can never be applied, an "
             "operator quarantines it: tertial quarantine ",
             place, " --reason TEXT (docs/deploy.md, Quarantine)"));
  error.SetPayload(ToAbsl(kRecordErrorUrl), absl::Cord(ToAbsl(place)));
  return error;
}

bool IsRecordError(const absl::Status& status) {
  return status.GetPayload(ToAbsl(kRecordErrorUrl)).has_value();
}

}  // namespace tertial::projection
