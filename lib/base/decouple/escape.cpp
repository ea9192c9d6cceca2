#include "decouple/escape.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

namespace decouple {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

bool xml_forbidden_control(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

// The length of a character XML 1.0 forbids that starts at text[i] (a C0
// control, U+FFFE or U+FFFF), or 0.
size_t xml_forbidden_at(std::string_view text, size_t i) {
  if (xml_forbidden_control(static_cast<unsigned char>(text[i]))) return 1;
  if (text.substr(i, 3) == "\xEF\xBF\xBE" || text.substr(i, 3) == "\xEF\xBF\xBF") return 3;
  return 0;
}

// `text` with each character XML forbids replaced by `control`.
std::string xml_allowed(std::string_view text, std::string_view control) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (size_t n = xml_forbidden_at(text, i)) {
      out += control;
      i += n - 1;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The markup escape shared by XML, HTML and DOT labels; `control` is what a
// forbidden character becomes.
std::string markup_escaped(std::string_view text, std::string_view control) {
  std::string out;
  out.reserve(text.size());
  for (char c : xml_allowed(text, control)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string xml_escape(std::string_view text) { return markup_escaped(text, kReplacement); }

std::string xml_comment(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : xml_allowed(text, kReplacement)) {
    // "--" never appears: a '-' after a '-' gets a space before it.
    if (c == '-' && !out.empty() && out.back() == '-') out += ' ';
    out += c;
  }
  if (!out.empty() && out.back() == '-') out += ' ';
  return out;
}

std::string dot_quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  out += '"';
  return out;
}

std::string dot_label_text(std::string_view text) {
  std::string out = markup_escaped(text, " ");
  // Tabs and line breaks XML allows, a DOT label shows as stray spacing.
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
  return out;
}

std::string yaml_quoted(std::string_view text) {
  std::string out = "\"";
  out.reserve(text.size() + 2);
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          fmt::format_to(std::back_inserter(out), "\\x{:02x}", static_cast<unsigned>(c));
        } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
          // A C1 control (U+0080..U+009F, two bytes in UTF-8): YAML
          // parsers reject it raw, \xNN names the code point.
          fmt::format_to(std::back_inserter(out), "\\x{:02x}", static_cast<unsigned>(text[++i] & 0xFF));
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

void append_yaml_scalar(std::string& out, std::string_view text) {
  // Words YAML 1.1 reads as null or a bool (1.2's core schema is a subset).
  static constexpr std::array<std::string_view, 11> kReserved = {"null", "true", "false", "yes", "no", "on",
                                                                 "off",  "y",    "n",     "~",   ""};
  auto starts_plain = [](unsigned char c) { return std::isalpha(c) || c == '_' || c == '/' || c >= 0x80; };
  bool plain = !text.empty() && starts_plain(static_cast<unsigned char>(text.front())) && text.back() != ' ';
  for (size_t i = 0; plain && i < text.size(); ++i) {
    unsigned char u = static_cast<unsigned char>(text[i]);
    bool c1 = u == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    plain = (std::isalnum(u) || u == '.' || u == '_' || u == '-' || u == '/' || u == ' ' || u >= 0x80) && !c1;
  }
  if (plain && text.size() <= 5) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    plain = std::find(kReserved.begin(), kReserved.end(), lower) == kReserved.end();
  }
  if (plain)
    out += text;
  else
    out += yaml_quoted(text);
}

std::string yaml_scalar(std::string_view text) {
  std::string out;
  append_yaml_scalar(out, text);
  return out;
}

}  // namespace decouple
