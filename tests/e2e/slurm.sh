#!/bin/sh
# The Slurm recipe of doc/scale-out.md, end to end (issue 17): munged,
# slurmctld and slurmd brought up on localhost with a slurm.conf written
# here (state in the work folder, ports of this run, no cgroups), the
# recipe block run as it is in the doc (EVIDENCE and CASES pointed here):
# a job array of 4 ingest --shard tasks and a merge job that depends on
# it; the merged case must equal a single-machine run byte for byte.
# Skips, saying why, where Slurm or munge is missing or cannot start (not
# root, no daemons allowed).
set -u
: "${LT_BIN:?}" "${LT_SRCDIR:?}"
. "$LT_SRCDIR/tests/e2e/lib.sh"
. "$LT_SRCDIR/tests/e2e/recipe.sh"
e2e_init slurm
e2e_need jq tar sbatch sinfo scontrol slurmctld slurmd munged munge
[ "$(id -u)" -eq 0 ] || e2e_skip_all "slurmd must run as root to start jobs here (run make check as root, as CI does)"

# ---- bring up munged, slurmctld, slurmd ----
pids=""
stop() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	sleep 1
	for p in $pids; do kill -9 "$p" 2>/dev/null; done
	chmod -R u+rwx "$W" 2>/dev/null
	rm -rf "$W"
}
trap stop EXIT
S="$W/slurm"
mkdir -p "$S/munge" "$S/state" "$S/spool"
chmod 700 "$S/munge"
dd if=/dev/urandom of="$S/munge/key" bs=1024 count=1 2>/dev/null
chmod 400 "$S/munge/key"
munged -F -f --socket="$S/munge/sock" --key-file="$S/munge/key" --pid-file="$S/munge/pid" \
	--seed-file="$S/munge/seed" --log-file="$S/munge/log" >"$S/munged.out" 2>&1 &
pids="$!"
# Ports of this run, so that parallel test runs do not meet.
port=$((20000 + $$ % 20000))
cat >"$S/slurm.conf" <<CONF
ClusterName=lttest
SlurmctldHost=localhost
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$S/munge/sock
CredType=cred/munge
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MailProg=/bin/true
NodeName=localhost CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
SLURM_CONF="$S/slurm.conf"
export SLURM_CONF
i=0
until munge -S "$S/munge/sock" -n >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 20 ] || e2e_skip_all "munged does not start here: $(tail -n 2 "$S/munged.out" | tr '\n' ' ')"
	sleep 0.25
done
slurmctld -D -i >"$S/slurmctld.out" 2>&1 &
pids="$pids $!"
slurmd -D -N localhost >"$S/slurmd.out" 2>&1 &
pids="$pids $!"
i=0
until sinfo -h -o '%T' 2>/dev/null | grep -q '^idle'; do
	i=$((i + 1))
	[ $i -lt 60 ] || e2e_skip_all "slurmctld/slurmd do not start here: $(tail -n 2 "$S/slurmctld.log" "$S/slurmd.log" 2>/dev/null | tr '\n' ' ')"
	sleep 0.25
done
ok "munged, slurmctld and slurmd are up (node idle)"

# ---- the recipe ----
recipe_evidence
recipe_path
check_cmd "single machine (N=1): ingest, scan, timelines" recipe_reference
check "the Slurm recipe is in doc/scale-out.md" "recipe_extract slurm"
check_cmd "the recipe submits its jobs" sh -e "$W/slurm.sh"
merge=$(sed -n 's/.*merge: job \([0-9]*\).*/\1/p' "$W/out")
check "the recipe names its merge job ($merge)" "[ -n '$merge' ]"
state=""
i=0
while [ $i -lt 240 ]; do
	state=$(scontrol show job "$merge" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
	case "$state" in COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY) break ;; esac
	reason=$(scontrol show job "$merge" 2>/dev/null | sed -n 's/.*Reason=\([A-Za-z]*\).*/\1/p')
	[ "$reason" = DependencyNeverSatisfied ] && break
	i=$((i + 1))
	sleep 0.25
done
check "the merge job completed after the 4 shard tasks (state ${state:-unknown})" "[ '$state' = COMPLETED ]"
if [ "$state" != COMPLETED ]; then
	for f in "$W"/cases/logs/*.log "$S/slurmctld.log"; do
		[ -f "$f" ] && { echo "  | $f:"; tail -n 5 "$f" | sed 's/^/  | /'; }
	done
fi
check "4 shard cases, one per array task" \
	"for i in 0 1 2 3; do jq -e --argjson i \$i '.shard.index == \$i and .shard.count == 4' '$W/cases/shard-'\$i/manifest.json >/dev/null || exit 1; done"
recipe_compare "$W/cases/merged"
e2e_finish
