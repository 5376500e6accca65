// tertial-ledger: the ledger service deployed alone.
//   tertial-ledger --kafka BOOTSTRAP --data-dir DIR --listen ADDR

#include "service_main.h"
#include "tertial/ledger/component.h"

int main(int argc, char** argv) {
  return tertial::host::ServiceMain(argc, argv, "ledger", &tertial::ledger::MakeComponent);
}
