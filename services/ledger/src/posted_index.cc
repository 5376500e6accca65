#include "posted_index.h"

#include <vector>

#include "absl/strings/str_split.h"
#include "projection_keys.h"
#include "tertial/base/strings.h"

namespace tertial::ledger {
namespace {

std::string KeyOf(std::string_view organisation, int fiscal_year, std::string_view series,
                  std::string_view number) {
  std::string key = YearKey(kPostedAlone, organisation, fiscal_year);
  key.append(series);
  key.push_back('\0');
  key.append(number);
  return key;
}

std::string SenderKey(std::string_view organisation, std::string_view sender_id) {
  std::string key = Prefix(kPostedBySender, organisation);
  key.append(sender_id);
  return key;
}

std::vector<std::string> Fields(std::string_view value) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(ToAbsl(value), '\0')) out.emplace_back(part);
  return out;
}

}  // namespace

void IndexPostedAlone(projection::Store& store, std::string_view organisation,
                      const v1::VoucherPosted& voucher) {
  if (voucher.content_sha256().empty()) return;
  if (!voucher.retraction_id().empty()) {  // taken back: its key and sender id are free
    if (!voucher.number().empty()) {
      store.Delete(KeyOf(organisation, voucher.fiscal_year(), voucher.series(), voucher.number()));
    }
    if (!voucher.sender_id().empty()) store.Delete(SenderKey(organisation, voucher.sender_id()));
    return;
  }
  if (!voucher.number().empty()) {
    std::string value = voucher.content_sha256();
    value.push_back('\0');
    value.append(voucher.sender_id());
    value.push_back('\0');
    value.append(voucher.import_id());
    store.Put(KeyOf(organisation, voucher.fiscal_year(), voucher.series(), voucher.number()),
              value);
  }
  if (!voucher.sender_id().empty()) {
    std::string value;
    PutBigEndian32(&value, static_cast<uint32_t>(voucher.fiscal_year()));
    value.append(voucher.series());
    value.push_back('\0');
    value.append(voucher.number());
    value.push_back('\0');
    value.append(voucher.content_sha256());
    value.push_back('\0');
    value.append(voucher.import_id());
    store.Put(SenderKey(organisation, voucher.sender_id()), value);
  }
}

std::optional<PostedAlone> ProjectionPostedIndex::ByKey(int fiscal_year, std::string_view series,
                                                        std::string_view number) const {
  absl::StatusOr<std::optional<std::string>> value =
      reader_->Get(KeyOf(organisation_, fiscal_year, series, number));
  if (!value.ok() || !value->has_value()) return std::nullopt;
  std::vector<std::string> fields = Fields(**value);
  if (fields.size() != 3) return std::nullopt;
  return PostedAlone{.fiscal_year = fiscal_year,
                     .series = std::string(series),
                     .number = std::string(number),
                     .sender_id = fields[1],
                     .content_sha256 = fields[0],
                     .import_id = fields[2]};
}

std::optional<PostedAlone> ProjectionPostedIndex::BySender(std::string_view sender_id) const {
  absl::StatusOr<std::optional<std::string>> value =
      reader_->Get(SenderKey(organisation_, sender_id));
  if (!value.ok() || !value->has_value() || (*value)->size() < 4) return std::nullopt;
  const std::string& raw = **value;
  std::vector<std::string> fields = Fields(std::string_view(raw).substr(4));
  if (fields.size() != 4) return std::nullopt;
  return PostedAlone{.fiscal_year = static_cast<int>(GetBigEndian32(raw.data())),
                     .series = fields[0],
                     .number = fields[1],
                     .sender_id = std::string(sender_id),
                     .content_sha256 = fields[2],
                     .import_id = fields[3]};
}

}  // namespace tertial::ledger
