#!/usr/bin/env bash
# Smoke test of the built bundle, unattended and headless (no display, no person needed).
#
#   packaging/smoke_test.sh [BUNDLE_DIR]        # default: dist/cablereader
#
# Checks, all against the frozen executables only (no project venv involved), run from a
# copy of the bundle in a temporary folder unless RELOCATE=0:
#   1. `cablereader --version` prints "cablereader <version of the source tree>".
#   2. `cablereader import` of a small synthetic cable page written below, then
#      `show`, `search` (SQLite FTS5) and `link`: the parsers and the store work frozen;
#      `install-desktop`/`uninstall-desktop` into the temporary XDG_DATA_HOME: the bundled
#      desktop entry, metainfo and icons are found, Exec points at the bundle's gui exe.
#   2a. an import of 450 generated pages and of a generated 64 MiB cables.csv: both big
#      enough for the importer's worker processes, which a frozen bundle must start right.
#   3. The window, with QT_QPA_PLATFORM=offscreen, two ways:
#      a. the smoke hook of packaging/launcher.py (CABLEREADER_SMOKE_QUIT_MS): opens the
#         window through cablereader.app.main, prints that it is visible, then closes it
#         and ends the event loop by itself; must exit 0;
#      b. the plain `cablereader-gui --db DB REFID`, exactly as the desktop entry runs it,
#         under `timeout`: the app has no option to quit by itself, so "still running after
#         GUI_SECONDS with no traceback on stderr, then killed by timeout (exit 124)" is
#         taken as the window having opened and its event loop running. While it runs,
#         a second launch on the same store must hand its link over and exit 0 within
#         10 s (single-instance via QtNetwork's QLocalSocket), checked when the running
#         app listens on a cablereader-* local socket in TMPDIR (Linux, macOS).
# Everything is written under a temporary folder (store, settings, sockets), removed at
# the end. Exit status 0 only when every check passed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUNDLE="${1:-$ROOT/dist/cablereader}"
GUI_SECONDS="${GUI_SECONDS:-20}"
EXE_SUFFIX=""
case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) EXE_SUFFIX=".exe" ;; esac
CLI="$BUNDLE/cablereader$EXE_SUFFIX"
GUI="$BUNDLE/cablereader-gui$EXE_SUFFIX"

# GNU timeout; on macOS it comes with Homebrew's coreutils as gtimeout.
if ! command -v timeout >/dev/null; then
    if command -v gtimeout >/dev/null; then
        timeout() { gtimeout "$@"; }
    else
        echo "smoke_test: needs timeout(1) (GNU coreutils)" >&2; exit 2
    fi
fi

failures=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }

for exe in "$CLI" "$GUI"; do
    [[ -x "$exe" ]] || { echo "smoke_test: $exe not found; run packaging/build_bundle.sh" >&2; exit 2; }
done

TMP="$(mktemp -d "${TMPDIR:-/tmp}/cablereader-smoke.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
# Keep the real user's settings, data folder and /tmp untouched; Qt puts the
# single-instance socket in TMPDIR.
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data"
export XDG_CACHE_HOME="$TMP/cache" XDG_RUNTIME_DIR="$TMP/runtime" TMPDIR="$TMP"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export QT_QPA_PLATFORM=offscreen
unset CABLEREADER_DB CABLEREADER_SMOKE_QUIT_MS
DB="$TMP/store/cables.db"
mkdir -p "$TMP/store"

echo "bundle: $BUNDLE"
if [[ "${RELOCATE:-1}" == 1 ]]; then
    # Run a copy somewhere else, proving the bundle needs neither the checkout nor its
    # build path (RELOCATE=0 runs it in place).
    mkdir -p "$TMP/relocated"
    cp -a "$BUNDLE" "$TMP/relocated/"
    BUNDLE="$TMP/relocated/$(basename "$BUNDLE")"
    CLI="$BUNDLE/cablereader$EXE_SUFFIX"
    GUI="$BUNDLE/cablereader-gui$EXE_SUFFIX"
    echo "running a relocated copy: $BUNDLE"
