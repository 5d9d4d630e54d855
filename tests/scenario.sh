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
#             live log still has CR line ends, so end a pattern with .?$ not $.
#             Sequential: each pattern must match a line after the one that
#             fired the previous pair, and after every line already there when
#             that pair's text was sent (so one pattern can be used twice,
#             e.g. for a guest that boots twice)
#   TYPE_AHEAD  text typed on the console before QEMU starts (printf %b
#             escapes), as a key a user holds down at power-on: it waits in
#             QEMU's input until the machine reads it
#   MONITOR   array of pairs like SEND, but the text is a QEMU (HMP) monitor
#             command, e.g. system_powerdown, sent through a unix socket with
#             socat (scripts/install-deps.sh); its answers go to NAME.log.monitor.
#             Sequential among themselves like SEND; SEND and MONITOR run side by
#             side, each in its own order
#   CHECK     shell run after QEMU exits (optional), after the output checks;
#             it fails the scenario if it fails. It can read "$log" (the output,
#             CR-free), e.g. to find a string the guest wrote to a disk file
#             that PREPARE made (QEMU_OPTS: -drive if=none,...,file=FILE)
#   EXIT      "poweroff" (default): QEMU must exit by itself before TIMEOUT;
#             "timeout": QEMU is expected to be still running at TIMEOUT
#   REPEAT    number of QEMU runs (default 1), each judged as above; the first
#             that fails fails the scenario (its log is the one kept)
# Prints "PASS name" or "FAIL name: reason" (plus the log's tail) and exits 0/1.
set -u
cd "$(dirname "$0")/.." || exit 1
name=$1
scn=tests/scenarios/$name.scn
out=build/test/scenarios
mkdir -p "$out"
log=$out/$name.log

# shellcheck disable=SC2034 # DESC is for readers (tests/scenarios/README.md)
DESC="" QEMU_OPTS="" MACHINE="virt,virtualization=on,gic-version=3"
KERNEL=build/tessera.bin INITRD="" APPEND="" DTB="" PREPARE="" CHECK="" TIMEOUT=60
EXPECT=() EXPECT_ORDER=() FORBID=() EXPECT_SAME=() SEND=() MONITOR=() EXIT=poweroff REPEAT=1
TYPE_AHEAD=""
# shellcheck disable=SC1090
source "$scn"

if [ "$REPEAT" -gt 1 ] && [ -z "${SCENARIO_RUN:-}" ]; then
	t0=$(date +%s%N)
	for ((run = 1; run <= REPEAT; run++)); do
		if ! res=$(SCENARIO_RUN=$run bash "$0" "$name"); then
			echo "$res" | sed "1s/^FAIL $name: /FAIL $name: run $run of $REPEAT: /"
			exit 1
		fi
	done
	echo "PASS $name ($REPEAT runs, $((($(date +%s%N) - t0) / 1000000)) ms)"
	exit 0
fi

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

