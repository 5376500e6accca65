// tertial-ledger: the ledger service deployed alone.
//   tertial-ledger --kafka BOOTSTRAP --data-dir DIR --listen ADDR

#include "main.h"

#include "tertial/ledger/component.h"

int main(int argc, char** argv) {
  return tertial::host::Main(
      argc, argv, tertial::host::ServiceBinary("ledger", &tertial::ledger::MakeComponent));
}