fi

# --- 1. version -------------------------------------------------------------------
expected_version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/cablereader/__init__.py")
out=$("$CLI" --version 2>&1); rc=$?
echo "\$ cablereader --version"; echo "$out"
if [[ $rc -eq 0 && "$out" == "cablereader $expected_version" ]]; then
    pass "--version prints cablereader $expected_version"
else
    fail "--version: exit $rc, expected 'cablereader $expected_version'"
fi

# --- 2. import, show, search, link ---------------------------------------------------
REFID=09PARIS1234
PAGES="$TMP/pages/cable/2009/05"
mkdir -p "$PAGES"
# A page shaped like the site's December 2010 build: 5-column reference table, the
# header and the body in <pre> blocks with &#x000A; line breaks and ¶ paragraph anchors.
cat > "$PAGES/$REFID.html" <<'HTML'
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">
<html><head><title>Cable Viewer</title></head><body>
<div class='pane big'>
<h3>Viewing cable 09PARIS1234, SMOKE TEST OF THE FROZEN BUNDLE</h3>
<table class='cable'>
<tr>
<th>Reference ID</th>
<th>Created</th>
<th>Released</th>
<th>Classification</th>
<th>Origin</th>
</tr>
<tr>
<td>
<a href='/cable/2009/05/09PARIS1234.html'>09PARIS1234</a>
</td>
<td>
<a href='/date/2009-05_0.html'>2009-05-14 16:04</a>
</td>
<td>
<a href='/reldate/2010-12-05_0.html'>2010-12-05 12:00</a>
</td>
<td>
<a href='/classification/2_0.html' title='CONFIDENTIAL'>CONFIDENTIAL</a>
</td>
<td>
<a href='/origin/41_0.html'>Embassy Paris</a>
</td>
</tr>
</table>
<code><pre>VZCZCXRO1234&#x000A;O 141644Z MAY 09&#x000A;FM AMEMBASSY PARIS&#x000A;TO SECSTATE WASHDC IMMEDIATE 1234</pre></code>
<code><pre>C O N F I D E N T I A L PARIS 001234 &#x000A; &#x000A;E.O. 12958: DECL: 05/14/2019 &#x000A;TAGS: <a href='/tag/PREL_0.html'>PREL</a> <a href='/tag/FR_0.html'>FR</a> &#x000A;SUBJECT: SMOKE TEST OF THE FROZEN BUNDLE &#x000A; &#x000A;<a id='par1' href='#par1'>¶</a>1. (C) THE MINISTER DISCUSSED PERIWINKLE COOPERATION WITH THE EMBASSY. &#x000A; &#x000A;<a id='par2' href='#par2'>¶</a>2. (C) OFFICIALS NOTED THAT THE AGREEMENT WOULD BE SIGNED IN JUNE. &#x000A; &#x000A;RIVKIN &#x000A;</pre></code>
</div></body></html>
HTML

echo "\$ cablereader import --db DB PAGES"
out=$("$CLI" import --db "$DB" "$TMP/pages" 2>&1); rc=$?
echo "$out"
if [[ $rc -eq 0 ]] && grep -Eq '^added: +1$' <<<"$out"; then
    pass "import added the synthetic page"
else
    fail "import: exit $rc, expected 'added: 1'"
fi

echo "\$ cablereader show --db DB $REFID"
out=$("$CLI" show --db "$DB" "$REFID" 2>&1); rc=$?
echo "$out"
if [[ $rc -eq 0 ]] && grep -q "Reference ID   $REFID" <<<"$out" \
    && grep -q "Origin         Embassy Paris" <<<"$out" && grep -q "PERIWINKLE" <<<"$out"; then
    pass "show prints the parsed cable"
else
    fail "show: exit $rc, reference box or body missing"
fi

