// decouple export MODEL --format FORMAT [--scenario ID] [--focus ID --depth N]:
// the model (and a scenario's effects) in another tool's format; with
// --format mef, the fault tree of --item/--vendor/--end-items (loss over
// firms cut off) as Open-PSA MEF XML, for fault-tree tools such as SCRAM.
//
// Every format is one entry of kFormats: a name, a help line and a function
// from the request to the text to write. Add a format by adding an entry.
#include <iostream>

#include <fmt/format.h>

#include "chokepoint_options.h"
#include "command.h"
#include "decouple/dot_export.h"
#include "decouple/evaluation.h"
#include "decouple/graphviz.h"
#include "decouple/model_writer.h"
#include "decouple/output_file.h"
#include "decouple/mef_export.h"
#include "decouple/ranking.h"

namespace decouple::app {
namespace {

// What every exporter gets: the model, and the evaluated scenario when the
// user named one (--scenario and/or --ban).
struct ExportRequest {
  const Model& model;
  const SupplyGraph& graph;
  const Evaluation* evaluation = nullptr;
  std::vector<ItemIndex> focus;  // empty: everything
  uint32_t depth = 2;
  bool changes = false;  // only what the scenario changed (--changes)
  // mef: the base state (--scenario), the acting jurisdiction, the targets
  // and the firms' cut-off probabilities (empty: none written).
  const ChokepointArgs::Resolved* fault_tree = nullptr;
  std::vector<double> probabilities;
};

// Returns the output, or sets `error` (one line) and returns nothing useful.
using Exporter = std::string (*)(const ExportRequest& request, std::string& error);

struct ExportFormat {
  std::string_view name;
  std::string_view help;
  Exporter run;
};

std::string dot_text(const ExportRequest& r) {
  if (r.changes) return to_dot(r.graph, picture_options(r.graph, r.evaluation, PictureView::kChanges));
  DotOptions options;
  options.evaluation = r.evaluation;
  options.focus = r.focus;
  options.depth = r.depth;
  return to_dot(r.graph, options);
}

std::string rendered(const ExportRequest& r, std::string_view format, std::string& error) {
  GraphvizResult picture = render_graphviz(dot_text(r), format);
  if (!picture.ok()) error = picture.error;
  return picture.output;
}

std::string mef_text(const ExportRequest& r, std::string& error) {
  const ChokepointArgs::Resolved& tree = *r.fault_tree;
  Chokepoints chokepoints(r.graph, tree.cuts, tree.by);
  MefOptions options;
  options.probabilities = r.probabilities;
  Result<MefExport> mef = export_mef(chokepoints, tree.targets, options);
  if (mef.ok()) return std::move(mef).value().xml;
  for (const Diagnostic& d : mef.errors()) error += (error.empty() ? "" : "\n") + d.message;
  return {};
}

const ExportFormat kFormats[] = {
    {"dot", "Graphviz DOT text",
     [](const ExportRequest& r, std::string&) { return dot_text(r); }},
    {"svg", "SVG picture, laid out by Graphviz dot",
     [](const ExportRequest& r, std::string& error) { return rendered(r, "svg", error); }},
    {"png", "PNG picture, laid out by Graphviz dot",
     [](const ExportRequest& r, std::string& error) { return rendered(r, "png", error); }},
    {"mef", "Open-PSA MEF XML fault tree of --item/--vendor/--end-items, for SCRAM", mef_text},
    // Several files, not one text: handled by export_tables() below.
    {"csv", "the model as a YAML header naming CSV tables; -o MODEL.yaml required", nullptr},
};

constexpr const char* kFaultTreeGroup = "Fault tree (--format mef)";

// --format csv: the model (not a scenario's effects) as a YAML header and
// CSV tables next to it (docs/model-format.md, "Tabular models"); the
// reverse of `decouple import csv`.
int export_tables(const Model& model, const std::string& model_path, const std::string& out,
                  bool scenario_given) {
  if (out.empty() || out == "-") {
    std::cerr << "error: --format csv writes several files: name the YAML header with -o MODEL.yaml\n";
    return 2;
  }
  if (scenario_given) {
    std::cerr << "error: --format csv writes the model itself; --scenario, --ban, --focus and "
                 "--changes do not apply\n";
    return 2;
  }
  if (same_file(model_path, out)) {
    std::cerr << fmt::format("error: refusing to overwrite the input model {}\n", out);
    return 2;
  }
  try {
    for (const std::string& file : save_model(model, out, ModelFileFormat::kCsv))
      std::cerr << "wrote " << file << '\n';
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}

// Picture size past which a whole-model drawing stops being readable.
constexpr size_t kLegibleItems = 400;

Registration export_command(
    "export",
    "Write the model (and a scenario's effects) as DOT, SVG or PNG, a fault tree as MEF, or the "
    "model as CSV tables",
    [](CLI::App& sub) {
      auto model = std::make_shared<ModelOptions>();
      auto output = std::make_shared<OutputOption>();
      auto format = std::make_shared<std::string>("dot");
      auto scenario = std::make_shared<std::string>();
      auto blacklist = std::make_shared<std::vector<std::string>>();
      auto focus = std::make_shared<std::vector<std::string>>();
      auto depth = std::make_shared<uint32_t>(2);
      auto changes = std::make_shared<bool>(false);
      auto tree = std::make_shared<ChokepointArgs>();
      auto probability = std::make_shared<double>(-1);
      auto when = std::make_shared<WhenOptions>();
      model->add_to(sub);
      output->add_to(sub);
      when->add_to(sub);
      std::vector<std::string> names;
      std::string help = "Output format:";
      for (const ExportFormat& f : kFormats) {
        names.emplace_back(f.name);
        help += fmt::format(" {} ({});", f.name, f.help);
      }
      sub.add_option("--format,-f", *format, help)->check(CLI::IsMember(names))->capture_default_str();
      sub.add_option("--scenario,-s", *scenario, "Show this scenario's effects");
      sub.add_option("--ban", *blacklist, "Also cut off these firms (ad hoc blacklist)");
      sub.add_option("--focus", *focus, "Keep only the neighbourhood of these items or firms");
      sub.add_option("--depth", *depth, "Supply steps kept around --focus")
          ->check(CLI::Range(0u, 1000u))
          ->capture_default_str();
      sub.add_flag("--changes", *changes,
                   "Draw only what the scenario changed and the suppliers that explain it "
                   "(models of more than 40 items)");
      tree->add_targets_to(sub, kFaultTreeGroup);
      tree->add_by_to(sub, kFaultTreeGroup);
      sub.add_option("--probability,-p", *probability,
                     "Cut-off probability of firms without their own `probability:` "
                     "(written as basic-event values)")
          ->check(CLI::Range(0.0, 1.0))
          ->group(kFaultTreeGroup);
      return [=]() -> int {
        bool mef = *format == "mef";
        bool tree_options = tree->target_kinds() > 0 || !tree->by.empty() || *probability >= 0;
        if (!mef && tree_options) {
          std::cerr << "error: --item, --vendor, --end-items, --all-items, --by and --probability are for --format mef\n";
          return 2;
        }
        if (mef && tree->target_kinds() != 1) {
          std::cerr << "error: --format mef needs exactly one of --item, --vendor, --end-items or --all-items\n";
          return 2;
        }
        if (mef && (!blacklist->empty() || !focus->empty() || *changes)) {
          std::cerr << "error: --ban, --focus and --changes are for pictures; a fault tree starts "
                       "from --scenario\n";
          return 2;
        }
        auto loaded = load(*model);
        if (!loaded) return 1;
        const Model& m = loaded->model;
        if (*format == "csv")
          return export_tables(m, model->path, output->path,
                               !scenario->empty() || !blacklist->empty() || !focus->empty() || *changes);
        if (mef) {
          tree->scenario = *scenario;
          int code = 0;
          auto resolved = tree->resolve(*loaded, code);
          if (!resolved) return code;
          ExportRequest request{m, *loaded->graph, nullptr, {}, 2, false, &*resolved, {}};
          bool any = *probability >= 0;
          for (const Firm& f : m.firms) any = any || f.probability >= 0;
          if (any) request.probabilities = cut_off_probabilities(m, *probability);
          std::string error;
          std::string xml = mef_text(request, error);
          if (!error.empty()) {
            std::cerr << "error: " << error << '\n';
            return 1;
          }
          return output->write(xml, model->path);
        }
        ExportRequest request{m, *loaded->graph, nullptr, {}, 2, *changes, nullptr, {}};
        request.depth = *depth;
        for (const std::string& id : *focus) {
          ItemIndex item = m.find_item(id);
          FirmIndex firm = m.find_firm(id);
          if (item != kNone) {
            request.focus.push_back(item);
          } else if (firm != kNone) {
            for (ItemIndex i : loaded->graph->items_of(firm)) request.focus.push_back(i);
          } else {
            find_item(m, id);  // prints the error with a did-you-mean
            return 1;
          }
        }
        if (*changes && (scenario->empty() && blacklist->empty())) {
          std::cerr << "error: --changes needs a --scenario or a --ban list\n";
          return 2;
        }
        if (*changes && !focus->empty()) {
          std::cerr << "error: --changes and --focus choose the items in two ways; give one\n";
          return 2;
        }
        std::unique_ptr<Evaluation> evaluation;
        if (!scenario->empty() || !blacklist->empty()) {
          evaluation = evaluate_named(*loaded, *scenario, *blacklist, when->when);
          if (!evaluation) return 1;
          request.evaluation = evaluation.get();
        }
        if (request.focus.empty() && !request.changes && m.items.size() > kLegibleItems)
          std::cerr << fmt::format("note: {} items in one picture will be hard to read; "
                                   "try --focus ITEM --depth 2\n",
                                   m.items.size());
        for (const ExportFormat& f : kFormats) {
          if (f.name != *format) continue;
          std::string error;
          std::string text = f.run(request, error);
          if (!error.empty()) {
            std::cerr << "error: " << error << '\n';
            return 1;
          }
          return output->write(text, model->path);
        }
        return 2;  // unreachable: CLI11 checked the format
      };
    });

}  // namespace
}  // namespace decouple::app
