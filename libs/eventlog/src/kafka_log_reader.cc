// KafkaLog's reading half: a consumer with caller-owned offsets (assign + seek; nothing is
// ever committed to Kafka: projections keep their offsets beside their state), one fetch
// queue per partition, and the batch rule of batch_scanner.h.

#include <algorithm>

#include "kafka_log_internal.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/key_coding.h"

namespace tertial::eventlog {
namespace {

using internal::FromKafka;
using internal::RawRecord;

int Millis(std::chrono::steady_clock::duration d) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  return static_cast<int>(std::clamp<int64_t>(ms, 0, 1'000'000));
}

absl::Status FromError(rd_kafka_error_t* error, std::string_view what) {
  if (error == nullptr) return absl::OkStatus();
  absl::Status s =
      FromKafka(rd_kafka_error_code(error), StrCat(what, " (", rd_kafka_error_string(error), ")"));
  rd_kafka_error_destroy(error);
  return s;
}

// What a fetched message is to the batch rule.
absl::StatusOr<RawRecord> ToRaw(const rd_kafka_message_t* m) {
  RawRecord raw;
  raw.offset = m->offset;
  if (m->key != nullptr) raw.key.assign(static_cast<const char*>(m->key), m->key_len);
  rd_kafka_headers_t* headers = nullptr;
  const void* batch = nullptr;
  size_t batch_size = 0;
  if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR &&
      rd_kafka_header_get_last(headers, internal::kBatchHeader, &batch, &batch_size) ==
          RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (batch_size != internal::kBatchIdBytes) {
      return absl::DataLossError(StrCat("record ", m->offset, " has a malformed batch header"));
    }
    raw.batch.assign(static_cast<const char*>(batch), batch_size);
    const void* commit = nullptr;
    size_t commit_size = 0;
    if (rd_kafka_header_get_last(headers, internal::kCommitHeader, &commit, &commit_size) ==
        RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (commit_size != 16) {
        return absl::DataLossError(StrCat("record ", m->offset, " has a malformed commit header"));
      }
      raw.kind = RawRecord::Kind::kCommit;
      raw.first = static_cast<int64_t>(GetBigEndian64(static_cast<const char*>(commit)));
      raw.count = static_cast<int64_t>(GetBigEndian64(static_cast<const char*>(commit) + 8));
      return raw;
    }
    raw.kind = RawRecord::Kind::kData;
  }
  if (m->payload != nullptr) raw.value.assign(static_cast<const char*>(m->payload), m->len);
  return raw;
}

}  // namespace

absl::StatusOr<KafkaLog::PartitionReader*> KafkaLog::Reader(std::string_view topic, int partition) {
  absl::StatusOr<Topic*> found = FindTopic(topic);
  if (!found.ok()) return found.status();
  if (partition < 0 || partition >= (*found)->partitions) {
    return absl::OutOfRangeError(StrCat("topic ", topic, " has no partition ", partition));
  }
  return (*found)->readers[partition].get();
}

absl::Status KafkaLog::Seek(PartitionReader* reader, int64_t offset) {
  ++reader->seeks;
  for (rd_kafka_message_t* m : reader->buffered) rd_kafka_message_destroy(m);
  reader->buffered.clear();
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(list, reader->topic.c_str(), reader->partition)->offset =
      offset;
  absl::Status s;
  if (!reader->assigned) {
    reader->queue =
        rd_kafka_queue_get_partition(consumer_, reader->topic.c_str(), reader->partition);
    if (reader->queue == nullptr) {
      s = absl::InternalError(StrCat("no fetch queue for ", reader->topic, "/", reader->partition));
    } else {
      // The partition's records stay on its own queue instead of the consumer's.
      rd_kafka_queue_forward(reader->queue, nullptr);
      // WaitForAny waits on all partitions at once: tell it when records arrive.
      rd_kafka_queue_cb_event_enable(reader->queue, &KafkaLog::OnFetched, this);
      s = FromError(rd_kafka_incremental_assign(consumer_, list),
                    StrCat("assigning ", reader->topic, "/", reader->partition));
      reader->assigned = s.ok();
    }
  } else {
    s = FromError(rd_kafka_seek_partitions(consumer_, list,
                                           static_cast<int>(options_.request_timeout.count())),
                  StrCat("seeking ", reader->topic, "/", reader->partition, " to ", offset));
    if (s.ok() && list->elems[0].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      s = FromKafka(list->elems[0].err,
                    StrCat("seeking ", reader->topic, "/", reader->partition, " to ", offset));
    }
  }
  rd_kafka_topic_partition_list_destroy(list);
  if (s.ok()) reader->position = offset;
  return s;
}

