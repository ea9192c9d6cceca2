// Writing a Model back out: as one YAML file, or as a YAML file whose bulk
// (firms, items, needs, options) lives in CSV tables next to it.
//
// Both forms load back (load_model) into the same Model: same ids, names,
// numbers (floats and doubles print in their shortest exact form), order
// of firms, items, needs and options, scenarios and sources. Only source
// positions (Location) differ, since they name the new file. Columns of the
// tables are documented in docs/model-format.md ("Tabular models").
//
// Cost: linear in the model; the text is built in memory, then written.
#ifndef DECOUPLE_MODEL_WRITER_H_
#define DECOUPLE_MODEL_WRITER_H_

#include <string>
#include <string_view>
#include <vector>

#include "decouple/model.h"

namespace decouple {

// File names a YAML header gives under `tables:`, relative to the YAML file.
struct TableNames {
  std::string firms = "firms.csv";
  std::string items = "items.csv";
  std::string needs = "needs.csv";
  std::string options = "options.csv";
};

// The model as YAML. With `tables`, firms and items are left out and a
// `tables:` map names the CSV files instead (write those with
// write_model_tables).
std::string write_model_yaml(const Model& model, const TableNames* tables = nullptr);

struct ModelTables {
  std::string firms, items, needs, options;
};
ModelTables write_model_tables(const Model& model);

// The tables row by row, for a writer that streams them without holding a
// Model (the streamed `decouple generate`): write_model_tables is made of
// these, so both write the same bytes. The header line says whether the
// optional time columns are there (write_model_tables adds them when any
// row has a value for them); each row ends in a newline. Ids of the
// records a row refers to come in resolved: the maker's id and country
// for an item, the needing item's id for a need, the needing item's id,
// the need's name and the supplier's id for an option.
std::string firms_table_header();
std::string items_table_header(bool dates);
std::string needs_table_header(bool stock);
std::string options_table_header(bool times);
void append_firm_row(std::string& out, const Firm& firm, const std::vector<SourceRef>& sources);
void append_item_row(std::string& out, const Item& item, std::string_view maker_id,
                     Country maker_country, const std::vector<SourceRef>& sources, bool dates);
void append_need_row(std::string& out, const Need& need, std::string_view item_id, bool stock);
void append_option_row(std::string& out, const Option& option, std::string_view item_id,
                       std::string_view need_name, std::string_view supplier_id,
                       const std::vector<SourceRef>& sources, bool times);

enum class ModelFileFormat { kYaml, kCsv, kBoth };

// Writes `path` and its companions, each atomically (output_file.h):
//   kYaml: `path` holds the whole model;
//   kCsv:  `path` is the YAML header with `tables:`, and the tables are
//          <stem>.firms.csv, <stem>.items.csv, <stem>.needs.csv and
//          <stem>.options.csv next to it (<stem>: `path` without .yaml/.yml);
//   kBoth: `path` holds the whole model, and <stem>.tables.yaml is the
//          header of the same model in CSV form.
// Returns the files written, or throws std::runtime_error naming the file
// that could not be written.
std::vector<std::string> save_model(const Model& model, const std::string& path,
                                    ModelFileFormat format);

// Where save_model(..., kCsv) puts the tables of a header at `path`: the
// names the header gives (relative to it) and the folder they go in
// (`path`'s folder with its trailing '/', or empty for the current one).
struct TablePaths {
  TableNames names;
  std::string dir;
};
TablePaths table_paths(const std::string& path);

// "model" for "dir/model.yaml"; the path minus a .yaml/.yml/.dcm extension.
std::string model_stem(const std::string& path);

}  // namespace decouple

#endif  // DECOUPLE_MODEL_WRITER_H_
