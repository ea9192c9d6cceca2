#!/usr/bin/env bash
# `decouple exercise`: the list, one exercise, a judged answer (right, wrong,
# works-but-larger, unknown firm), the teacher's answer, every format, and
# usage errors. Uses tests/data/exercises.yaml (answers worked out by hand
# in its comments) and checks the bundled models' exercises all have one.
# Usage: bash tests/cli/exercise.sh path/to/decouple   (from the repo root)
source "$(dirname "$0")/common.bash"
model=tests/data/exercises.yaml

run exercise "$model"
expect_rc 0 "list"
expect_in "$TMP/out" "stop-fabs" "list names the exercise"
expect_in "$TMP/out" "smallest-blacklist" "list gives the kind"

run exercise "$model" stop-fabs
expect_rc 0 "one exercise"
expect_in "$TMP/out" "answer with firm ids" "the answer syntax is said"

run exercise "$model" stop-fabs --answer a,b
expect_rc 0 "right answer"
expect_in "$TMP/out" "stop-fabs: correct" "right answer judged right"

run exercise "$model" stop-fabs --answer a
expect_in "$TMP/out" "not correct" "wrong answer judged wrong"
expect_in "$TMP/out" "is still made with A Fab cut off, because its need 'soc' is still supplied by Chip B" "wrong answer says why"

run exercise "$model" stop-fabs --answer a,b,d
expect_in "$TMP/out" "a smaller blacklist exists (size 2)" "works but not minimal"

run exercise "$model" stop-fabs --answer a,zz
expect_rc 0 "unknown firm is a wrong answer, not an error"
expect_in "$TMP/out" "There is no firm 'zz'" "unknown firm named"

run exercise "$model" recover --answer memory=dram-f --format json
expect_rc 0 "plan as JSON"
expect_json "$TMP/out" "verdict JSON"
expect_in "$TMP/out" '"correct": true' "plan judged right"

run exercise "$model" recover --answer "memory=dram-g,dram-g/tool=tool-d" --format csv
expect_in "$TMP/out" "exercise,answer,correct,message" "verdict CSV header"
expect_in "$TMP/out" "only after 7 months, more than 6" "slow plan judged wrong"

run exercise "$model" recover --teacher
expect_in "$TMP/out" "answer: memory=dram-f" "teacher's plan"

run exercise "$model" which --teacher --format json
expect_json "$TMP/out" "teacher JSON"
expect_in "$TMP/out" '"solvable": true' "teacher's answer exists"

run exercise "$model" --format json
expect_json "$TMP/out" "list JSON"
run exercise "$model" --format csv
expect_in "$TMP/out" "id,kind,item,scenario,date,within,title,question" "list CSV header"

run exercise "$model" stop-fab
expect_rc 1 "unknown exercise"
expect_in "$TMP/err" "did you mean 'stop-fabs'?" "unknown exercise hint"
run exercise "$model" --answer a
expect_rc 2 "answer without an id"
run exercise "$model" stop-fabs --answer a --teacher
expect_rc 2 "answer and teacher"

# Every bundled model's exercises have a right answer (check runs them all).
for m in models/entity-list-2019.yaml models/tutorial/*.yaml; do
  run check "$m"
  expect_rc 0 "check $m (exercises solvable)"
done
finish
