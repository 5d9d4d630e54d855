#!/bin/sh
# gpiokeys: the PL061 GPIO controller and its interrupt, through Linux's
# pl061 and gpio_keys drivers. Prints "ready" once the gpio-keys event device
# is open, then waits (60 s, or tessera.keywait=SECONDS) for KEY_POWER
# pressed: the scenario sends QEMU's monitor "system_powerdown", which QEMU's
# virt board turns into a pulse on pl061 pin 3. The pl061 interrupt count
# must have gone up.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

wait=$(arg tessera.keywait) || wait=60
case $wait in '' | *[!0-9]*) fail "tessera.keywait=$wait is not a number" ;; esac

chip=""
for g in /sys/class/gpio/gpiochip*; do
	case $(cat "$g/label" 2>/dev/null) in *pl061*) chip=$g ;; esac
done
[ -n "$chip" ] || fail "no pl061 gpiochip in /sys/class/gpio"
say "gpiochip ${chip##*/} label $(cat "$chip/label")"

modload evdev || fail "cannot load evdev"
modload gpio_keys || fail "cannot load gpio_keys"
ev=""
# shellcheck disable=SC2317 # called through poll
find_ev() {
	for e in /sys/class/input/event*; do
		if [ "$(cat "$e/device/name" 2>/dev/null)" = gpio-keys ] && [ -c "/dev/input/${e##*/}" ]; then
			ev=/dev/input/${e##*/}
			return 0
		fi
	done
	return 1
}
poll 10 find_ev || fail "no gpio-keys input device within 10 s"
# The key's interrupt is a pl061 child: "... 9030000.pl061 3 Edge GPIO Key Poweroff".
before=$(irqsum pl061) || fail "no pl061 line in /proc/interrupts"

# One reader for the whole wait, opened before "ready": the press is not lost.
evs=/tmp/gpiokeys.ev
: >"$evs"
dd if="$ev" of="$evs" bs=24 count=64 2>/dev/null &
reader=$!
# shellcheck disable=SC2317 # called through poll
reader_open() {
	for f in "/proc/$reader/fd/"*; do
		[ "$(readlink "$f" 2>/dev/null)" = "$ev" ] && return 0
	done
	return 1
}
poll 5 reader_open || fail "the reader did not open $ev"
say "ready ($ev)"

# struct input_event on arm64: 16 bytes timeval, u16 type, u16 code, s32
# value; as 12 u16 a line, fields 9-11 are type, code, value (low half).
# shellcheck disable=SC2317 # called through poll
key() { od -An -v -w24 -tu2 "$evs" | awk -v v="$1" '$9 == 1 && $10 == 116 && $11 == v { f = 1 } END { exit !f }'; }
# shellcheck disable=SC2317 # called through poll
pressed() { key 1; }
# shellcheck disable=SC2317 # called through poll
released() { key 0; }
poll "$wait" pressed
ok=$?
# the release follows the press by a moment: wait for it too (bounded)
[ $ok = 0 ] && { poll 10 released || say "no release event within 10 s of the press"; }
kill "$reader" 2>/dev/null
od -An -v -w24 -tu2 "$evs" | awk '{ print "TEST: gpiokeys: event type " $9 " code " $10 " value " $11 }'
after=$(irqsum pl061)
say "pl061 interrupts before $before after $after"
[ $ok = 0 ] || fail "no KEY_POWER press on $ev within $wait s"
[ "$after" -gt "$before" ] || fail "KEY_POWER seen but the pl061 interrupt count did not go up"
pass
