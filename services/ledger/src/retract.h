#ifndef TERTIAL_LEDGER_RETRACT_H_
#define TERTIAL_LEDGER_RETRACT_H_

// The adapter side of retracting an import and reopening a month (LedgerCore::RetractImport
// and ReopenPeriod are defined in retract.cc; the decisions are domain/retraction.h's).

#include <string>
#include <string_view>

#include "tertial/period/period.h"
#include "tertial/projection/store.h"

namespace tertial::ledger {

// The seed of the event id of closing `p`: "close/<org>/<period>", and after a reopening of
// p's fiscal year the reopening's event id too, so that closing a reopened month again is a
// new event (consumers that key on event ids, as the forecast's triggers do, see it).
std::string ClosingEventSeed(const projection::Reader& reader, std::string_view organisation,
                             const period::Period& p);

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_RETRACT_H_