echo "\$ cablereader search --db DB --json periwinkle"
out=$("$CLI" search --db "$DB" --json periwinkle 2>&1); rc=$?
echo "$out"
if [[ $rc -eq 0 ]] && grep -q '"total": 1' <<<"$out" && grep -q "\"reference_id\": \"$REFID\"" <<<"$out"; then
    pass "full-text search (FTS5) finds the cable"
else
    fail "search: exit $rc, expected one hit for $REFID"
fi

echo "\$ cablereader link --db DB $REFID#par2"
out=$("$CLI" link --db "$DB" "$REFID#par2" 2>&1); rc=$?
echo "$out"
if [[ $rc -eq 0 ]] && grep -q "$REFID" <<<"$out" && grep -q "par2" <<<"$out"; then
    pass "link resolves a paragraph"
else
    fail "link: exit $rc"
fi

# --- 2a. a release big enough to start the importer's process pools ------------------
# 400+ pages, or a CSV of 64 MiB+, are parsed in worker processes; in a frozen bundle each
# worker re-runs the executable, which must hand it to multiprocessing (freeze_support)
# rather than to the command line. SMOKE_PAGES / SMOKE_CSV_MB change the sizes.
BIG="$TMP/big"
BIG_DB="$TMP/store/big.db"
echo "\$ python3 packaging/smoke_data.py BIG --pages ${SMOKE_PAGES:-450} --csv-mb ${SMOKE_CSV_MB:-64}"
if made=$(python3 "$ROOT/packaging/smoke_data.py" "$BIG" --pages "${SMOKE_PAGES:-450}" \
        --csv-mb "${SMOKE_CSV_MB:-64}"); then
    echo "$made  (cores: $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?'))"
    big_pages=$(sed -n 's/.*"pages": \([0-9]*\).*/\1/p' <<<"$made")
    big_rows=$(sed -n 's/.*"csv_rows": \([0-9]*\).*/\1/p' <<<"$made")
    first_page=$(sed -n 's/.*"first_page": "\([^"]*\)".*/\1/p' <<<"$made")
    for what in pages cables.csv; do
        case $what in pages) expected=$big_pages ;; *) expected=$big_rows ;; esac
        echo "\$ cablereader import --db BIG_DB BIG/$what"
        started=$(date +%s)
        out=$("$CLI" import --db "$BIG_DB" "$BIG/$what" 2>&1); rc=$?
        took=$(( $(date +%s) - started ))
        echo "$out" | tail -n 12
        if [[ $rc -eq 0 ]] && grep -Eq "^added: +$expected\$" <<<"$out" \
            && ! grep -Eq 'Traceback|BrokenProcessPool|unrecognized arguments' <<<"$out"; then
            pass "big import of $what: $expected cables added in ${took}s"
        else
            fail "big import of $what: exit $rc after ${took}s, expected 'added: $expected'"
        fi
    done
    out=$("$CLI" show --db "$BIG_DB" "$first_page" 2>&1); rc=$?
    if [[ $rc -eq 0 ]] && grep -q "Reference ID   $first_page" <<<"$out"; then
        pass "a cable of the big import reads back ($first_page)"
    else
        fail "show $first_page from the big import: exit $rc"
    fi
    rm -rf "$BIG"
else
    fail "could not generate the big release (python3 packaging/smoke_data.py)"
fi

# --- 2b. install-desktop: the bundled data files are found, Exec is the bundle's gui ---
echo "\$ XDG_DATA_HOME=TMP/data cablereader install-desktop"
out=$("$CLI" install-desktop 2>&1); rc=$?
echo "$out"
APP_ID=io.github.cablereader.CableReader
entry="$XDG_DATA_HOME/applications/$APP_ID.desktop"
bundle_gui="$(cd "$BUNDLE" && pwd -P)/cablereader-gui$EXE_SUFFIX"
if [[ $rc -eq 0 && -f "$entry" && -f "$XDG_DATA_HOME/metainfo/$APP_ID.metainfo.xml" \
      && -f "$XDG_DATA_HOME/icons/hicolor/256x256/apps/cablereader.png" \
      && -f "$XDG_DATA_HOME/icons/hicolor/scalable/apps/cablereader.svg" ]] \
    && grep -q "^Exec=$bundle_gui %u\$" "$entry"; then
    pass "install-desktop wrote the entry (Exec=$bundle_gui %u), metainfo and icons"
