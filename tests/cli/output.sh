#!/usr/bin/env bash
# -o FILE: same bytes as standard output, written by rename (atomic), never
# over the input model, and not at all when the model is broken.
source "$(dirname "$0")/common.bash"

cp tests/data/mini.yaml "$TMP/model.yaml"
for command in "check $TMP/model.yaml" "impact $TMP/model.yaml -s list" \
               "explain $TMP/model.yaml -s list phone"; do
  for format in table json csv; do
    # shellcheck disable=SC2086
    run $command -f "$format"
    cp "$TMP/out" "$TMP/stdout"
    # shellcheck disable=SC2086
    run $command -f "$format" -o "$TMP/written"
    expect_rc 0 "$command -o"
    [ -s "$TMP/out" ] && fail "$command -o also wrote to stdout"
    cmp -s "$TMP/stdout" "$TMP/written" || fail "$command -f $format: -o differs from stdout"
  done
done
run impact "$TMP/model.yaml" -s list -f json -o "$TMP/impact.json"
expect_json "$TMP/impact.json" "impact -o JSON"

# Replacing an existing file goes through a rename: a hard link to the old
# file keeps the old bytes (an in-place rewrite would change them too),
# and no temporary file is left behind.
echo "old content" >"$TMP/report.txt"
ln "$TMP/report.txt" "$TMP/old-link"
run impact "$TMP/model.yaml" -s list -o "$TMP/report.txt"
expect_rc 0 "impact -o over an existing file"
[ "$(cat "$TMP/old-link")" = "old content" ] || fail "-o rewrote the old file in place"
expect_in "$TMP/report.txt" "Scenario list" "-o replaced the file"
ls "$TMP" | grep -q '\.tmp-' && fail "-o left a temporary file: $(ls "$TMP")"

# The output file gets ordinary permissions, not mkstemp's 0600.
(umask 022 && "$BIN" check "$TMP/model.yaml" -o "$TMP/perm.txt")
[ "$(stat -c %a "$TMP/perm.txt")" = 644 ] || fail "-o file mode $(stat -c %a "$TMP/perm.txt"), wanted 644"

# Never over the input model, by any name for it.
cp "$TMP/model.yaml" "$TMP/model.orig"
ln -s "$TMP/model.yaml" "$TMP/model-link.yaml"
for target in "$TMP/model.yaml" "$TMP/model-link.yaml" "$TMP/../$(basename "$TMP")/model.yaml"; do
  run impact "$TMP/model.yaml" -s list -o "$target"
  expect_rc 2 "-o $target (the input model)"
  expect_in "$TMP/err" "refusing to overwrite the input model" "-o onto the model"
  cmp -s "$TMP/model.yaml" "$TMP/model.orig" || fail "-o $target changed the model"
done
run check "$TMP/model.yaml" -o "$TMP/model.yaml"
expect_rc 2 "check -o onto the model"
run explain "$TMP/model.yaml" -s list phone -o "$TMP/model.yaml"
expect_rc 2 "explain -o onto the model"
cmp -s "$TMP/model.yaml" "$TMP/model.orig" || fail "check/explain -o changed the model"

# A directory that does not exist: exit 1, nothing created.
run impact "$TMP/model.yaml" -s list -o "$TMP/no/such/dir/out.txt"
expect_rc 1 "-o into a missing directory"
expect_in "$TMP/err" "the folder '$TMP/no/such/dir' does not exist" "missing directory message"

# A broken model writes nothing.
run impact tests/data/broken.yaml -s a -o "$TMP/never.txt"
expect_rc 1 "-o with a broken model"
[ -e "$TMP/never.txt" ] && fail "-o wrote a file for a broken model"

# -o - is standard output.
run check "$TMP/model.yaml" -o -
expect_rc 0 "-o -"
expect_in "$TMP/out" "ok — Mini phone" "-o - prints"

finish
