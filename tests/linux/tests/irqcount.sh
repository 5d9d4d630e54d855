#!/bin/sh
# irqcount: for each REGEX of tessera.irq=REGEX[,REGEX...], the count in
# /proc/interrupts summed over CPUs and over the lines matching it:
# "TEST: irqcount: REGEX COUNT" (and each such line as "line ...").
# E.g. tessera.irq=pl031 (the RTC), pl061 (the power key), virtio0.
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

res=$(arg tessera.irq) || fail "no tessera.irq=REGEX on the command line"
bad=""
for re in $(echo "$res" | tr ',' ' '); do
	grep -E "$re" /proc/interrupts | while IFS= read -r l; do
		say "line $l"
	done
	if n=$(irqsum "$re"); then
		say "$re $n"
	else
		bad="$bad $re"
	fi
done
[ -z "$bad" ] || fail "no /proc/interrupts line matches:$bad"
pass
