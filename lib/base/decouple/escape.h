// Escaping text for every output language decouple writes, in one place:
// HTML and XML (element text, attribute values, comments), Graphviz DOT
// (quoted strings and HTML-like labels) and YAML (scalars). CSV fields are
// written by append_csv_field (csv_stream.h), JSON by nlohmann::json.
//
// Input: any bytes; model text is valid UTF-8 (input_guard.h rejects the
// rest), and multi-byte characters pass through unchanged except where
// noted. Every function returns text that the target language's parser
// reads back as the input, with these documented losses:
// - XML 1.0 cannot hold the control characters U+0000..U+001F other than
//   tab, line feed and carriage return, not even as &#1;, nor U+FFFE and
//   U+FFFF: xml_escape and xml_comment replace each with U+FFFD (the
//   replacement character), so the document still parses and the reader
//   sees that something was there.
// - An XML comment cannot contain "--" nor end in "-": xml_comment writes
//   "- -" and adds a trailing space. Comments are not entity-decoded, so
//   nothing else is escaped there.
// - DOT quoted strings and labels turn control characters (a stray line
//   break in a name) into spaces: the picture keeps one line per name.
// All functions are pure and thread-safe; each costs O(text size).
#ifndef DECOUPLE_ESCAPE_H_
#define DECOUPLE_ESCAPE_H_

#include <string>
#include <string_view>

namespace decouple {

// HTML and XML element text or attribute value (double- or single-quoted):
// &, <, >, " and ' escaped (&amp; &lt; &gt; &quot; &#39;, which HTML5 and
// XML 1.0 both read), characters XML forbids replaced as above.
std::string xml_escape(std::string_view text);
// The same escape for HTML pages (one implementation, two names so the
// caller says which language it writes).
inline std::string html_escape(std::string_view text) { return xml_escape(text); }

// Text placed between <!-- and -->, as described above.
std::string xml_comment(std::string_view text);

// A double-quoted DOT string, quotes included: " and \ escaped with a
// backslash, control characters turned into spaces.
std::string dot_quoted(std::string_view text);

// Text inside a DOT HTML-like label (<...>): the XML escape, with control
// characters turned into spaces.
std::string dot_label_text(std::string_view text);

// A double-quoted YAML scalar, quotes included, that any YAML 1.1 or 1.2
// parser reads back as exactly `text`: ", \ and the characters YAML calls
// non-printable (C0 and C1 controls, DEL) written as escapes.
std::string yaml_quoted(std::string_view text);

// A YAML scalar that reads back as the string `text`: plain when that is
// safe in block and flow context and no YAML schema would read it as
// something else (null, a bool, a number), double-quoted otherwise. Plain
// means: starts with a letter, '_', '/' or a non-ASCII character, holds
// only letters, digits, '.', '_', '-', '/', spaces and non-ASCII
// characters, does not end in a space, and is none of the words YAML 1.1
// reads as null or a bool (null, true, yes, on, y, ... in any case).
std::string yaml_scalar(std::string_view text);
void append_yaml_scalar(std::string& out, std::string_view text);

}  // namespace decouple

#endif  // DECOUPLE_ESCAPE_H_
