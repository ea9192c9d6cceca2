#!/usr/bin/env bash
# The command line's manners: the command list, `help`, usage errors with
# an `error:` prefix, a did-you-mean and exit code 2, an example in every
# command's --help (the ones that read only bundled models are run as
# written), the limits shown once, bash completion and the man page.
BIN=$1
source "$(dirname "$0")/common.bash"

run
expect_rc 2 "bare decouple (no command is a usage error)"
expect_in "$TMP/err" "Commands:" "bare decouple lists the commands"
expect_in "$TMP/err" "  impact " "bare decouple lists impact"

run help
expect_rc 0 "decouple help"
expect_in "$TMP/out" "  timeline " "help lists timeline"
expect_in "$TMP/out" "decouple help limits" "help points at the limits"

run impakt models/tutorial/phone.yaml
expect_rc 2 "an unknown command"
expect_in "$TMP/err" "error: unknown command 'impakt' (did you mean 'impact'?)" "did-you-mean for a command"

run impact models/entity-list-2019.yaml --scenaro el-2019-10
expect_rc 2 "an unknown option"
expect_in "$TMP/err" "error: unknown option '--scenaro' for 'impact' (did you mean '--scenario'?)" \
  "did-you-mean for an option"
expect_in "$TMP/err" "decouple impact --help" "points at the command's help"

run impact
expect_rc 2 "a missing model"
grep -q '^error: ' "$TMP/err" || fail "usage errors start with 'error: '"

run help impakt
expect_rc 2 "help for an unknown topic"
expect_in "$TMP/err" "did you mean 'impact'?" "did-you-mean for a help topic"

run help limits
expect_rc 0 "help limits"
expect_in "$TMP/out" "--max-file-size" "help limits lists the limits"

# Every command: an example in its --help; no limits block repeated there.
"$BIN" help >"$TMP/list"
commands=$(awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on { print $1 }' "$TMP/list")
[ -n "$commands" ] || fail "no commands listed"
for c in $commands; do
  run "$c" --help
  expect_rc 0 "$c --help"
  expect_in "$TMP/out" "Example" "$c --help shows an example"
  if grep -q -- "--max-nodes" "$TMP/out"; then fail "$c --help repeats the limits"; fi
  run help "$c"
  expect_rc 0 "help $c"
  # Examples that only read bundled models run as written.
  awk '/^Examples?:/ { on = 1; next } on && /^  decouple / { sub(/^  decouple /, ""); print }' "$TMP/out" |
    while read -r line; do
      case "$line" in *" -o "*|serve*|*path/to*|*model.yaml*|*model.dcm*) continue ;; esac
      # shellcheck disable=SC2086
      if ! "$BIN" $line >/dev/null 2>"$TMP/example-err"; then
        echo "FAIL: the example 'decouple $line' fails: $(head -c 400 "$TMP/example-err")" >&2
        echo x >>"$TMP/example-failures"
      fi
    done
done
[ -s "$TMP/example-failures" ] && failures=$((failures + $(wc -l <"$TMP/example-failures")))

# Every command's and sub-command's examples are of that command: `import
# csv --help` shows `decouple import csv ...`, not an `import eto` example
# inherited from its parent.
check_examples() {  # $1: the command's path under decouple ("import csv")
  # shellcheck disable=SC2086
  run $1 --help
  expect_rc 0 "$1 --help"
  awk '/^Examples?:/ { on = 1; next } /^$/ { on = 0 } on && /^  decouple / { sub(/^  /, ""); print }' \
    "$TMP/out" >"$TMP/examples"
  [ -s "$TMP/examples" ] || fail "$1 --help shows no example"
  while read -r line; do
    case "$line " in "decouple $1 "*) ;; *) fail "$1 --help shows an example of another command: '$line'" ;; esac
  done <"$TMP/examples"
  local subs sub
  subs=$(awk 'toupper($0) ~ /^SUBCOMMANDS:/ { on = 1; next } /^[^ ]/ || /^$/ { on = 0 } on { print $1 }' "$TMP/out")
  for sub in $subs; do check_examples "$1 $sub"; done
}
for c in $commands; do check_examples "$c"; done
echo "$commands" | grep -qx import || fail "import is not among the commands"

# Completion: bash accepts the script and completes a command and an option.
run completion bash
expect_rc 0 "completion bash"
cp "$TMP/out" "$TMP/completion.bash"
got=$(bash -c 'source "$1"; COMP_WORDS=(decouple imp); COMP_CWORD=1; _decouple; echo "${COMPREPLY[*]}"' _ "$TMP/completion.bash")
[ "$got" = "impact import" ] || fail "completion of 'imp': '$got'"
got=$(bash -c 'source "$1"; COMP_WORDS=(decouple impact --scen); COMP_CWORD=2; _decouple; echo "${COMPREPLY[*]}"' _ "$TMP/completion.bash")
[ "$got" = "--scenario" ] || fail "completion of 'impact --scen': '$got'"

# The man page renders without warnings where groff is installed.
run help --man
expect_rc 0 "help --man"
expect_in "$TMP/out" ".SH COMMANDS" "the man page has its commands"
if command -v groff >/dev/null 2>&1; then
  groff -man -Tutf8 -ww "$TMP/out" >/dev/null 2>"$TMP/groff-err" || fail "groff failed"
  [ -s "$TMP/groff-err" ] && fail "groff warns: $(head -c 400 "$TMP/groff-err")"
else
  echo "note: groff not installed, man page not rendered"
fi
finish
