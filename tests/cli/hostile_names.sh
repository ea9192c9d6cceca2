#!/usr/bin/env bash
# Hostile names through every output language (escape.h): a model named
# `Mini -- phone -` (a "--" and a trailing "-" are forbidden in an XML
# comment), a firm name with a control character, quotes, <&>, a would-be
# tag, unicode, a leading '-', words YAML reads as bools. Each output is
# read back by a real parser: the MEF export by an XML parser, the DOT by
# Graphviz, the converted YAML by our loader and PyYAML, the HTML report by
# Python's HTML parser (no injected tag, the names come back as text).
# (dot, python3-yaml and xmllint come from scripts/install-deps.sh; a check
# whose tool is missing is left out and says so.)
BIN=$1
source "$(dirname "$0")/common.bash"

# \x01 (SOH) is invalid in XML 1.0 and in YAML; \xc2\x85 is U+0085 (NEL),
# a C1 control YAML parsers reject raw.
printf '%s\n' \
  'decouple: 1' \
  'name: "Mini -- phone -"' \
  'description: "<script>alert(1)</script> & \"quotes\" '"'"'single'"'"'"' \
  'firms:' \
  '  - {id: phoneco, country: CN, name: "Phone\x01Co <hostile>&amp;</hostile> \"q\" 华为 \u0085x"}' \
  '  - {id: chipco, country: CN, name: "-- leading dash --"}' \
  '  - {id: "yes", country: US, name: "true"}' \
  'items:' \
  '  - id: phone' \
  '    name: "a <phone> & \"more\" -->"' \
  '    maker: phoneco' \
  '    kind: product' \
  '    needs:' \
  '      - name: "soc: \"x\" \\ y"' \
  '        options: [chip]' \
  '  - id: chip' \
  '    maker: chipco' \
  '    kind: chip' \
  '    name: "-chip"' \
  '    needs:' \
  '      - name: eda' \
  '        options: [tool]' \
  '  - {id: tool, maker: "yes", kind: software, name: "null"}' \
  'scenarios:' \
  '  - id: list' \
  '    actions:' \
  '      - entity_list: {by: US, add: [phoneco, chipco]}' >"$TMP/hostile.yaml"

run check "$TMP/hostile.yaml"
expect_rc 0 "the hostile model loads"

# MEF (XML): parses, and the labels read back as the names.
run export "$TMP/hostile.yaml" --format mef --end-items -o "$TMP/tree.xml"
expect_rc 0 "mef export of hostile names"
python3 - "$TMP/tree.xml" <<'PY' || fail "the MEF export does not parse as XML, or reads back wrong"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
labels = [e.text for e in root.iter("label")]
assert "-- leading dash -- cut off" in labels, labels
head = open(sys.argv[1], encoding="utf-8").read().splitlines()[1]
assert head.startswith("<!-- decouple: fault tree of Mini - - phone -  from "), head
PY
if command -v xmllint >/dev/null; then
  xmllint --noout "$TMP/tree.xml" 2>"$TMP/xmllint" || fail "xmllint rejects the MEF export: $(cat "$TMP/xmllint")"
else
  echo "note: xmllint is not installed (libxml2-utils): its check is left out"
fi

# DOT: Graphviz reads it (with the scenario, so every label kind is drawn).
run export "$TMP/hostile.yaml" --format dot --scenario list -o "$TMP/g.dot"
expect_rc 0 "dot export of hostile names"
if command -v dot >/dev/null; then
  dot -Tsvg "$TMP/g.dot" -o "$TMP/g.svg" 2>"$TMP/dot-err" || fail "dot rejects the export: $(cat "$TMP/dot-err")"
  [ -s "$TMP/dot-err" ] && fail "dot warns on the export: $(cat "$TMP/dot-err")"
  python3 -c 'import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])' "$TMP/g.svg" ||
    fail "the SVG drawn from the export is not XML"
else
  echo "note: dot is not installed (graphviz): the DOT check is left out"
fi

# YAML: the writer's output loads back identical (--verify), and PyYAML
# reads the same strings.
run convert "$TMP/hostile.yaml" --to yaml -o "$TMP/back.yaml" --verify
expect_rc 0 "convert --verify of hostile names"
run check "$TMP/back.yaml"
expect_rc 0 "the converted model loads"
if python3 -c 'import yaml' 2>/dev/null; then
  python3 - "$TMP/back.yaml" <<'PY' || fail "PyYAML does not read the written model back"
import sys, yaml
m = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
assert m["name"] == "Mini -- phone -", m["name"]
firms = {f["id"]: f for f in m["firms"]}
assert set(firms) == {"phoneco", "chipco", "yes"}, firms.keys()
assert firms["phoneco"]["name"] == 'Phone\x01Co <hostile>&amp;</hostile> "q" 华为 \x85x', repr(firms["phoneco"]["name"])
assert firms["chipco"]["name"] == "-- leading dash --"
assert firms["yes"]["name"] == "true"
items = {i["id"]: i for i in m["items"]}
assert items["chip"]["name"] == "-chip" and items["tool"]["name"] == "null", items
PY
else
  echo "note: python3-yaml is not installed: the PyYAML check is left out"
fi

# HTML report: the names come back as text, no tag comes from a name.
run report "$TMP/hostile.yaml" --scenario list -o "$TMP/r.html"
expect_rc 0 "html report of hostile names"
python3 - "$TMP/r.html" <<'PY' || fail "the HTML report does not read back"
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = set(), []
    def handle_starttag(self, tag, attrs): self.tags.add(tag)
    def handle_data(self, data): self.text.append(data)
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
text = "".join(p.text)
assert "hostile" not in p.tags and "phone" not in p.tags and "script" not in p.tags, p.tags
assert "Mini -- phone -" in text
assert 'Phone\ufffdCo <hostile>&amp;</hostile> "q" 华为' in text, "firm name"
PY

finish
