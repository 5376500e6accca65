#include "tertial/eventlog/embedded_log.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <cstdlib>
#include <filesystem>
#include <utility>

#include "absl/strings/numbers.h"
#include "tertial/base/strings.h"
#include "tertial/eventlog/key_coding.h"

namespace tertial::eventlog {
namespace {

absl::Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return absl::OkStatus();
  return absl::InternalError(tertial::StrCat(what, ": ", s.ToString()));
}

std::string TopicKey(std::string_view topic) {
  std::string key("p");
  key.push_back('\0');
  key.append(topic);
  return key;
}

std::string PartitionPrefix(char tag, std::string_view topic, int partition) {
  std::string key(1, tag);
  key.push_back('\0');
  key.append(topic);
  key.push_back('\0');
  PutBigEndian32(&key, static_cast<uint32_t>(partition));
  return key;
}

std::string EndKey(std::string_view topic, int partition) {
  return PartitionPrefix('e', topic, partition);
}

std::string RecordKey(std::string_view topic, int partition, int64_t offset) {
  std::string key = PartitionPrefix('r', topic, partition);
  PutBigEndian64(&key, static_cast<uint64_t>(offset));
  return key;
}

// The commit point of a batch: its last record's offset, written with the batch's end.
std::string CommitKey(std::string_view topic, int partition, int64_t last_offset) {
  std::string key = PartitionPrefix('c', topic, partition);
  PutBigEndian64(&key, static_cast<uint64_t>(last_offset));
  return key;
}

std::string EncodeEnd(int64_t end) {
  std::string value;
  PutBigEndian64(&value, static_cast<uint64_t>(end));
  return value;
}

}  // namespace

// Streams records beyond the committed end; the final WriteBatch moves the end.
class EmbeddedLog::Writer final : public BatchWriter {
 public:
  Writer(EmbeddedLog* log, std::string topic, int partition, PartitionState* state, std::string key)
      : BatchWriter(topic),
        log_(log),
        topic_(std::move(topic)),
        partition_(partition),
        state_(state),
        lock_(state->writer_mutex),
        key_(std::move(key)) {
    std::lock_guard<std::mutex> guard(log_->mutex_);
    first_ = state_->end;
    next_ = first_;
  }

  int64_t size() const override { return next_ - first_; }

 protected:
  absl::Status AddChecked(const Envelope& envelope) override {
    std::string value;
    PutVarint(&value, key_.size());
    value.append(key_);
    if (!envelope.AppendToString(&value)) {
      return absl::InvalidArgumentError("envelope could not be serialized");
    }
    pending_bytes_ += value.size();
    rocksdb::Status s = batch_.Put(RecordKey(topic_, partition_, next_), value);
    if (!s.ok()) return FromRocks(s, "batch put");
    ++next_;
    if (pending_bytes_ >= log_->options_.chunk_bytes) {
      // Out of memory into the log, still beyond the committed end and so invisible.
      rocksdb::WriteOptions write_options;
      if (absl::Status w = FromRocks(log_->db_->Write(write_options, &batch_), "log write");
          !w.ok()) {
        return w;
      }
      batch_.Clear();
      pending_bytes_ = 0;
    }
    return absl::OkStatus();
  }

  absl::StatusOr<AppendResult> CommitBatch() override {
    AppendResult result{partition_, first_, next_};
    if (next_ == first_) return result;
    rocksdb::Status s = batch_.Put(EndKey(topic_, partition_), EncodeEnd(next_));
    if (s.ok()) s = batch_.Put(CommitKey(topic_, partition_, next_ - 1), "");
    if (!s.ok()) return FromRocks(s, "batch put");
    rocksdb::WriteOptions write_options;
    write_options.sync = log_->options_.sync_commits;
    if (absl::Status w = FromRocks(log_->db_->Write(write_options, &batch_), "log commit");
        !w.ok()) {
      return w;
    }
    batch_.Clear();
    {
      std::lock_guard<std::mutex> guard(log_->mutex_);
      state_->end = next_;
    }
    log_->committed_.notify_all();
    first_ = next_;
    return result;
  }

 private:
  EmbeddedLog* log_;
  std::string topic_;
  int partition_;
  PartitionState* state_;
  std::unique_lock<std::mutex> lock_;
  std::string key_;
  rocksdb::WriteBatch batch_;
  size_t pending_bytes_ = 0;
  int64_t first_ = 0;
  int64_t next_ = 0;
};

EmbeddedLog::EmbeddedLog(std::unique_ptr<rocksdb::DB> db, EmbeddedLogOptions options,
                         std::string secondary_dir)
    : db_(std::move(db)), options_(options), secondary_dir_(std::move(secondary_dir)) {}

EmbeddedLog::~EmbeddedLog() {
  db_.reset();
  if (!secondary_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(secondary_dir_, ignored);
  }
}

