// Importing the ETO Advanced Semiconductor Supply Chain Dataset ("Chip
// Explorer", Emerging Technology Observatory, Georgetown CSET) as a model.
//
// The dataset (CSV files: inputs, providers, provision, sequence) lists the
// inputs of advanced logic chip production, the firms and countries that
// provide them with their share of the world market by year, and how the
// inputs feed each other. import_eto() turns it into YAML text of model
// format version 1 (docs/model-format.md, docs/eto-import.md):
//
//   - every organisation provider becomes a firm (ISO-3 home country mapped
//     to ISO-2); its supply of an input becomes an item `<firm>.<input>`;
//   - every input becomes one item made by a pseudo-firm with no country
//     (`market` for design, tool and material inputs, `production` for
//     process steps and the final output) whose need `supply` lists the
//     providers' items with their market share as the option's `share`;
//   - sequence.csv's `goes_into` rows become needs (A goes into B: B needs
//     A); `is_type_of` rows join a broad input to its sub-types: as extra
//     options of its `supply` need (TypeOf::kOr, the default: a sub-type is
//     a kind of the broad input) or as one need per sub-type (kAnd);
//   - country rows are totals: the part of a country's share that no listed
//     organisation of that country covers becomes the item of an unnamed
//     provider `other-<cc>` of that country;
//   - for each (provider, input) pair the latest year wins, or the latest
//     year not after `year` when one is given.
//
// Ownership and failure: returns the YAML text and a warning for every row
// it skipped or found inconsistent (file:line:column), or Diagnostics when
// the files are missing, are not CSV, or lack a needed column. Output is
// byte-identical for the same input. Cost: linear in the dataset's size
// (plus sorting); the real dataset imports in milliseconds.
#ifndef DECOUPLE_ETO_IMPORT_H_
#define DECOUPLE_ETO_IMPORT_H_

#include <optional>
#include <string>

#include "decouple/csv_stream.h"
#include "decouple/diagnostic.h"

namespace decouple {

struct EtoImportOptions {
  // How a broad input relates to its sub-types (sequence.csv `is_type_of`).
  enum class TypeOf { kOr, kAnd };
  TypeOf type_of = TypeOf::kOr;
  // Use, per (provider, input) pair, the latest row of this year or
  // before; nullopt: the latest row.
  std::optional<int> year;
};

// The dataset's tables. stages.csv is not needed.
struct EtoTables {
  CsvTable inputs;
  CsvTable providers;
  CsvTable provision;
  CsvTable sequence;
};

struct EtoImport {
  std::string yaml;      // the model
  Diagnostics warnings;  // rows skipped or inconsistent, in file order
  // What went in, for a summary line.
  size_t inputs = 0;
  size_t firms = 0;             // organisations and unnamed country providers
  size_t provider_items = 0;    // (provider, input) items, unnamed ones included
  size_t unattributed = 0;      // of which unnamed country providers
  size_t rows_used = 0;         // provision rows that became options
};

// Reads DIR/inputs.csv, providers.csv, provision.csv and sequence.csv.
Result<EtoImport> import_eto(const std::string& dir, const EtoImportOptions& options);
Result<EtoImport> import_eto(const EtoTables& tables, const EtoImportOptions& options);

}  // namespace decouple

#endif  // DECOUPLE_ETO_IMPORT_H_
