#include "log_dump_format.h"

#include "tertial/base/crc32c.h"
#include "tertial/eventlog/key_coding.h"

namespace tertial::eventlog::dump {

const std::vector<std::string>& DefaultTopics() {
  static const std::vector<std::string> kTopics = {
      std::string(kLedgerTopic), std::string(kForecastTopic), std::string(kGoalsTopic),
      std::string(kReportingTopic)};
  return kTopics;
}

void PutString(std::string* out, std::string_view s) {
  PutBigEndian32(out, static_cast<uint32_t>(s.size()));
  out->append(s);
}

std::string HexToBytes(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    out.push_back(static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
  }
  return out;
}

std::string BytesToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

absl::StatusOr<Envelope> FaithfulEnvelope(std::string_view value) {
  Envelope envelope;
  if (!envelope.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return absl::DataLossError("the value is not an Envelope");
  }
  std::string again;
  if (!envelope.SerializeToString(&again) || again != value) {
    return absl::DataLossError(
        "the Envelope does not serialize back to the same bytes, so a restore would change it");
  }
  return envelope;
}

absl::Status FrameWriter::Raw(std::string_view bytes, bool hashed) {
  out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out_) return absl::UnavailableError("cannot write the dump (disk full?)");
  if (hashed) hash_.Update(bytes);
  bytes_ += static_cast<int64_t>(bytes.size());
  return absl::OkStatus();
}

absl::Status FrameWriter::Frame(char type, std::string_view body, bool hashed) {
  std::string frame(1, type);
  PutBigEndian32(&frame, static_cast<uint32_t>(body.size()));
  frame.append(body);
  PutBigEndian32(&frame, Crc32c(frame));
  return Raw(frame, hashed);
}

bool BodyReader::U32(uint32_t* v) {
  if (body_.size() < 4) return false;
  *v = GetBigEndian32(body_.data());
  body_.remove_prefix(4);
  return true;
}

bool BodyReader::U64(uint64_t* v) {
  if (body_.size() < 8) return false;
  *v = GetBigEndian64(body_.data());
  body_.remove_prefix(8);
  return true;
}

bool BodyReader::String(uint32_t max, std::string_view* s) {
  uint32_t size = 0;
  if (!U32(&size) || size > max || size > body_.size()) return false;
  *s = body_.substr(0, size);
  body_.remove_prefix(size);
  return true;
}

bool BodyReader::Bytes(size_t size, std::string_view* s) {
  if (body_.size() < size) return false;
  *s = body_.substr(0, size);
  body_.remove_prefix(size);
  return true;
}

}  // namespace tertial::eventlog::dump
