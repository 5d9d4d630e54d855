#!/bin/sh
# rtc: the PL031 through Linux's rtc-pl031 driver. rtc0 is rtc-pl031; its
# time (printed as "epoch N") is within 60 s of tessera.hosttime=N when that
# is given; a 2 s wake alarm raises the pl031's interrupt. With several CPUs
# the interrupt is then routed to the last one (smp_affinity_list: the
# distributor's GICD_IROUTER) and a second alarm must be counted there.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

rtc=/sys/class/rtc/rtc0
name=$(cat $rtc/name 2>/dev/null) || fail "no $rtc (no RTC driver bound)"
say "name $name"
case $name in
*rtc-pl031*) ;;
*) fail "rtc0 is '$name', not rtc-pl031" ;;
esac

epoch=$(cat $rtc/since_epoch) || fail "cannot read $rtc/since_epoch"
say "epoch $epoch"
if host=$(arg tessera.hosttime); then
	case $host in '' | *[!0-9]*) fail "tessera.hosttime=$host is not a number" ;; esac
	d=$((epoch - host))
	[ $d -lt 0 ] && d=$((-d))
	say "hosttime $host, difference ${d} s"
	[ $d -le 60 ] || fail "the RTC is ${d} s away from the host's clock (over 60 s)"
fi

# The driver names its interrupt "rtc-pl031" (/proc/interrupts).
before=$(irqsum pl031) || fail "no pl031 line in /proc/interrupts"
echo 0 >$rtc/wakealarm || fail "cannot clear $rtc/wakealarm"
echo +2 >$rtc/wakealarm || fail "cannot set $rtc/wakealarm"
say "alarm set for $(cat $rtc/wakealarm)"
after=$before
# shellcheck disable=SC2317 # called through poll
rose() {
	after=$(irqsum pl031)
	[ "$after" -gt "$before" ]
}
poll 8 rose
say "pl031 interrupts before $before after $after"
[ "$after" -gt "$before" ] || fail "no pl031 interrupt within 8 s of a 2 s alarm"

# on_cpu N: the pl031 line's count in CPU N's column of /proc/interrupts
on_cpu() {
	awk -v c="$1" '/pl031/ { print $(c + 2); exit }' /proc/interrupts
}
ncpu=$(grep -c '^processor' /proc/cpuinfo)
if [ "$ncpu" -ge 2 ]; then
	last=$((ncpu - 1))
	irq=$(awk -F: '/pl031/ { gsub(/ /, "", $1); print $1; exit }' /proc/interrupts)
	echo "$last" >"/proc/irq/$irq/smp_affinity_list" ||
		fail "cannot route IRQ $irq to CPU $last"
	b=$(on_cpu "$last")
	{ echo 0 >$rtc/wakealarm && echo +2 >$rtc/wakealarm; } || fail "cannot set the alarm again"
	a=$b
	# shellcheck disable=SC2317 # called through poll
	moved() {
		a=$(on_cpu "$last")
		[ "$a" -gt "$b" ]
	}
	poll 8 moved
	say "routed to CPU $last: its pl031 interrupts before $b after $a"
	[ "$a" -gt "$b" ] || fail "the alarm routed to CPU $last was not taken there"
fi
pass