absl::StatusOr<std::unique_ptr<EmbeddedLog>> EmbeddedLog::Open(const std::string& path,
                                                               EmbeddedLogOptions options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = !options.read_only;
  db_options.IncreaseParallelism(2);
  db_options.compression = rocksdb::kNoCompression;
  (options.memory ? options.memory : storage::ProcessBudget())->Apply(&db_options);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  std::string secondary_dir;
  if (options.read_only) {
    if (!std::filesystem::exists(path + "/CURRENT")) {
      return absl::NotFoundError(tertial::StrCat("no event log at ", path));
    }
    std::string pattern = (std::filesystem::temp_directory_path() / "tertial-log-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return absl::UnavailableError(tertial::StrCat("cannot make a directory like ", pattern));
    }
    secondary_dir = pattern;
    db_options.max_open_files = -1;  // a secondary instance keeps every file it reads open
    s = rocksdb::DB::OpenAsSecondary(db_options, path, secondary_dir, &raw);
    if (s.ok()) s = raw->TryCatchUpWithPrimary();
  } else {
    s = rocksdb::DB::Open(db_options, path, &raw);
  }
  std::unique_ptr<EmbeddedLog> log(
      new EmbeddedLog(std::unique_ptr<rocksdb::DB>(raw), options, std::move(secondary_dir)));
  if (!s.ok()) {
    return absl::UnavailableError(
        tertial::StrCat("cannot open event log at ", path, ": ", s.ToString()));
  }
  log->registration_ = std::make_unique<storage::Registration>(path, raw);
  if (absl::Status loaded = log->LoadTopics(); !loaded.ok()) return loaded;
  return log;
}

absl::Status EmbeddedLog::LoadTopics() {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  std::string prefix = TopicKey("");
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string topic = it->key().ToString().substr(prefix.size());
    int partitions = 0;
    if (!absl::SimpleAtoi(it->value().ToString(), &partitions) || partitions < 1) {
      return absl::DataLossError(tertial::StrCat("event log: bad partition count for ", topic));
    }
    TopicState& state = topics_[topic];
    for (int p = 0; p < partitions; ++p) {
      auto partition = std::make_unique<PartitionState>();
      std::string end;
      rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), EndKey(topic, p), &end);
      if (s.ok()) {
        partition->end = static_cast<int64_t>(GetBigEndian64(end.data()));
      } else if (!s.IsNotFound()) {
        return FromRocks(s, "event log: read end offset");
      }
      state.partitions.push_back(std::move(partition));
      if (options_.read_only) continue;  // reads stop at the end anyway
      // Drop what an interrupted batch left beyond the committed end.
      std::string from = RecordKey(topic, p, state.partitions.back()->end);
      std::string to = RecordKey(topic, p, INT64_MAX);
      if (absl::Status d = FromRocks(
              db_->DeleteRange(rocksdb::WriteOptions(), db_->DefaultColumnFamily(), from, to),
              "event log: drop uncommitted records");
          !d.ok()) {
        return d;
      }
    }
  }
  return absl::OkStatus();
}

absl::Status EmbeddedLog::CreateTopic(std::string_view topic, int partitions) {
  if (topic.empty() || topic.find('\0') != std::string_view::npos) {
    return absl::InvalidArgumentError("topic names are non-empty and have no NUL");
  }
  if (partitions < 1 || partitions > 1024) {
    return absl::InvalidArgumentError("a topic has 1 to 1024 partitions");
  }
  if (options_.read_only) {
    return absl::FailedPreconditionError(
        tertial::StrCat("cannot create topic ", topic, ": the event log is open read-only"));
  }
  std::lock_guard<std::mutex> guard(mutex_);
  auto it = topics_.find(topic);
  if (it != topics_.end()) {
    if (static_cast<int>(it->second.partitions.size()) != partitions) {
      return absl::FailedPreconditionError(tertial::StrCat(
          "topic ", topic, " has ", it->second.partitions.size(), " partitions, not ", partitions));
    }
    return absl::OkStatus();
  }
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync_commits;
  if (absl::Status s = FromRocks(
          db_->Put(write_options, TopicKey(topic), std::to_string(partitions)), "create topic");
      !s.ok()) {
    return s;
  }
  TopicState& state = topics_[std::string(topic)];
  for (int p = 0; p < partitions; ++p) {
    state.partitions.push_back(std::make_unique<PartitionState>());
  }
  return absl::OkStatus();
}

bool EmbeddedLog::HasTopic(std::string_view topic) {
  std::lock_guard<std::mutex> guard(mutex_);
  return topics_.find(topic) != topics_.end();
}

absl::StatusOr<EmbeddedLog::TopicState*> EmbeddedLog::Topic(std::string_view topic, bool create) {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    auto it = topics_.find(topic);
    if (it != topics_.end()) return &it->second;
  }
  if (!create || options_.read_only) {
    return absl::NotFoundError(tertial::StrCat("no topic ", topic));
  }
  if (absl::Status s = CreateTopic(topic, options_.default_partitions); !s.ok()) return s;
  std::lock_guard<std::mutex> guard(mutex_);
  return &topics_.find(topic)->second;
}

absl::StatusOr<EmbeddedLog::PartitionState*> EmbeddedLog::Partition(std::string_view topic,
                                                                    int partition) {
  absl::StatusOr<TopicState*> state = Topic(topic, /*create=*/true);
  if (!state.ok()) return state.status();
  if (partition < 0 || partition >= static_cast<int>((*state)->partitions.size())) {
    return absl::OutOfRangeError(tertial::StrCat("topic ", topic, " has no partition ", partition));
  }
  return (*state)->partitions[partition].get();
}

