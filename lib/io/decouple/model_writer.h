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

// "model" for "dir/model.yaml"; the path minus a .yaml/.yml/.dcm extension.
std::string model_stem(const std::string& path);

}  // namespace decouple

#endif  // DECOUPLE_MODEL_WRITER_H_