absl::Status KafkaLog::ResetCursor(PartitionReader* reader, int64_t from) {
  reader->ready.clear();
  reader->cache.clear();
  reader->cache_bytes = 0;
  reader->cache_from = from;
  reader->cache_to = from;
  reader->cursor_valid = false;
  if (!reader->assigned || reader->position != from) {
    if (absl::Status s = Seek(reader, from); !s.ok()) return s;
  }
  reader->scanner = std::make_unique<internal::BatchScanner>(
      from, &reader->decisions, &reader->ready, options_.max_pending_bytes);
  reader->resume_from = from;
  reader->cursor_valid = true;
  return absl::OkStatus();
}

absl::StatusOr<rd_kafka_message_t*> KafkaLog::Pull(PartitionReader* reader,
                                                   std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    while (!reader->buffered.empty()) {
      rd_kafka_message_t* m = reader->buffered.front();
      reader->buffered.pop_front();
      if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        absl::Status s = FromKafka(m->err, StrCat("fetching ", reader->topic, "/",
                                                  reader->partition, " at ", reader->position));
        rd_kafka_message_destroy(m);
        if (absl::IsDataLoss(s)) return s;
        continue;  // transient fetch errors: librdkafka retries
      }
      if (m->offset < reader->position) {  // from before a seek
        rd_kafka_message_destroy(m);
        continue;
      }
      reader->position = m->offset + 1;
      return m;
    }
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return nullptr;
    // What is there at once; else wait for one record (a batch call would wait for all
    // 256 or the whole timeout), then take what came with it.
    rd_kafka_message_t* batch[256];
    ssize_t n = rd_kafka_consume_batch_queue(reader->queue, 0, batch, 256);
    if (n <= 0) {
      rd_kafka_message_t* one =
          rd_kafka_consume_queue(reader->queue, std::min(Millis(deadline - now), 100));
      if (one == nullptr) continue;
      reader->buffered.push_back(one);
      n = rd_kafka_consume_batch_queue(reader->queue, 0, batch, 256);
    }
    for (ssize_t i = 0; i < n; ++i) reader->buffered.push_back(batch[i]);
  }
}

