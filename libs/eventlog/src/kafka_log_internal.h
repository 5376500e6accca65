#ifndef TERTIAL_EVENTLOG_KAFKA_LOG_INTERNAL_H_
#define TERTIAL_EVENTLOG_KAFKA_LOG_INTERNAL_H_

// State KafkaLog shares between its writer (kafka_log.cc) and reader (kafka_log_reader.cc).

#include <librdkafka/rdkafka.h>

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "batch_scanner.h"
#include "tertial/eventlog/kafka_log.h"

namespace tertial::eventlog {

// Everything about one partition's reading; `mutex` serialises readers of the partition.
struct KafkaLog::PartitionReader {
  std::mutex mutex;
  std::string topic;
  int partition = 0;
  rd_kafka_queue_t* queue = nullptr;  // the partition's own fetch queue
  bool assigned = false;
  int64_t position = 0;                      // the next offset the queue yields
  std::deque<rd_kafka_message_t*> buffered;  // fetched, not yet taken
  // The cursor: a scan that a Read(from == resume_from) continues.
  bool cursor_valid = false;
  int64_t resume_from = 0;
  std::deque<Record> ready;
  std::unique_ptr<internal::BatchScanner> scanner;
  internal::BatchDecisions decisions;
  // Committed records returned lately: all of them with offsets in [cache_from,
  // cache_to), so that readers a little behind (several projections following one topic)
  // are served without moving the consumer. cache_to == resume_from of the cursor.
  std::deque<Record> cache;
  int64_t cache_from = 0;
  int64_t cache_to = 0;
  size_t cache_bytes = 0;
  int64_t seeks = 0;
  // Offset of the last marker seen here (written or read); for EndOffset.
  std::atomic<int64_t> last_marker{-1};

  ~PartitionReader();
};

struct KafkaLog::Topic {
  std::string name;
  rd_kafka_topic_t* handle = nullptr;  // producer's
  int partitions = 0;
  std::vector<std::unique_ptr<std::mutex>> writer_locks;
  std::vector<std::unique_ptr<PartitionReader>> readers;
  ~Topic();
};

namespace internal {
absl::Status FromKafka(rd_kafka_resp_err_t err, std::string_view what);
// Routes a librdkafka client's log into the process's log (tertial/log/log.h), syslog
// levels mapped: 0-3 error, 4 warning, 5-6 info, 7 debug. Set on every client's conf.
void RouteLog(rd_kafka_conf_t* conf);
}  // namespace internal

}  // namespace tertial::eventlog

#endif  // TERTIAL_EVENTLOG_KAFKA_LOG_INTERNAL_H_