[ $((${#SEND[@]} % 2)) -eq 0 ] || fail "SEND needs pairs: a regex, then the text"
[ $((${#MONITOR[@]} % 2)) -eq 0 ] || fail "MONITOR needs pairs: a regex, then the command"
mon=$out/$name.mon
if [ ${#MONITOR[@]} -gt 0 ]; then
	command -v socat >/dev/null || fail "MONITOR needs socat (scripts/install-deps.sh)"
	rm -f "$mon"
	args=(-M "$MACHINE" -nographic -net none -monitor "unix:$mon,server=on,wait=off")
else
	args=(-M "$MACHINE" -nographic -net none -monitor none)
fi
[ -n "$KERNEL" ] && args+=(-kernel "$KERNEL")
[ -n "$INITRD" ] && args+=(-initrd "$INITRD")
[ -n "$APPEND" ] && args+=(-append "$APPEND")
[ -n "$DTB" ] && args+=(-dtb "$DTB")
# shellcheck disable=SC2206
args+=($QEMU_OPTS)

# await REGEX AFTER: waits until a line after line AFTER of the live log
# matches REGEX, then prints that line's number; status 1 at the deadline.
await() {
	local n
	while :; do
		n=$(tail -n +$(($2 + 1)) "$log" 2>/dev/null | grep -a -n -m1 -E -- "$1" | cut -d: -f1)
		[ -n "$n" ] && echo $(($2 + n)) && return 0
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.2
	done
}
# Lines complete (newline-ended) in the live log.
log_lines() { wc -l <"$log"; }

# drive WHAT ACT PAIR...: for each (regex, text) pair in order, waits for the
# regex after the previous action, then runs ACT TEXT. A pattern never seen
# is written to $log.WHAT-err; the one still awaited to $log.WHAT-pending
# (so a QEMU that exits before it shows fails the scenario too).
drive() {
	local what=$1 act=$2 i at=0 n
	shift 2
	local pairs=("$@")
	deadline=$((SECONDS + TIMEOUT))
	printf '%s\n' "${pairs[0]}" >"$log.$what-pending"
	for ((i = 0; i < ${#pairs[@]}; i += 2)); do
		at=$(await "${pairs[i]}" "$at") ||
			{ echo "never saw /${pairs[i]}/" >"$log.$what-err"; return; }
		if [ $((i + 2)) -lt ${#pairs[@]} ]; then
			printf '%s\n' "${pairs[i + 2]}" >"$log.$what-pending"
		else
			rm -f "$log.$what-pending"
		fi
		# the lines there as the action fires (not after it): an answer
		# can come before the action returns
		n=$(log_lines)
		[ "$n" -gt "$at" ] && at=$n
		"$act" "${pairs[i + 1]}" || return
	done
}

# Types SEND's texts into QEMU's console; stdout is QEMU's stdin.
type_text() {
	printf '%b' "$1"
	sleep 0.5
}
send_input() {
	[ -n "$TYPE_AHEAD" ] && printf '%b' "$TYPE_AHEAD"
	[ ${#SEND[@]} -gt 0 ] && drive send type_text "${SEND[@]}"
	sleep "$TIMEOUT" # keep stdin open (QEMU stops reading at EOF); killed below
}

# One HMP command through the monitor socket; QEMU's answer goes to
# $log.monitor, without the line editor's echo (the lines with escapes).
# socat waits 2 s after sending (-t) for the answer.
monitor_cmd() {
	local ans=$log.monitor-answer
	until [ -S "$mon" ]; do
		[ $SECONDS -ge "$deadline" ] && { echo "no monitor socket $mon" >"$log.monitor-err"; return 1; }
		sleep 0.2
	done
	echo "(qemu) $1" >>"$log.monitor"
	if ! printf '%s\n' "$1" | timeout 10 socat -t 2 - "UNIX-CONNECT:$mon" >"$ans" 2>&1; then
		echo "socat could not send '$1' to $mon: $(head -c 200 "$ans")" >"$log.monitor-err"
		return 1
	fi
	grep -av $'\e' "$ans" >>"$log.monitor"
	if grep -aq '^unknown command' "$ans"; then
		echo "QEMU does not know '$1'" >"$log.monitor-err"
		return 1
	fi
	rm -f "$ans"
}

start=$(date +%s%N)
rm -f "$log".{send,monitor}-{err,pending} "$log.monitor" "$log.check"
: >"$log"
helpers=()
if [ ${#MONITOR[@]} -gt 0 ]; then
	drive monitor monitor_cmd "${MONITOR[@]}" &
	helpers+=($!)
fi
if [ ${#SEND[@]} -gt 0 ] || [ -n "$TYPE_AHEAD" ]; then
	fifo=$log.stdin
	rm -f "$fifo" && mkfifo "$fifo"
	timeout --kill-after=5 "$TIMEOUT" qemu-system-aarch64 "${args[@]}" <"$fifo" \
		>"$log" 2>&1 &
	qemu_pid=$!
	send_input >"$fifo" 2>/dev/null &
	helpers+=($!)
	wait "$qemu_pid"
	rc=$?
	rm -f "$fifo"
else
	timeout --kill-after=5 "$TIMEOUT" qemu-system-aarch64 "${args[@]}" </dev/null >"$log" 2>&1
	rc=$?
fi
for p in "${helpers[@]}"; do
	pkill -P "$p" 2>/dev/null
	kill "$p" 2>/dev/null
	wait "$p" 2>/dev/null
done
rm -f "$mon"
ms=$((($(date +%s%N) - start) / 1000000))
tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"

for w in send:"console input" monitor:monitor; do
	f=$log.${w%%:*}
	[ -f "$f-err" ] && fail "${w#*:}: $(cat "$f-err")"
	[ -f "$f-pending" ] && fail "${w#*:}: QEMU ended before /$(cat "$f-pending")/ showed"
done
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
if [ -n "$CHECK" ] && ! (eval "$CHECK") >"$log.check" 2>&1; then
	fail "CHECK failed: $(tail -n 5 "$log.check" | tr '\n' ' ')"
fi
echo "PASS $name (${ms} ms)"