else
    fail "install-desktop: exit $rc, or files/Exec line not as expected"; cat "$entry" 2>/dev/null
fi
if command -v desktop-file-validate >/dev/null && [[ -f "$entry" ]]; then
    if desktop-file-validate "$entry"; then
        pass "installed desktop entry is valid"
    else
        fail "desktop-file-validate $entry"
    fi
fi
out=$("$CLI" uninstall-desktop 2>&1); rc=$?
if [[ $rc -eq 0 && ! -e "$entry" ]]; then
    pass "uninstall-desktop removed $(grep -c '^removed' <<<"$out") files"
else
    fail "uninstall-desktop: exit $rc"
fi

# --- 3a. window through the launcher's smoke hook -------------------------------------
echo "\$ CABLEREADER_SMOKE_QUIT_MS=1500 cablereader-gui --db DB $REFID"
out=$(CABLEREADER_SMOKE_QUIT_MS=1500 timeout 60 "$GUI" --db "$DB" "$REFID" 2>"$TMP/gui-a.err"); rc=$?
echo "$out"; cat "$TMP/gui-a.err"
if [[ $rc -eq 0 ]] && grep -qE "smoke: window '(cables\.db — )?Cable Reader' visible on 'offscreen'" <<<"$out" \
    && ! grep -q Traceback "$TMP/gui-a.err"; then
    pass "window opened offscreen and the app quit by itself"
else
    fail "window (smoke hook): exit $rc"
fi

# --- 3b. the plain gui executable under timeout, plus a second launch ----------------
echo "\$ timeout $GUI_SECONDS cablereader-gui --db DB $REFID   (expecting exit 124)"
timeout "$GUI_SECONDS" "$GUI" --db "$DB" "$REFID" >"$TMP/gui-b.out" 2>"$TMP/gui-b.err" &
gui_pid=$!
# Wait for the running app's socket (not a fixed pause): until it appears or the app ends.
listening=""
while [[ -z "$listening" ]] && kill -0 "$gui_pid" 2>/dev/null; do
    for socket in "$TMP"/cablereader-*; do [[ -S "$socket" ]] && listening="$socket"; done
    [[ -n "$listening" ]] || sleep 0.1
done
if [[ -z "$listening" ]]; then
    echo "SKIP  single-instance hand-over: the running app made no cablereader-* socket in"
    echo "      TMPDIR (a build without single-instance, or a platform using named pipes)"
else
    start=$(date +%s)
    timeout 10 "$GUI" --db "$DB" "$REFID#par1" >"$TMP/gui-c.out" 2>"$TMP/gui-c.err"; rc_second=$?
    took=$(( $(date +%s) - start ))
    cat "$TMP/gui-c.out" "$TMP/gui-c.err"
    if [[ $rc_second -eq 0 ]] && ! grep -q Traceback "$TMP/gui-c.err"; then
        pass "second launch handed its link to the running window and exited 0 (${took}s)"
    else
        fail "second launch: exit $rc_second (124 = it opened a window of its own)"
    fi
fi
wait "$gui_pid"; rc=$?
cat "$TMP/gui-b.out" "$TMP/gui-b.err"
if [[ $rc -eq 124 ]] && ! grep -q Traceback "$TMP/gui-b.err"; then
    pass "cablereader-gui ran ${GUI_SECONDS}s with no traceback until timeout ended it (124)"
else
    fail "cablereader-gui: exit $rc before the timeout (expected 124)"
fi

if [[ $failures -eq 0 ]]; then
    echo "smoke test: all checks passed"
else
    echo "smoke test: $failures check(s) failed"
fi
exit $(( failures > 0 ))
