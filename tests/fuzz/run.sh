#!/usr/bin/env bash
# Runs fuzz targets (built by `make fuzz-build`) one after the other:
#   tests/fuzz/run.sh SECONDS [NAME...]     (default: every build/fuzz/fuzz_*)
# Each runs SECONDS on build/fuzz/corpus/NAME (kept, it grows) plus the seeds
# in build/fuzz/seeds/NAME. Prints "PASS fuzz NAME: N runs ..." or
# "FAIL fuzz NAME: ..." with the input that broke it, saved under
# build/fuzz/findings/ (replay: build/fuzz/fuzz_NAME FILE). Exits 1 on a finding.
# FUZZ_JOBS=N runs N targets at once (default 1); FUZZ_NICE=N renices them.
set -u
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-60}
shift || true
fz=build/fuzz
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for b in "$fz"/fuzz_*; do
		[ -x "$b" ] && names+=("${b##*/fuzz_}")
	done
fi
[ ${#names[@]} -gt 0 ] || { echo "FAIL fuzz: no targets (make fuzz-build)"; exit 1; }

# Per-target options: larger inputs only where the format needs them.
opts_for() {
	case $1 in
	fit) echo "-max_len=65536" ;;
	config | inventory) echo "-max_len=16384" ;;
	image) echo "-max_len=1024" ;;
	*) echo "-max_len=512" ;;
	esac
}

one() {
	local n=$1 bin=$fz/fuzz_$1 corpus=$fz/corpus/$1 seeds=$fz/seeds/$1
	local log=$fz/logs/$1.log runs cov
	mkdir -p "$corpus" "$fz/findings" "$fz/logs"
	[ -x "$bin" ] || { echo "FAIL fuzz $n: $bin missing (make fuzz-build)"; return 1; }
	# shellcheck disable=SC2046
	nice -n "${FUZZ_NICE:-0}" "$bin" -max_total_time="$secs" -print_final_stats=1 \
		-timeout=20 -rss_limit_mb=2048 $(opts_for "$n") \
		-artifact_prefix="$fz/findings/$n-" "$corpus" "$seeds" >"$log" 2>&1
	local rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1)
	if [ $rc -ne 0 ]; then
		echo "FAIL fuzz $n: exit $rc after ${runs:-?} runs; $(grep -m1 -E 'ERROR:|promise broken|runtime error' "$log")"
		grep -E 'Test unit written to' "$log" | sed 's/^/    /'
		return 1
	fi
	echo "PASS fuzz $n: ${runs:-?} runs in ${secs}s, ${cov:-cov: ?}, corpus $(find "$corpus" -type f | wc -l) inputs"
}

status=0
jobs=${FUZZ_JOBS:-1}
if [ "$jobs" -le 1 ]; then
	for n in "${names[@]}"; do one "$n" || status=1; done
else
	export -f one opts_for
	export fz secs
	printf '%s\n' "${names[@]}" | xargs -P "$jobs" -I{} bash -c 'one {}' || status=1
fi
exit $status
