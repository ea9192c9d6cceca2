// decouple merge SHARD...: the outputs of a sharded sweep, put back together
// exactly as the unsharded sweep would have written them.
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "command.h"
#include "decouple/sweep_output.h"

namespace decouple::app {
namespace {

Registration merge("merge", "Merge the outputs of a sharded sweep", [](CLI::App& sub) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto output = std::make_shared<OutputOption>();
  auto runs = std::make_shared<uint32_t>(0);
  sub.add_option("shards", *files, "Shard outputs (CSV or JSON), in any order")->required();
  sub.add_option("--runs", *runs, "Check that the sweep had this many runs (CSV cannot tell)");
  output->add_to(sub);
  return [=]() -> int {
    std::vector<SweepOutput> outputs;
    for (const std::string& file : *files) {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        std::cerr << fmt::format("{}: error: cannot open\n", file);
        return 1;
      }
      std::ostringstream text;
      text << in.rdbuf();
      outputs.push_back({file, text.str()});
    }
    Result<std::string> merged =
        merge_sweep_outputs(outputs, *runs ? std::optional<uint32_t>(*runs) : std::nullopt);
    if (!merged.ok()) {
      for (const Diagnostic& d : merged.errors()) std::cerr << d.str() << '\n';
      return 1;
    }
    return output->write(merged.value(), "");
  };
});

}  // namespace
}  // namespace decouple::app
