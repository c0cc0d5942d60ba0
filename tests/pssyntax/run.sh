#!/bin/sh
# tests/pssyntax/run.sh: make check's PowerShell syntax check: installs the pinned tree-sitter grammar in the build tree, proves the checker catches a broken script, then parses every core/ops/*.ps1.
#
#   tests/pssyntax/run.sh               self-test, then every core/ops/*.ps1 (what make check runs)
#   tests/pssyntax/run.sh --self-test   only prove that check.js reports each error of broken.ps1.txt
#   tests/pssyntax/run.sh FILE...       parse these files
#
# Run from the top of the build tree (make check does, and exports srcdir).
# The packages go to tests/pssyntax/node_modules there, installed by `npm ci`
# from package-lock.json, once: again only when the lock file or the Node
# version changes. Once installed, nothing here needs the network.
# Exit: 0 clean; 1 a syntax error, or the self-test saw the checker miss one;
# 77 (automake's SKIP) only when node or npm is not installed at all;
# 99 (automake's ERROR) when the packages cannot be installed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=$(cd "${srcdir:-$here/../..}" && pwd)
top_builddir=$(pwd)
pkgsrc=$srcdir/tests/pssyntax
dir=$top_builddir/tests/pssyntax
modules=$dir/node_modules
stamp=$modules/.ipamvmm-installed

say() {
	printf 'pssyntax: %s\n' "$*"
}

for tool in node npm; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		say "SKIP: '$tool' is not installed, so the .ps1 files cannot be parsed." \
		    "Install Node.js and npm (Debian: apt-get install nodejs npm libnode-dev) to run this check."
		exit 77
	fi
done

# node-gyp builds tree-sitter's binding against Node's headers and, unless
# told where they are, downloads them from nodejs.org. Point it at the
# headers installed with Node (the nodejs package's include/node, Debian's
# libnode-dev) so that only the npm registry is needed.
find_node_headers() {
	prefix=$(node -p 'require("path").resolve(process.execPath, "..", "..")')
	for d in "$prefix" /usr /usr/local; do
		if [ -f "$d/include/node/node_api.h" ] && [ -f "$d/include/node/common.gypi" ]; then
			printf '%s\n' "$d"
			return 0
		fi
	done
	return 1
}

install_packages() {
	mkdir -p "$dir" || return 1
	if [ "$dir" != "$pkgsrc" ]; then
		cp "$pkgsrc/package.json" "$pkgsrc/package-lock.json" "$dir/" || return 1
	fi
	expected=$dir/.ipamvmm-expected
	{ cat "$pkgsrc/package-lock.json"; node --version; } >"$expected" || return 1
	if [ -d "$modules/tree-sitter" ] && cmp -s "$expected" "$stamp"; then
		rm -f "$expected"
		return 0
	fi
	if [ -z "${npm_config_nodedir:-}" ]; then
		if nodedir=$(find_node_headers); then
			npm_config_nodedir=$nodedir
			export npm_config_nodedir
		else
			say "no Node headers found next to $(command -v node), in /usr or /usr/local;" \
			    "node-gyp will try to download them (Debian: apt-get install libnode-dev)."
		fi
	fi
	say "installing the pinned tree-sitter packages in $modules"
	started=$(date +%s)
	# --prefer-offline: packages already in npm's cache are not fetched again
	if ! (cd "$dir" && npm ci --no-audit --no-fund --no-update-notifier --prefer-offline); then
		say "ERROR: npm ci failed in $dir (output above). It needs the npm registry" \
		    "(or npm's cache), a C++ compiler, python3 and Node's headers" \
		    "(npm_config_nodedir=${npm_config_nodedir:-unset})."
		rm -f "$expected"
		return 1
	fi
	say "installed in $(($(date +%s) - started)) s"
	mv "$expected" "$stamp"
}

check() {
	node "$here/check.js" --modules "$modules" "$@"
}

# The checker must be able to fail: broken.ps1.txt holds three deliberate
# errors, on lines 5 and 8 and an unclosed function reported where the file
# ends (line 16). Each must be reported, and nothing else.
self_test() {
	sample=$pkgsrc/broken.ps1.txt
	out=$(check "$sample")
	status=$?
	printf '%s\n' "$out" | sed 's/^/  self-test: /'
	ok=1
	[ "$status" -eq 1 ] || { say "self-test: check.js exited $status on the broken sample, not 1"; ok=0; }
	for line in 5 8 16; do
		printf '%s\n' "$out" | grep -q "^$sample:$line:[0-9]*: ERROR " ||
			{ say "self-test: the error on line $line of broken.ps1.txt was not reported"; ok=0; }
	done
	printf '%s\n' "$out" | grep -qx '1 files, 3 errors' ||
		{ say "self-test: expected exactly '1 files, 3 errors'"; ok=0; }
	if [ "$ok" -ne 1 ]; then
		say "FAIL: the syntax check cannot be trusted to catch errors"
		return 1
	fi
	say "self-test: check.js reports all 3 errors of broken.ps1.txt"
}

install_packages || exit 99

case ${1:-} in
--self-test)
	self_test
	exit $?
	;;
"")
	self_test || exit 1
	set -- "$srcdir"/core/ops/*.ps1
	[ -f "$1" ] || { say "FAIL: no .ps1 file in $srcdir/core/ops"; exit 1; }
	check "$@"
	exit $?
	;;
*)
	check "$@"
	exit $?
	;;
esac
