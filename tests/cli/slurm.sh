#!/usr/bin/env bash
# docs/scaling.md ("Slurm") on a real cluster: starts munged, slurmctld and
# slurmd from Debian's packages as a single-node cluster in a temporary
# folder (own key, own ports, own state), submits the documented job array
# and its dependent merge job exactly as the docs write them, and checks
# that the merged sweep equals the unsharded one.
# Skips (exit 77) with the reason when the daemons cannot be started: not
# root, the packages missing, or a daemon that does not come up.
# Usage (from the repository root): bash tests/cli/slurm.sh BINARY
BIN=$1
source "$(dirname "$0")/common.bash"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
DOC=$PWD/docs/scaling.md
[ -f "$DOC" ] || { echo "skip: $DOC not found (run from the repository root)"; exit 77; }

skip() {
  echo "SKIP: Slurm cluster test not run: $*" >&2
  echo "skip: $*"
  exit 77
}
[ "$(id -u)" -eq 0 ] || skip "needs root to start munged, slurmctld and slurmd (CI runs as root)"
for tool in munged slurmctld slurmd sbatch scontrol; do
  command -v "$tool" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
  command -v "$tool" >/dev/null 2>&1 ||
    skip "$tool not found (Debian packages slurm-wlm and munge; scripts/install-deps.sh installs them)"
done

# --- the cluster --------------------------------------------------------
C=$TMP/cluster
mkdir -p "$C/munge" "$C/state" "$C/spool" "$C/log"
chmod 755 "$TMP" "$C"
chmod 700 "$C/munge"
head -c 1024 /dev/urandom >"$C/munge/munge.key"
chmod 600 "$C/munge/munge.key"

# Daemons' process ids, read from their pid files once they are up.
pids=()
stop_cluster() {
  local pidfile
  for pidfile in "$C/slurmd.pid" "$C/slurmctld.pid" "$C/munge/munged.pid"; do
    pids+=("$(cat "$pidfile" 2>/dev/null)")
  done
  local pid
  for pid in "${pids[@]}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null; done
  # Wait (bounded) for them to exit, then make sure.
  for _ in $(seq 50); do
    local alive=0
    for pid in "${pids[@]}"; do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; done
  rm -rf "$TMP"
}
trap stop_cluster EXIT

# Two free TCP ports on loopback for slurmctld and slurmd.
read -r ctld_port slurmd_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
node=$(hostname -s)

cat >"$C/slurm.conf" <<EOF
ClusterName=decouple-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
AuthInfo=socket=$C/munge/munge.socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$C/state
SlurmdSpoolDir=$C/spool
SlurmctldPidFile=$C/slurmctld.pid
SlurmdPidFile=$C/slurmd.pid
SlurmctldLogFile=$C/log/slurmctld.log
SlurmdLogFile=$C/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MailProg=/bin/true
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$C/slurm.conf

munged --key-file="$C/munge/munge.key" --socket="$C/munge/munge.socket" \
  --pid-file="$C/munge/munged.pid" --log-file="$C/munge/munged.log" \
  --seed-file="$C/munge/munged.seed" --force 2>"$C/log/munged.err" ||
  skip "munged did not start: $(tail -c 500 "$C/log/munged.err" "$C/munge/munged.log" 2>/dev/null)"
slurmctld -f "$SLURM_CONF" 2>"$C/log/slurmctld.err" ||
  skip "slurmctld did not start: $(tail -c 500 "$C/log/slurmctld.err")"
slurmd -f "$SLURM_CONF" 2>"$C/log/slurmd.err" ||
  skip "slurmd did not start: $(tail -c 500 "$C/log/slurmd.err")"
up=0
for _ in $(seq 100); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qx 'idle'; then up=1; break; fi
  sleep 0.2
done
for pidfile in "$C/slurmd.pid" "$C/slurmctld.pid" "$C/munge/munged.pid"; do
  pids+=("$(cat "$pidfile" 2>/dev/null)")
done
[ $up -eq 1 ] || skip "the node did not come up idle within 20 s: $(sinfo 2>&1 | tail -2; tail -c 800 "$C/log/slurmctld.log" 2>/dev/null)"

# --- the docs' commands -------------------------------------------------
# section FILE HEADING: the lines of FILE from HEADING to the next heading
# of the same or a higher level (a `#` line inside a code block is no heading).
section() {
  awk -v heading="$2" '
    /^```/ { fence = !fence }
    $0 == heading { on = 1; level = index($0, " "); print; next }
    on && !fence && /^#+ / && index($0, " ") <= level { exit }
    on { print }' "$1"
}
W=$TMP/work
mkdir -p "$W" "$TMP/bin"
# The jobs find `decouple` on PATH (sbatch passes the environment on).
ln -s "$BIN" "$TMP/bin/decouple"
export PATH=$TMP/bin:$PATH
section "$DOC" "### Slurm" |
  awk -v dir="$W" '/^```sh$/ { n++; on = 1; next } /^```/ && on { on = 0; next }
       on { print > (dir "/block" n ".sh") }'
[ -s "$W/block1.sh" ] && [ -s "$W/block2.sh" ] || fail "scaling.md: the Slurm section lacks its two sh blocks"
grep -q '^#SBATCH --array=' "$W/block1.sh" || fail "scaling.md: sweep.sbatch has no --array"
mv "$W/block1.sh" "$W/sweep.sbatch"
(
  cd "$W" || exit 1
  set -e
  source ./block2.sh >"$W/merge-job"
) >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc 0 "the scaling.md Slurm commands"
merge_job=$(tail -n 1 "$W/merge-job" 2>/dev/null)
[[ "$merge_job" =~ ^[0-9]+$ ]] || fail "the merge job's id: '$merge_job'"

# Wait (bounded) for the merge job to end.
state=""
for _ in $(seq 300); do
  state=$(scontrol show job "$merge_job" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
  case "$state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) break ;; esac
  sleep 0.2
done
[ "$state" = COMPLETED ] ||
  fail "merge job $merge_job ended as '${state:-unknown}': $(cat "$W"/logs/*.log "$W"/slurm-*.out 2>/dev/null | tail -c 1500)"
[ "$(ls "$W"/out/part-*.json 2>/dev/null | wc -l)" -eq 8 ] || fail "eight shard files"

run sweep "$W/model.dcm" --each-firm -s el-top-cn -f json -o "$TMP/whole.json"
expect_rc 0 "the unsharded sweep"
cmp -s "$W/sweep.json" "$TMP/whole.json" || fail "the merged Slurm sweep differs from the unsharded sweep"
finish
