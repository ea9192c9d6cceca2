// Tabular models: firms, items, needs and options kept in CSV files that a
// model's YAML names under `tables:` (columns: docs/model-format.md,
// "Tabular models").
//
// load_tables() reads each file once, front to back (memory-mapped, pages
// released as they are passed), parses numbers with std::from_chars and
// interns every id once in a flat hash index; needs and options are then
// laid out flat, grouped by item and need, without copying the option
// array when the file is already in that order. The checks are those of
// the YAML loader (ids, references with did-you-mean, countries, kinds,
// ranges, dates, duplicate ids and needs, share sums, a need without
// options or with only alternatives, an option naming its own item),
// worded once in model_check.h, and every problem is reported as
// `file.csv:line:column: message`; the first 20 unknown references get
// a did-you-mean (a hint scans every id). Cost: linear in the bytes read;
// memory: the model plus 8 bytes a firm or item (the index).
#ifndef DECOUPLE_TABLE_LOADER_H_
#define DECOUPLE_TABLE_LOADER_H_

#include <memory>
#include <string>
#include <string_view>

#include "decouple/diagnostic.h"
#include "decouple/id_index.h"
#include "decouple/loader.h"
#include "decouple/model.h"

namespace decouple {

// One table file: its path (already resolved against the YAML file's
// directory; empty when not given) and where the YAML named it.
struct TableFile {
  std::string path;
  std::string named_in;  // the YAML file
  Location named_at;
};

struct TableFiles {
  TableFile firms, items, needs, options;
};

// Firm and item ids of a model loaded from tables, for resolving the
// references the YAML part makes (scenarios). Valid while the model's
// firm and item vectors are not changed.
class TableIds {
 public:
  explicit TableIds(const Model& model) : model_(&model) {}
  FirmIndex find_firm(std::string_view id) const {
    return firms_.find(id, [&](uint32_t f) -> std::string_view { return model_->firms[f].id; });
  }
  ItemIndex find_item(std::string_view id) const {
    return items_.find(id, [&](uint32_t i) -> std::string_view { return model_->items[i].id; });
  }
  // False when the table's rows could not be read at all (an error says
  // why): a reference to an id it lacks is then not reported, so one bad
  // header is one error, not one per reference.
  bool firms_complete() const { return firms_complete_; }
  bool items_complete() const { return items_complete_; }

 private:
  friend class TableLoader;
  const Model* model_;
  IdIndex firms_, items_;
  bool firms_complete_ = true, items_complete_ = true;
};

// Loads the tables into `model` (whose sources must already be loaded),
// replacing its firms, items, needs and options. Every problem is appended
// to `errors`; the model is only meaningful when none was added.
std::unique_ptr<TableIds> load_tables(const TableFiles& files, Model& model, Diagnostics& errors,
                                      const LoadLimits& limits = {});

// The model `decouple import csv SOURCE` reads: SOURCE is a folder holding
// firms.csv, items.csv and, when the model has them, needs.csv and
// options.csv (a model that is only tables, named after the folder; its
// messages name SOURCE/tables.yaml), or a YAML file whose `tables:` names
// the files.
bool is_table_folder(const std::string& source);
Result<Model> load_table_source(const std::string& source, const LoadLimits& limits = {});

}  // namespace decouple

#endif  // DECOUPLE_TABLE_LOADER_H_
