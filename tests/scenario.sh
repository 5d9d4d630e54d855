#!/usr/bin/env bash
# Runs one QEMU scenario (tests/scenarios/NAME.scn) and judges its serial output.
#
# A scenario file is bash that sets:
#   DESC      one line: what it shows
#   QEMU_OPTS CPU, SMP, memory and anything else for qemu-system-aarch64
#   MACHINE   default virt,virtualization=on,gic-version=3
#   KERNEL    default build/tessera.bin; empty: no -kernel (e.g. U-Boot as -bios)
#   INITRD    payload file (optional), APPEND bootargs (optional), DTB (optional)
#   PREPARE   shell run before QEMU (optional), e.g. to build a broken DTB
#   TIMEOUT   seconds before QEMU is killed (default 60)
#   EXPECT    array of extended regexes that must each match a line
#   EXPECT_ORDER  array of regexes that must match lines in this order (optional)
#   FORBID    array of regexes no line may match
#   EXPECT_SAME   array of regex pairs; each regex has one capture group holding a
#             number (0x hex or decimal). The first line matching each regex of a
#             pair is taken, and the two numbers must be equal. This ties values
#             from different lines, e.g. FAR_EL2 to the address a self test printed.
#   SEND      array of pairs: a regex to wait for in the output, then the text
#             to type on the console (printf %b escapes: \\n, \\x14 = Ctrl-T);
#             a pattern that never shows fails the scenario at TIMEOUT; the
#             live log still has CR line ends, so end a pattern with .?$ not $
#   EXIT      "poweroff" (default): QEMU must exit by itself before TIMEOUT;
#             "timeout": QEMU is expected to be still running at TIMEOUT
# Prints "PASS name" or "FAIL name: reason" (plus the log's tail) and exits 0/1.
set -u
cd "$(dirname "$0")/.." || exit 1
name=$1
scn=tests/scenarios/$name.scn
out=build/test/scenarios
mkdir -p "$out"
log=$out/$name.log

DESC="" QEMU_OPTS="" MACHINE="virt,virtualization=on,gic-version=3"
KERNEL=build/tessera.bin INITRD="" APPEND="" DTB="" PREPARE="" TIMEOUT=60
EXPECT=() EXPECT_ORDER=() FORBID=() EXPECT_SAME=() SEND=() EXIT=poweroff
# shellcheck disable=SC1090
source "$scn"

fail() {
	echo "FAIL $name: $*"
	echo "---- last lines of $log ----"
	tail -n 25 "$log" | sed 's/^/    /'
	exit 1
}

if [ -n "$PREPARE" ]; then
	if ! (eval "$PREPARE") >"$log.prepare" 2>&1; then
		cp "$log.prepare" "$log"
		fail "PREPARE step failed"
	fi
fi

args=(-M "$MACHINE" -nographic -net none -monitor none)
[ -n "$KERNEL" ] && args+=(-kernel "$KERNEL")
[ -n "$INITRD" ] && args+=(-initrd "$INITRD")
[ -n "$APPEND" ] && args+=(-append "$APPEND")
[ -n "$DTB" ] && args+=(-dtb "$DTB")
# shellcheck disable=SC2206
args+=($QEMU_OPTS)

# Types SEND's texts into QEMU's console as their patterns show up.
send_input() {
	local i deadline=$((SECONDS + TIMEOUT))

	for ((i = 0; i < ${#SEND[@]}; i += 2)); do
		until grep -aqE -- "${SEND[i]}" "$log" 2>/dev/null; do
			[ $SECONDS -ge $deadline ] && { echo "never saw /${SEND[i]}/" >"$log.send"; return; }
			sleep 0.2
		done
		printf '%b' "${SEND[i + 1]}"
		sleep 0.5
	done
	sleep "$TIMEOUT" # keep stdin open (QEMU stops reading at EOF); killed below
}

start=$(date +%s%N)
rm -f "$log.send"
if [ ${#SEND[@]} -gt 0 ]; then
	: >"$log"
	fifo=$log.stdin
	rm -f "$fifo" && mkfifo "$fifo"
	timeout --kill-after=5 "$TIMEOUT" qemu-system-aarch64 "${args[@]}" <"$fifo" \
		>"$log" 2>&1 &
	qemu_pid=$!
	send_input >"$fifo" 2>/dev/null &
	send_pid=$!
	wait "$qemu_pid"
	rc=$?
	pkill -P "$send_pid" 2>/dev/null
	kill "$send_pid" 2>/dev/null
	wait "$send_pid" 2>/dev/null
	rm -f "$fifo"
else
	timeout --kill-after=5 "$TIMEOUT" qemu-system-aarch64 "${args[@]}" </dev/null >"$log" 2>&1
	rc=$?
fi
ms=$((($(date +%s%N) - start) / 1000000))
tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"

[ -f "$log.send" ] && fail "console input: $(cat "$log.send")"
case "$EXIT" in
poweroff) [ $rc -eq 124 ] || [ $rc -eq 137 ] && fail "QEMU still running after ${TIMEOUT}s (hang?)"
	[ $rc -ne 0 ] && fail "QEMU exited with status $rc" ;;
timeout) [ $rc -ne 124 ] && fail "QEMU exited (status $rc) but was expected to keep running" ;;
esac

for re in "${EXPECT[@]}"; do
	grep -aqE -- "$re" "$log" || fail "expected output missing: /$re/"
done
for re in "${FORBID[@]}"; do
	if grep -aqE -- "$re" "$log"; then
		fail "forbidden output present: /$re/: $(grep -a -m1 -E -- "$re" "$log")"
	fi
done
line=0
for re in "${EXPECT_ORDER[@]}"; do
	n=$(tail -n +$((line + 1)) "$log" | grep -a -n -m1 -E -- "$re" | cut -d: -f1)
	[ -n "$n" ] || fail "expected, after line $line, output /$re/"
	line=$((line + n))
done
# First capture group of the first line matching $1.
capture() {
	local l
	while IFS= read -r l; do
		[[ $l =~ $1 ]] && echo "${BASH_REMATCH[1]}" && return 0
	done < <(tr -d '\000' <"$log")
	return 1
}
[ $((${#EXPECT_SAME[@]} % 2)) -eq 0 ] || fail "EXPECT_SAME needs pairs of regexes"
for ((i = 0; i < ${#EXPECT_SAME[@]}; i += 2)); do
	ra=${EXPECT_SAME[i]} rb=${EXPECT_SAME[i + 1]}
	a=$(capture "$ra") || fail "expected output missing: /$ra/"
	b=$(capture "$rb") || fail "expected output missing: /$rb/"
	[[ $a =~ ^(0x[0-9a-fA-F]+|[0-9]+)$ && $b =~ ^(0x[0-9a-fA-F]+|[0-9]+)$ ]] ||
		fail "EXPECT_SAME captured non-numbers: '$a' /$ra/, '$b' /$rb/"
	[[ $a == 0x* ]] && va=$((a)) || va=$((10#$a))
	[[ $b == 0x* ]] && vb=$((b)) || vb=$((10#$b))
	[ "$va" -eq "$vb" ] || fail "values differ: $a from /$ra/, $b from /$rb/"
done
echo "PASS $name (${ms} ms)"
