#!/usr/bin/env bash
# `make lint`: formatting (clang-format, rules in .clang-format) and static
# analysis (cppcheck) of every C file in src/ include/ tests/unit/ tests/fuzz/
# tools/.
# Exits non-zero on any finding. Not part of `make test`.
#   tests/lint.sh            check everything
#   tests/lint.sh FILE...    check only these files
set -u
cd "$(dirname "$0")/.." || exit 2

for tool in clang-format cppcheck; do
	if ! command -v "$tool" >/dev/null; then
		echo "lint: $tool is missing (Debian: apt-get install clang-format cppcheck)" >&2
		exit 2
	fi
done

if [ $# -gt 0 ]; then
	files=("$@")
else
	mapfile -t files < <(find src include tests/unit tests/fuzz tools -name '*.[ch]' 2>/dev/null | sort)
fi
# Headers written for the assembler (.macro) are not C.
c_files=()
for f in "${files[@]}"; do
	grep -q '^[[:space:]]*\.macro' "$f" || c_files+=("$f")
done

status=0
fmt_bad=()
for f in "${c_files[@]}"; do
	clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || fmt_bad+=("$f")
done
if [ ${#fmt_bad[@]} -gt 0 ]; then
	status=1
	echo "clang-format: ${#fmt_bad[@]} file(s) not formatted (fix: clang-format -i FILE):"
	printf '    %s\n' "${fmt_bad[@]}"
	# the first differences, so the report says what is wrong
	for f in "${fmt_bad[@]:0:3}"; do
		clang-format "$f" | diff -u "$f" - | head -n 20 | sed 's/^/    /'
	done
else
	echo "clang-format: ${#c_files[@]} files OK"
fi

# cppcheck cannot see libfdt (a system header); it needs the one macro that
# changes control flow, or it gives up on the function ("unknownMacro").
cfg=$(mktemp --suffix=.h)
trap 'rm -f "$cfg"' EXIT
cat >"$cfg" <<'EOF'
#define fdt_for_each_subnode(node, fdt, parent)                                          \
	for (node = fdt_first_subnode(fdt, parent); node >= 0;                           \
	     node = fdt_next_subnode(fdt, node))
EOF
# comparePointers in boot*.c: sizes computed from linker symbols (__image_end -
# __image_start), which C sees as distinct arrays.
if ! cppcheck --quiet --error-exitcode=1 --std=c11 --inline-suppr \
	--enable=warning,portability,performance \
	--suppress=missingIncludeSystem \
	--suppress='comparePointers:src/core/boot*.c' \
	--include="$cfg" -Iinclude -Itests/unit -j "$(nproc)" \
	--template='{file}:{line}: {severity}: {message} [{id}]' "${c_files[@]}" 2>&1; then
	status=1
	echo "cppcheck: findings above"
else
	echo "cppcheck: ${#c_files[@]} files OK"
fi
exit $status