absl::StatusOr<std::pair<bool, int64_t>> KafkaLog::ScanRange(PartitionReader* reader, int64_t first,
                                                             int64_t until,
                                                             std::string_view batch_id) {
  // Scans [first, until) aside, then puts the cursor back where it was.
  const bool restore = reader->cursor_valid;
  const int64_t resume_at = reader->scanner ? reader->scanner->next() : reader->position;
  using Result = absl::StatusOr<std::pair<bool, int64_t>>;
  auto finish = [&](Result result) -> Result {
    if (restore) {
      if (absl::Status s = Seek(reader, resume_at); !s.ok()) {
        reader->cursor_valid = false;
        reader->scanner.reset();
        if (result.ok()) return s;
      }
    } else {
      reader->scanner.reset();
    }
    return result;
  };
  absl::StatusOr<std::pair<int64_t, int64_t>> marks = Watermarks(reader->topic, reader->partition);
  if (!marks.ok()) return marks.status();
  // Records lost to retention cannot be asked; judge by what remains.
  if (absl::Status s = Seek(reader, std::max(first, marks->first)); !s.ok()) return finish(s);
  auto deadline = std::chrono::steady_clock::now() + options_.request_timeout;
  bool other_commit_point = false;
  int64_t batch_records = 0;
  while (reader->position < until) {
    absl::StatusOr<rd_kafka_message_t*> m = Pull(reader, deadline);
    if (!m.ok()) return finish(m.status());
    if (*m == nullptr) {
      return finish(absl::DeadlineExceededError(
          StrCat("reading ", reader->topic, "/", reader->partition, " back to ", until)));
    }
    absl::StatusOr<RawRecord> raw = ToRaw(*m);
    int64_t offset = (*m)->offset;
    rd_kafka_message_destroy(*m);
    if (!raw.ok()) return finish(raw.status());
    if (offset >= until) break;
    if (raw->kind == RawRecord::Kind::kPlain ||
        (raw->kind == RawRecord::Kind::kCommit && raw->batch != batch_id)) {
      other_commit_point = true;
    }
    if (raw->kind == RawRecord::Kind::kData && raw->batch == batch_id) ++batch_records;
  }
  return finish(std::make_pair(other_commit_point, batch_records));
}

absl::StatusOr<std::pair<int64_t, int64_t>> KafkaLog::Watermarks(const std::string& topic,
                                                                 int partition) {
  int64_t low = 0;
  int64_t high = 0;
  // Asked through the producer: the consumer's connections are busy with long-poll fetches.
  rd_kafka_resp_err_t err =
      rd_kafka_query_watermark_offsets(producer_, topic.c_str(), partition, &low, &high,
                                       static_cast<int>(options_.request_timeout.count()));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return FromKafka(err, StrCat("offsets of ", topic, "/", partition));
  }
  return std::make_pair(low, high);
}

