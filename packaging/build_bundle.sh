#!/usr/bin/env bash
# Build the one-folder bundle dist/cablereader/ with PyInstaller, from scratch if needed.
#
#   packaging/build_bundle.sh            # from anywhere; paths are relative to the repo
#
# Steps (each safe to repeat, so the script is idempotent):
#   1. a build venv of its own (default build/bundle-venv, never the project's dev venv),
#   2. pip install <project> pyinstaller  (+ Pillow on Windows/macOS, for the .ico/.icns),
#      from a fresh copy of the source tree in build/bundle-src, so setuptools' in-tree
#      build/ leftovers can never leak stale modules into the bundle,
#   3. pyinstaller packaging/cablereader.spec  -> dist/cablereader/ (replaced each time),
#   4. print the bundle path, its size and the elapsed time.
#
# Environment:
#   PYTHON                 interpreter for the venv (default python3.11, else python3)
#   CABLEREADER_BUNDLE_VENV  venv location (default build/bundle-venv)
#   PYINSTALLER_REQ        PyInstaller requirement (default pinned, see below)
#   CLEAN=1                also drop PyInstaller's cache and work folder first
set -euo pipefail
# (Empty arrays are expanded as ${a[@]+"${a[@]}"}: macOS still ships bash 3.2, where
# "${a[@]}" of an empty array trips `set -u`.)

started=$(date +%s)
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${CABLEREADER_BUNDLE_VENV:-$ROOT/build/bundle-venv}"
SRC="$ROOT/build/bundle-src"
WORK="$ROOT/build/pyinstaller"
DIST="$ROOT/dist"
PYINSTALLER_REQ="${PYINSTALLER_REQ:-pyinstaller==6.22.3}"

if [[ -z "${PYTHON:-}" ]]; then
    PYTHON=$(command -v python3.11 || command -v python3 || command -v python)
fi

case "$(uname -s)" in
    MINGW*|MSYS*|CYGWIN*) platform=windows; VPY="$VENV/Scripts/python.exe" ;;
    Darwin) platform=macos; VPY="$VENV/bin/python" ;;
    *) platform=linux; VPY="$VENV/bin/python" ;;
esac

echo "==> build venv: $VENV"
if ! "$VPY" -c "import sys; assert sys.version_info >= (3, 11)" 2>/dev/null; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi

echo "==> source copy: $SRC"
rm -rf "$SRC"
mkdir -p "$SRC"
# Everything but VCS data, build output, caches and bulky dev-only folders.
tar -C "$ROOT" -cf - \
    --exclude=./.git --exclude=./build --exclude=./dist --exclude=./.venv \
    --exclude='*.egg-info' --exclude=__pycache__ --exclude=.pytest_cache \
    --exclude=.mypy_cache --exclude=.ruff_cache --exclude=.hypothesis \
    --exclude=./screenshots --exclude=./benchmarks --exclude=./tests \
    . | tar -C "$SRC" -xf -

echo "==> installing the project and $PYINSTALLER_REQ"
extra=()
if [[ $platform != linux ]]; then
    extra+=(pillow)  # only for the .ico/.icns conversion; never bundled (spec excludes PIL)
fi
"$VPY" -m pip install --quiet --upgrade pip
"$VPY" -m pip install --quiet "$PYINSTALLER_REQ" ${extra[@]+"${extra[@]}"}
# --force-reinstall --no-deps: always the current source, even at an unchanged version.
"$VPY" -m pip install --quiet "$SRC"
"$VPY" -m pip install --quiet --force-reinstall --no-deps "$SRC"
"$VPY" -m pip check

if [[ "${CLEAN:-0}" == 1 ]]; then
    rm -rf "$WORK"
    clean=(--clean)
else
    clean=()
fi

echo "==> pyinstaller $("$VPY" -m PyInstaller --version)"
# Run from the build folder so nothing of the checkout shadows the installed package.
(cd "$ROOT/build" && "$VPY" -m PyInstaller --noconfirm ${clean[@]+"${clean[@]}"} --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" "$ROOT/packaging/cablereader.spec")

BUNDLE="$DIST/cablereader"
if [[ ! -d "$BUNDLE" ]]; then
    echo "build_bundle: $BUNDLE was not produced" >&2
    exit 1
fi
elapsed=$(( $(date +%s) - started ))
echo "==> bundle: $BUNDLE"
echo "size: $(du -sh "$BUNDLE" | cut -f1) ($(du -sk "$BUNDLE" | cut -f1) KiB)"
echo "build time: ${elapsed}s"