absl::StatusOr<int> EmbeddedLog::Partitions(std::string_view topic) {
  absl::StatusOr<TopicState*> state = Topic(topic, /*create=*/true);
  if (!state.ok()) return state.status();
  return static_cast<int>((*state)->partitions.size());
}

absl::StatusOr<std::unique_ptr<BatchWriter>> EmbeddedLog::BeginBatch(std::string_view topic,
                                                                     std::string_view key) {
  if (options_.read_only) {
    return absl::FailedPreconditionError("the event log is open read-only");
  }
  absl::StatusOr<int> partition = PartitionFor(topic, key);
  if (!partition.ok()) return partition.status();
  absl::StatusOr<PartitionState*> state = Partition(topic, *partition);
  if (!state.ok()) return state.status();
  return std::make_unique<Writer>(this, std::string(topic), *partition, *state, std::string(key));
}

absl::StatusOr<std::vector<Record>> EmbeddedLog::Read(std::string_view topic, int partition,
                                                      int64_t from, size_t max_records) {
  absl::StatusOr<PartitionState*> state = Partition(topic, partition);
  if (!state.ok()) return state.status();
  int64_t end;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    end = (*state)->end;
  }
  std::vector<Record> records;
  if (from < 0) from = 0;
  if (from >= end || max_records == 0) return records;
  records.reserve(std::min<int64_t>(end - from, static_cast<int64_t>(max_records)));
  std::string upper = RecordKey(topic, partition, end);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper_slice;
  read_options.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options));
  std::string start = RecordKey(topic, partition, from);
  const size_t prefix_size = start.size() - 8;
  // Commit points at or past `from`, walked beside the records: each record's is the
  // first at or past its offset.
  std::string commit_upper = CommitKey(topic, partition, end);
  rocksdb::Slice commit_upper_slice(commit_upper);
  rocksdb::ReadOptions commit_options;
  commit_options.iterate_upper_bound = &commit_upper_slice;
  std::unique_ptr<rocksdb::Iterator> commits(db_->NewIterator(commit_options));
  commits->Seek(CommitKey(topic, partition, from));
  int64_t expected = from;
  for (it->Seek(start); it->Valid() && records.size() < max_records; it->Next()) {
    rocksdb::Slice k = it->key();
    int64_t offset = static_cast<int64_t>(GetBigEndian64(k.data() + prefix_size));
    if (offset != expected) {
      return absl::DataLossError(tertial::StrCat("event log ", topic, "/", partition, ": record ",
                                                 expected, " is missing"));
    }
    rocksdb::Slice v = it->value();
    std::string_view value(v.data(), v.size());
    uint64_t key_size = 0;
    if (!GetVarint(&value, &key_size) || key_size > value.size()) {
      return absl::DataLossError(
          tertial::StrCat("event log ", topic, "/", partition, ": record ", offset, " is corrupt"));
    }
    Record& record = records.emplace_back();
    record.offset = offset;
    record.key.assign(value.substr(0, key_size));
    record.value.assign(value.substr(key_size));
    while (commits->Valid()) {
      int64_t commit = static_cast<int64_t>(GetBigEndian64(commits->key().data() + prefix_size));
      if (commit >= offset) {
        record.commit_offset = commit;
        break;
      }
      commits->Next();
    }
    ++expected;
  }
  if (!it->status().ok()) return FromRocks(it->status(), "event log read");
  if (!commits->status().ok()) return FromRocks(commits->status(), "event log read");
  return records;
}

absl::StatusOr<int64_t> EmbeddedLog::EndOffset(std::string_view topic, int partition) {
  absl::StatusOr<PartitionState*> state = Partition(topic, partition);
  if (!state.ok()) return state.status();
  std::lock_guard<std::mutex> guard(mutex_);
  return (*state)->end;
}

bool EmbeddedLog::WaitForData(std::string_view topic, int partition, int64_t from,
                              std::chrono::milliseconds timeout) {
  absl::StatusOr<PartitionState*> state = Partition(topic, partition);
  if (!state.ok()) return false;
  std::unique_lock<std::mutex> lock(mutex_);
  return committed_.wait_for(lock, timeout, [&] { return (*state)->end > from; });
}

bool EmbeddedLog::WaitForAny(const std::vector<ReadPosition>& positions,
                             std::chrono::milliseconds timeout) {
  std::vector<std::pair<PartitionState*, int64_t>> states;
  for (const ReadPosition& p : positions) {
    absl::StatusOr<PartitionState*> state = Partition(p.topic, p.partition);
    if (state.ok()) states.emplace_back(*state, p.from);
  }
  // Every commit notifies committed_, whatever its partition.
  std::unique_lock<std::mutex> lock(mutex_);
  return committed_.wait_for(lock, timeout, [&] {
    for (const auto& [state, from] : states) {
      if (state->end > from) return true;
    }
    return false;
  });
}

}  // namespace tertial::eventlog
