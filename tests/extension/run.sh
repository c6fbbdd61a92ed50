#!/usr/bin/env bash
# Runs every test of the browser extension: unit tests (node --test + jsdom), ESLint with
# eslint-plugin-no-unsanitized, web-ext lint, and end to end in Chromium (playwright-core)
# and Firefox ESR (web-ext) with the REAL lurewatch-host. Installs what it needs (Debian
# packages, the npm packages pinned in package-lock.json). Non-interactive; exits non-zero
# on any failure; the last line is "N passed, N failed".
#
# Environment:
#   LUREWATCH_HOST  a built lurewatch-host to use instead of building build-ext/ (the
#                   fixture fixtures/fake-host.mjs works for extension development only)
#   LW_ARTIFACTS    where screenshots go (default: <repo>/artifacts/extension)
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
export LW_ARTIFACTS="${LW_ARTIFACTS:-$REPO/artifacts/extension}"
PASSED=0
FAILED=0

# Prints a step heading.
step() { printf '\n=== %s\n' "$*"; }

# Records one check that passed or failed.
check() {
  local name="$1"; shift
  if "$@"; then PASSED=$((PASSED + 1)); echo "PASS: $name"
  else FAILED=$((FAILED + 1)); echo "FAIL: $name"; return 1; fi
}

# Runs node's test runner on files and adds its own pass/fail counts to ours.
node_tests() {
  local out rc pass fail
  out="$(mktemp)"
  node --test --test-concurrency=1 "$@" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$out" | tail -1)
  fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$out" | tail -1)
  rm -f "$out"
  PASSED=$((PASSED + ${pass:-0}))
  FAILED=$((FAILED + ${fail:-0}))
  if [ "$rc" -ne 0 ] && [ "${fail:-0}" -eq 0 ]; then FAILED=$((FAILED + 1)); echo "FAIL: node --test $* exited $rc"; fi
}

# Installs the Debian packages the browser tests need, if any is missing.
install_debian() {
  local pkgs=(chromium firefox-esr fonts-noto fonts-noto-cjk fonts-noto-color-emoji)
  local missing=()
  for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo -n"
  $sudo apt-get -o Acquire::Retries=3 update -qq \
    && DEBIAN_FRONTEND=noninteractive $sudo apt-get -o Acquire::Retries=3 install -y -qq "${missing[@]}"
}

# Installs the npm packages pinned in package-lock.json unless they are there. The npm
# registry is the one place this reaches over the network, and a CI run once failed on it:
# a failed attempt is tried again after 15 s and 30 s, and npm says why each time. A subshell,
# so that the script's own directory stays as it was.
install_npm() (
  cd "$HERE" || return 1
  [ -d node_modules ] && npm ls --depth=0 >/dev/null 2>&1 && return 0
  local attempt
  for attempt in 1 2 3; do
    npm ci --no-audit --no-fund --loglevel=error && return 0
    echo "npm ci failed (attempt $attempt of 3)" >&2
    [ "$attempt" -lt 3 ] && sleep $((attempt * 15))
  done
  return 1
)

# Builds the real native host unless LUREWATCH_HOST names one.
build_host() {
  if [ -n "${LUREWATCH_HOST:-}" ]; then [ -x "$LUREWATCH_HOST" ]; return; fi
  cmake -S "$REPO" -B "$REPO/build-ext" >/dev/null \
    && cmake --build "$REPO/build-ext" --target lurewatch-host -j"$(nproc)" >/dev/null \
    || return 1
  local path
  for path in "$REPO/build-ext/lurewatch-host" "$REPO/build-ext/host/lurewatch-host"; do
    if [ -x "$path" ]; then export LUREWATCH_HOST="$path"; return 0; fi
  done
  return 1
}

step "setup"
check "Debian packages (chromium, firefox-esr, Noto fonts)" install_debian
if ! check "npm packages (package-lock.json)" install_npm; then
  # Every later step needs them (jsdom, ESLint, web-ext, playwright-core): say so once
  # instead of failing each step after its own time-out.
  echo "Without the npm packages the unit, lint and end-to-end tests cannot run."
  echo "$PASSED passed, $FAILED failed"
  exit 1
fi
check "extension builds (production and test)" bash -c "cd '$REPO/extension' && node build.mjs && node build.mjs --test"
check "lurewatch-host builds" build_host
echo "host: ${LUREWATCH_HOST:-none}"
mkdir -p "$LW_ARTIFACTS"

step "unit tests"
cd "$HERE" && node_tests unit/

step "lint"
check "eslint" bash -c "cd '$REPO' && '$HERE/node_modules/.bin/eslint' -c tests/extension/eslint.config.mjs extension/src extension/build.mjs tests/extension"
check "web-ext lint dist/firefox" bash -c "cd '$HERE' && node_modules/.bin/web-ext lint --source-dir '$REPO/extension/dist/firefox' --warnings-as-errors --no-input --output text >/tmp/lw-webext-lint.txt 2>&1 || { cat /tmp/lw-webext-lint.txt; exit 1; }"

step "end to end: Chromium"
if [ -x "${LUREWATCH_HOST:-}" ]; then node_tests e2e/chromium.test.mjs; else FAILED=$((FAILED + 1)); echo "FAIL: no host to run Chromium end to end"; fi

step "end to end: the case log and the HTML reports (Chromium)"
if [ -x "${LUREWATCH_HOST:-}" ]; then node_tests e2e/caselog.test.mjs; else FAILED=$((FAILED + 1)); echo "FAIL: no host to run the case log end to end"; fi

step "end to end: Firefox"
if [ -x "${LUREWATCH_HOST:-}" ]; then node_tests e2e/firefox.test.mjs; else FAILED=$((FAILED + 1)); echo "FAIL: no host to run Firefox end to end"; fi

echo
echo "screenshots and timings: $LW_ARTIFACTS"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
