#!/bin/sh
# iomem: what this guest has, for the scenario to check: every /proc/iomem
# line ("TEST: iomem: mem <line>") and every device on the platform and AMBA
# buses ("TEST: iomem: dev platform <name>", "... dev amba <name>"; the
# PL011, PL031 and PL061 are AMBA devices, e.g. "dev amba 9030000.pl061").
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

[ -r /proc/iomem ] || fail "no /proc/iomem"
while IFS= read -r l; do
	say "mem $l"
done </proc/iomem
for bus in platform amba; do
	for d in "/sys/bus/$bus/devices/"*; do
		[ -e "$d" ] && say "dev $bus ${d##*/}"
	done
done
pass