absl::StatusOr<std::vector<Record>> KafkaLog::Read(std::string_view topic, int partition,
                                                   int64_t from, size_t max_records) {
  absl::StatusOr<PartitionReader*> found = Reader(topic, partition);
  if (!found.ok()) return found.status();
  PartitionReader* reader = *found;
  std::vector<Record> out;
  if (from < 0) from = 0;
  if (max_records == 0) return out;
  std::lock_guard<std::mutex> guard(reader->mutex);
  absl::StatusOr<std::pair<int64_t, int64_t>> marks = Watermarks(reader->topic, partition);
  if (!marks.ok()) return marks.status();
  auto [low, high] = *marks;
  if (from < low) {
    return absl::DataLossError(StrCat(topic, "/", partition, ": records before offset ", low,
                                      " are gone (retention); cannot read from ", from));
  }
  if (reader->cursor_valid && from >= reader->cache_from && from < reader->cache_to) {
    // Served from the cache; past its end the cursor goes on where the cache ends.
    auto it = std::lower_bound(reader->cache.begin(), reader->cache.end(), from,
                               [](const Record& r, int64_t o) { return r.offset < o; });
    for (; it != reader->cache.end() && out.size() < max_records; ++it) out.push_back(*it);
    if (!out.empty()) return out;
    from = reader->cache_to;
  }
  if (!reader->cursor_valid || from != reader->resume_from) {
    if (from >= high) return out;
    if (absl::Status s = ResetCursor(reader, from); !s.ok()) return s;
  }
  auto deadline = std::chrono::steady_clock::now() + options_.request_timeout;
  auto range = [&](int64_t first, int64_t until,
                   const std::string& batch) -> absl::StatusOr<internal::BatchScanner::RangeFacts> {
    auto facts = ScanRange(reader, first, until, batch);
    if (!facts.ok()) return facts.status();
    return internal::BatchScanner::RangeFacts{facts->first, facts->second};
  };
  while (reader->ready.size() < max_records && reader->scanner->next() < high) {
    absl::StatusOr<rd_kafka_message_t*> m = Pull(reader, deadline);
    if (!m.ok() || *m == nullptr) {
      if (!reader->ready.empty()) break;
      reader->cursor_valid = false;
      if (!m.ok()) return m.status();
      return absl::DeadlineExceededError(StrCat("fetching ", topic, "/", partition, " from ",
                                                reader->scanner->next(), " timed out"));
    }
    absl::StatusOr<RawRecord> raw = ToRaw(*m);
    rd_kafka_message_destroy(*m);
    if (!raw.ok()) {
      reader->cursor_valid = false;
      return raw.status();
    }
    if (raw->kind == RawRecord::Kind::kCommit) {
      int64_t previous = reader->last_marker.load();
      while (previous < raw->offset &&
             !reader->last_marker.compare_exchange_weak(previous, raw->offset)) {
      }
    }
    if (absl::Status s = reader->scanner->Feed(*std::move(raw), range); !s.ok()) {
      reader->cursor_valid = false;
      return s;
    }
    if (std::optional<int64_t> again = reader->scanner->rescan_from()) {
      // A committed batch larger than what was held: read its records again, now decided.
      if (absl::Status s = Seek(reader, *again); !s.ok()) {
        reader->cursor_valid = false;
        return s;
      }
      reader->scanner = std::make_unique<internal::BatchScanner>(
          *again, &reader->decisions, &reader->ready, options_.max_pending_bytes);
    }
    if (!reader->cursor_valid) {  // a read-back failed to restore the position
      return absl::UnavailableError(StrCat("lost position in ", topic, "/", partition));
    }
  }
  size_t n = std::min(max_records, reader->ready.size());
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(std::move(reader->ready.front()));
    reader->ready.pop_front();
  }
  reader->resume_from = out.empty() ? from : out.back().offset + 1;
  for (const Record& r : out) {
    reader->cache.push_back(r);
    reader->cache_bytes += r.key.size() + r.value.size() + sizeof(Record);
  }
  reader->cache_to = reader->resume_from;
  while (reader->cache_bytes > options_.read_cache_bytes && !reader->cache.empty()) {
    const Record& oldest = reader->cache.front();
    reader->cache_bytes -= oldest.key.size() + oldest.value.size() + sizeof(Record);
    reader->cache_from = oldest.offset + 1;
    reader->cache.pop_front();
  }
  return out;
}

int64_t KafkaLog::SeeksForTesting(std::string_view topic, int partition) {
  absl::StatusOr<PartitionReader*> found = Reader(topic, partition);
  if (!found.ok()) return -1;
  std::lock_guard<std::mutex> guard((*found)->mutex);
  return (*found)->seeks;
}

absl::StatusOr<int64_t> KafkaLog::EndOffset(std::string_view topic, int partition) {
  absl::StatusOr<PartitionReader*> found = Reader(topic, partition);
  if (!found.ok()) return found.status();
  absl::StatusOr<std::pair<int64_t, int64_t>> marks = Watermarks((*found)->topic, partition);
  if (!marks.ok()) return marks.status();
  int64_t high = marks->second;
  if (high > 0 && (*found)->last_marker.load() == high - 1) return high - 1;
  return high;
}

