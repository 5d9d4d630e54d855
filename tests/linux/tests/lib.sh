# shellcheck shell=sh
# Sourced by every /tests/NAME.sh (not a test itself). Gives the test's name
# and the helpers below. /init (tests/linux/init) runs a test as
# `sh /tests/NAME.sh`; the verdict file tells it the test reached a verdict.

TEST=${0##*/}
TEST=${TEST%.sh}

# say TEXT: one "TEST: NAME: TEXT" line on the console.
say() { echo "TEST: $TEST: $*"; }
pass() {
	say PASS
	: >"/tmp/verdict.$TEST"
	exit 0
}
# fail REASON: the last line; the test stops here.
fail() {
	say "FAIL $*"
	: >"/tmp/verdict.$TEST"
	exit 1
}

# arg KEY: the VALUE of KEY=VALUE on the kernel command line; 1 if absent.
arg() {
	# shellcheck disable=SC2013 # words, not lines
	for w in $(cat /proc/cmdline); do
		case $w in "$1="*)
			echo "${w#*=}"
			return 0
			;;
		esac
	done
	return 1
}

# irqsum REGEX: the count, summed over CPUs and lines, of the /proc/interrupts
# lines matching REGEX; prints nothing (status 1) when no line matches.
irqsum() {
	awk -v re="$1" '
		NR == 1 { n = NF; next }
		$0 ~ re { m++; for (i = 2; i <= n + 1; i++) s += $i }
		END { if (m) print s + 0; else exit 1 }' /proc/interrupts
}

# modload NAME: insmod /lib/modules/NAME.ko after what it depends on
# (/lib/modules/deps, written by scripts/linux-assets.sh); nothing if loaded.
modload() {
	[ -d "/sys/module/$1" ] && return 0
	# shellcheck disable=SC2013 # the words after the name
	for d in $(sed -n "s/^$1 //p" /lib/modules/deps); do
		modload "$d" || return 1
	done
	[ -f "/lib/modules/$1.ko" ] || {
		say "no /lib/modules/$1.ko in the initramfs"
		return 1
	}
	insmod "/lib/modules/$1.ko" || {
		say "insmod $1 failed"
		return 1
	}
}

# poll SECONDS CMD...: runs CMD every 0.2 s until it succeeds (status 0) or
# SECONDS have passed (status 1).
poll() {
	n=$(($1 * 5))
	shift
	while ! "$@"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.2
	done
}
