#ifndef TERTIAL_LEDGER_IMPORT_FORMAT_H_
#define TERTIAL_LEDGER_IMPORT_FORMAT_H_

// Which import a file is for: SIE or one of the CSV files.

#include <string>

#include "tertial/ledger/v1/service.pb.h"

namespace tertial::ledger {

// The format of a file: from the metadata, else its name and first line.
// `*closest` is set when the header is no format's but closest to one (ClosestCsvFormat):
// that format's import then names the columns that are wrong.
v1::ImportFormat DetectFormat(const v1::ImportMetadata& metadata, const std::string& path,
                              std::string* closest = nullptr);

}  // namespace tertial::ledger

#endif  // TERTIAL_LEDGER_IMPORT_FORMAT_H_
