#!/usr/bin/env bash
# `make test`: host unit tests, the host tools' tests (tests/tools/*.sh) and
# the unit tests that run under qemu-user (tests/unit/*.sh), each fuzz target
# for FUZZ_TEST_SECONDS (default 10), then every QEMU scenario (one QEMU per
# core). `make unit` (--unit-only) runs the first two groups, `make scenarios`
# (--scenarios-only) the last.
# Ends with one line "N passed, N failed"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
mode=${1:-all}
passed=0
failed=0
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2

if [ "$mode" != "--scenarios-only" ]; then
	echo "== host unit tests =="
	for t in build/host/tests/test_*; do
		[ -x "$t" ] || continue
		out=$("$t" 2>&1)
		p=$(echo "$out" | sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n1)
		f=$(echo "$out" | sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n1)
		p=${p:-0}
		f=${f:-0}
		if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
			f=1 # a binary that ran no test is a failure
		fi
		passed=$((passed + p))
		failed=$((failed + f))
		if [ "$f" -ne 0 ]; then
			echo "FAIL $(basename "$t"): $p passed, $f failed"
			echo "$out" | grep -E 'FAILED|ERROR|Failure|error:|failure' | sed 's/^/    /' | head -20
		else
			echo "PASS $(basename "$t"): $p tests"
		fi
	done

	echo "== host tools, and unit tests run under qemu-user =="
	for t in tests/tools/*.sh tests/unit/*.sh; do
		out=$(bash "$t" 2>&1)
		rc=$?
		p=$(echo "$out" | grep -c '^PASS ')
		f=$(echo "$out" | grep -c '^FAIL ')
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			f=1 # a script that failed without saying what
			out="$out
FAIL $(basename "$t"): exit $rc"
		fi
		passed=$((passed + p))
		failed=$((failed + f))
		echo "$out" | grep -v -E '^[0-9]+ passed, [0-9]+ failed$'
	done
fi

if [ "$mode" = "--unit-only" ]; then
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
fi

if [ "$mode" = "all" ]; then
	# each fuzz target for a short while (tests/fuzz/run.sh; `make fuzz` for longer)
	echo "== fuzz targets (${FUZZ_TEST_SECONDS:-10} s each) =="
	out=$(tests/fuzz/run.sh "${FUZZ_TEST_SECONDS:-10}" 2>&1)
	echo "$out"
	p=$(echo "$out" | grep -c '^PASS ')
	f=$(echo "$out" | grep -c '^FAIL ')
	passed=$((passed + p))
	failed=$((failed + f))
fi

echo "== QEMU scenarios =="
results=$(mktemp)
ls tests/scenarios/*.scn 2>/dev/null | xargs -r -n1 basename | sed 's/\.scn$//' |
	xargs -r -P "$jobs" -I{} tests/scenario.sh {} >"$results" 2>&1
cat "$results"
# make bench's run: only that it measures every figure, none is judged
echo "== make bench (every figure measured, none judged) =="
tests/bench.sh --check 2>&1 | tee -a "$results"
p=$(grep -c '^PASS ' "$results")
f=$(grep -c '^FAIL ' "$results")
rm -f "$results"
passed=$((passed + p))
failed=$((failed + f))

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
