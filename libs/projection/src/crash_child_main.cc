// Applies the counting projection from an embedded log in small steps until caught up,
// writing one line to stdout after each step. runner_test starts this as a child process,
// counts the lines and kills it with SIGKILL at a random step, whatever the machine's
// speed. Usage: projection_crash_child LOG_DIR PROJECTION_DIR

#include <cstdio>

#include "counting_projection.h"
#include "tertial/eventlog/embedded_log.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s LOG_DIR PROJECTION_DIR\n", argv[0]);
    return 2;
  }
  auto log = tertial::eventlog::EmbeddedLog::Open(argv[1]);
  auto db = tertial::projection::ProjectionDb::Open(argv[2]);
  if (!log.ok() || !db.ok()) {
    std::fprintf(stderr, "open failed\n");
    return 1;
  }
  tertial::projection::testing::CountingProjection projection;
  tertial::projection::Runner runner(log->get(), db->get(), &projection, {.records_per_step = 7});
  for (;;) {
    absl::StatusOr<size_t> applied = runner.Step();
    if (!applied.ok()) {
      std::fprintf(stderr, "%s\n", applied.status().ToString().c_str());
      return 1;
    }
    if (*applied == 0) return 0;
    std::printf("%zu\n", *applied);
    std::fflush(stdout);
  }
}
