#include "decouple/sourcing.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "decouple/text_table.h"

namespace decouple {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, kFactKinds> kKindNames = {"firm", "item", "option", "action",
                                                                 "scenario"};

}  // namespace

std::string_view to_string(FactKind kind) { return kKindNames[static_cast<size_t>(kind)]; }

size_t SourcingAudit::facts() const {
  size_t n = 0;
  for (size_t t : total) n += t;
  return n;
}

bool is_assumption(const SourceRef& source) {
  std::string_view text = source.citation;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  return text.starts_with("ASSUMPTION");
}

SourcingAudit audit_sourcing(const Model& model, std::string_view text) {
  SourcingAudit audit;
  auto note = [&](FactKind kind, SourceIndex source, Location location, auto&& describe) {
    size_t k = static_cast<size_t>(kind);
    ++audit.total[k];
    if (source == kNone) {
      audit.unsourced.push_back({kind, describe(), location, kNone});
      return;
    }
    ++audit.sourced[k];
    if (is_assumption(model.sources[source]))
      audit.assumptions.push_back({kind, describe(), location, source});
  };
  for (const Firm& f : model.firms)
    note(FactKind::kFirm, f.source, f.location, [&] { return fmt::format("firm '{}'", f.id); });
  for (const Item& i : model.items)
    note(FactKind::kItem, i.source, i.location, [&] { return fmt::format("item '{}'", i.id); });
  for (const Option& o : model.options)
    note(FactKind::kOption, o.source, o.location, [&] {
      const Need& need = model.needs[o.need];
      return fmt::format("option '{}' of need '{}' of item '{}'", model.items[o.item].id, need.name,
                         model.items[need.item].id);
    });
  for (const Scenario& s : model.scenarios) {
    note(FactKind::kScenario, s.source, s.location,
         [&] { return fmt::format("scenario '{}'", s.id); });
    for (size_t a = 0; a < s.actions.size(); ++a)
      note(FactKind::kAction, s.actions[a].source, s.actions[a].location, [&] {
        return fmt::format("action {} ({}) of scenario '{}'", a + 1, action_kind(s.actions[a].body),
                           s.id);
      });
  }
  // Comments: a '#' outside quotes starts one. Quoted strings in this
  // format never span lines except in block scalars, whose '#' is text;
  // a block scalar line holding ASSUMPTION after a '#' would be listed too,
  // which errs on the side of showing more.
  uint32_t line = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view row = text.substr(start, end - start);
    ++line;
    char quote = 0;
    for (size_t c = 0; c < row.size(); ++c) {
      char ch = row[c];
      if (quote) {
        if (ch == quote) quote = 0;
      } else if (ch == '"' || ch == '\'') {
        // A quote opens a string only at a value's start, not inside a word.
        if (c == 0 || row[c - 1] == ' ' || row[c - 1] == '[' || row[c - 1] == '{' ||
            row[c - 1] == ',')
          quote = ch;
      } else if (ch == '#' && (c == 0 || row[c - 1] == ' ' || row[c - 1] == '\t')) {
        std::string_view comment = row.substr(c);
        while (!comment.empty() && (comment.back() == '\r' || comment.back() == ' '))
          comment.remove_suffix(1);
        if (comment.find("ASSUMPTION") != std::string_view::npos)
          audit.comments.push_back({line, std::string(comment)});
        break;
      }
    }
    start = end + 1;
  }
  return audit;
}

std::string render_sourcing(const Model& model, const SourcingAudit& audit, Format format) {
  auto where = [&](Location l) {
    return l.line ? fmt::format("{}:{}:{}", model.file, l.line, l.column) : model.file;
  };
  if (format == Format::kJson) {
    json counts = json::object();
    for (size_t k = 0; k < kFactKinds; ++k)
      counts[std::string(kKindNames[k])] = {{"total", audit.total[k]}, {"sourced", audit.sourced[k]}};
    auto fact = [&](const FactRef& f) {
      json out{{"kind", to_string(f.kind)},
               {"what", f.what},
               {"line", f.location.line},
               {"column", f.location.column}};
      if (f.source != kNone) {
        out["source"] = model.sources[f.source].id;
        out["citation"] = model.sources[f.source].citation;
      }
      return out;
    };
    json unsourced = json::array(), assumptions = json::array(), comments = json::array();
    for (const FactRef& f : audit.unsourced) unsourced.push_back(fact(f));
    for (const FactRef& f : audit.assumptions) assumptions.push_back(fact(f));
    for (const AssumptionComment& c : audit.comments)
      comments.push_back({{"line", c.line}, {"text", c.text}});
    json out{{"format", 1},
             {"file", model.file},
             {"clean", audit.clean()},
             {"facts", audit.facts()},
             {"counts", std::move(counts)},
             {"unsourced", std::move(unsourced)},
             {"assumptions", std::move(assumptions)},
             {"assumption_comments", std::move(comments)}};
    return out.dump(2) + "\n";
  }
  if (format == Format::kCsv) {
    std::string out = csv_row({"finding", "kind", "what", "line", "column", "source"});
    for (const FactRef& f : audit.unsourced)
      out += csv_row({"unsourced", std::string(to_string(f.kind)), f.what,
                      std::to_string(f.location.line), std::to_string(f.location.column), ""});
    for (const FactRef& f : audit.assumptions)
      out += csv_row({"assumption", std::string(to_string(f.kind)), f.what,
                      std::to_string(f.location.line), std::to_string(f.location.column),
                      model.sources[f.source].id});
    for (const AssumptionComment& c : audit.comments)
      out += csv_row({"assumption-comment", "", c.text, std::to_string(c.line), "", ""});
    return out;
  }
  std::string out;
  for (const FactRef& f : audit.unsourced)
    out += fmt::format("{}: {} has no source\n", where(f.location), f.what);
  size_t sourced = 0;
  for (size_t s : audit.sourced) sourced += s;
  out += fmt::format("{}: {} of {} facts sourced", model.file, sourced, audit.facts());
  std::string parts;
  for (size_t k = 0; k < kFactKinds; ++k)
    parts += fmt::format("{}{} {}/{}", k ? ", " : "", kKindNames[k], audit.sourced[k], audit.total[k]);
  out += fmt::format(" ({}); {} unsourced\n", parts, audit.unsourced.size());
  if (!audit.assumptions.empty()) {
    out += fmt::format("\n{} facts rest on an ASSUMPTION source:\n", audit.assumptions.size());
    TextTable table({"where", "fact", "source"});
    for (const FactRef& f : audit.assumptions)
      table.add_row({where(f.location), f.what, model.sources[f.source].id});
    out += table.str();
  }
  if (!audit.comments.empty()) {
    out += fmt::format("\n{} ASSUMPTION comments:\n", audit.comments.size());
    for (const AssumptionComment& c : audit.comments)
      out += fmt::format("{}:{}: {}\n", model.file, c.line, c.text);
  }
  return out;
}

}  // namespace decouple