bool KafkaLog::WaitForData(std::string_view topic, int partition, int64_t from,
                           std::chrono::milliseconds timeout) {
  absl::StatusOr<PartitionReader*> found = Reader(topic, partition);
  if (!found.ok()) {
    std::this_thread::sleep_for(std::min(timeout, std::chrono::milliseconds(100)));
    return false;
  }
  PartitionReader* reader = *found;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  // In slices, so that a Read of this partition does not wait behind us for long.
  for (;;) {
    {
      std::lock_guard<std::mutex> guard(reader->mutex);
      if (reader->cursor_valid && from >= reader->cache_from && from < reader->cache_to) {
        return true;  // behind the cursor: the cache has it
      }
      if (!reader->cursor_valid || from != reader->resume_from) {
        absl::StatusOr<std::pair<int64_t, int64_t>> marks = Watermarks(reader->topic, partition);
        if (!marks.ok()) return false;
        if (from < marks->second) return true;
        if (!ResetCursor(reader, from).ok()) return false;
      }
      if (!reader->ready.empty() || !reader->buffered.empty()) return true;
      auto slice =
          std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
      absl::StatusOr<rd_kafka_message_t*> m = Pull(reader, slice);
      if (!m.ok()) return true;  // let Read report it
      if (*m != nullptr) {
        reader->buffered.push_front(*m);
        reader->position = (*m)->offset;
        return true;
      }
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
  }
}

void KafkaLog::OnFetched(rd_kafka_t*, void* opaque) {
  auto* log = static_cast<KafkaLog*>(opaque);
  {
    std::lock_guard<std::mutex> guard(log->fetched_mutex_);
    ++log->fetches_;
  }
  log->fetched_.notify_all();
}

bool KafkaLog::MayHaveData(PartitionReader* reader, int64_t from) {
  if (reader->cursor_valid && from >= reader->cache_from && from < reader->cache_to) return true;
  if (!reader->cursor_valid || from != reader->resume_from) {
    absl::StatusOr<std::pair<int64_t, int64_t>> marks =
        Watermarks(reader->topic, reader->partition);
    if (!marks.ok()) return false;  // brokers away: asked again at the next check
    if (from < marks->second) return true;
    // Another reader of this process holds the cursor elsewhere: judge by the watermark
    // rather than move it under that reader.
    if (reader->cursor_valid) return false;
    // Nobody reads this partition yet: position the cursor, so that its records are
    // fetched (and OnFetched called) as they come.
    if (!ResetCursor(reader, from).ok()) return false;
  }
  if (!reader->ready.empty()) return true;
  // Take what was fetched, so that the queue turns empty again and the next arrival
  // calls OnFetched; Pull drops what a reader must not see (fetch errors, stale records).
  rd_kafka_message_t* batch[256];
  ssize_t n = rd_kafka_consume_batch_queue(reader->queue, 0, batch, 256);
  for (ssize_t i = 0; i < n; ++i) reader->buffered.push_back(batch[i]);
  absl::StatusOr<rd_kafka_message_t*> m = Pull(reader, std::chrono::steady_clock::now());
  if (!m.ok()) return true;  // let Read report it
  if (*m == nullptr) return false;
  reader->buffered.push_front(*m);
  reader->position = (*m)->offset;
  return true;
}

bool KafkaLog::WaitForAny(const std::vector<ReadPosition>& positions,
                          std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  uint64_t wakes_seen = 0;
  {
    std::lock_guard<std::mutex> guard(fetched_mutex_);
    wakes_seen = wakes_;
  }
  for (;;) {
    uint64_t seen = 0;
    {
      std::lock_guard<std::mutex> guard(fetched_mutex_);
      if (wakes_ != wakes_seen) return false;
      seen = fetches_;
    }
    for (const ReadPosition& p : positions) {
      absl::StatusOr<PartitionReader*> reader = Reader(p.topic, p.partition);
      if (!reader.ok()) continue;
      std::lock_guard<std::mutex> guard((*reader)->mutex);
      if (MayHaveData(*reader, p.from)) return true;
    }
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline || stop_) return false;
    std::unique_lock<std::mutex> lock(fetched_mutex_);
    fetched_.wait_until(lock, std::min(deadline, now + std::chrono::milliseconds(100)),
                        [&] { return fetches_ != seen || wakes_ != wakes_seen || stop_; });
  }
}

void KafkaLog::WakeWaiters() {
  {
    std::lock_guard<std::mutex> guard(fetched_mutex_);
    ++wakes_;
  }
  fetched_.notify_all();
}

}  // namespace tertial::eventlog
