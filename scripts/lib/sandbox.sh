# shellcheck shell=bash
# Sourced by scripts/test, scripts/bench and scripts/demo: the one way they
# build cliq-sandbox, start it and wait for it.
#
#   start_sandbox debug|release LOG [ARG...]
#
# Builds cliq-sandbox (cargo, that profile), starts it in the background with
# ARG... and its output in LOG, waits (at most 10 s) for the one line it
# prints on start, `cliq-sandbox listening on http://HOST:PORT`
# (docs/sandbox.md), and sets SANDBOX_URL and SANDBOX_PID. The sandbox is
# stopped when the calling script exits, whatever the reason (this sets the
# EXIT, INT and TERM traps). If it exits or stays silent instead, its output
# is shown and start_sandbox fails.

SANDBOX_PID=""
SANDBOX_URL=""

stop_sandbox() {
  if [ -n "$SANDBOX_PID" ]; then
    kill "$SANDBOX_PID" 2>/dev/null || true
    wait "$SANDBOX_PID" 2>/dev/null || true
    SANDBOX_PID=""
  fi
}

start_sandbox() {
  local profile=$1 log=$2
  shift 2
  local flags=(--quiet -p cliq-sandbox)
  [ "$profile" = release ] && flags+=(--release)
  cargo build "${flags[@]}" || return 1
  trap stop_sandbox EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  "${CARGO_TARGET_DIR:-target}/$profile/cliq-sandbox" "$@" >"$log" 2>&1 &
  SANDBOX_PID=$!
  local _
  for _ in $(seq 100); do
    SANDBOX_URL=$(sed -n 's/^cliq-sandbox listening on \(http[^ ]*\).*/\1/p' "$log" | head -1)
    [ -n "$SANDBOX_URL" ] && return 0
    kill -0 "$SANDBOX_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$log" >&2
  echo "cliq-sandbox did not start: cliq-sandbox $*" >&2
  stop_sandbox
  return 1
}
