#ifndef TERTIAL_CSV_WRITER_H_
#define TERTIAL_CSV_WRITER_H_

// Writing tertial's CSV dialect (docs/formats.md), so that what tertial writes its own
// readers (tertial/csv/reader.h) and spreadsheets read back unchanged.

#include <string>
#include <string_view>
#include <vector>

namespace tertial::csv {

// `value` as one field: quoted (quotes doubled) when it holds the delimiter, a quote, a line
// break, or blanks at either end (which a reader would otherwise be free to trim).
std::string Field(std::string_view value, char delimiter = ',');

// The fields joined by `delimiter` and ended by "\n".
std::string Row(const std::vector<std::string>& fields, char delimiter = ',');

}  // namespace tertial::csv

#endif  // TERTIAL_CSV_WRITER_H_
