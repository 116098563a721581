# shellcheck shell=bash
# Helpers shared by the project's scripts and its Makefile. Source it; it defines functions only
# (plus MT_ROOT, the repository root) and changes no shell options of its caller.

MT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

mt_log() { printf '==> %s\n' "$*" >&2; }
mt_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Prints the major version of the JDK at $1, or nothing when $1 is not a JDK.
mt_jdk_major() {
  local home=$1 version
  [[ -x "$home/bin/java" ]] || return 0
  if [[ -f "$home/release" ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  else
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version=${version#1.}
  printf '%s\n' "${version%%[.+-]*}"
}

# Exports JAVA_HOME (and PATH) for a JDK 25 or newer: JAVA_HOME when it is one, else an installed
# Temurin 25, else the java on PATH when it is new enough.
require_jdk25() {
  local candidate major
  local -a candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  for candidate in /usr/lib/jvm/temurin-25* /Library/Java/JavaVirtualMachines/temurin-25*/Contents/Home; do
    [[ -d "$candidate" ]] && candidates+=("$candidate")
  done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(cd "$(dirname "$(readlink -f "$(command -v java)")")/.." && pwd)")
  fi
  for candidate in "${candidates[@]}"; do
    major=$(mt_jdk_major "$candidate")
    if [[ -n "$major" && "$major" -ge 25 ]]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  mt_die "margin-topup needs JDK 25 or newer (found none in JAVA_HOME, /usr/lib/jvm/temurin-25* or on PATH).
  Install Temurin 25 (https://adoptium.net/installation/), e.g. on Debian/Ubuntu after adding
  the Adoptium apt repository: apt-get install temurin-25-jdk; on macOS: brew install --cask temurin@25.
  Then set JAVA_HOME to it, or leave it under /usr/lib/jvm/temurin-25*."
}

# Creates .venv at the repository root and installs infra/requirements.txt into it, again only
# when that file changed since the last successful install.
ensure_venv() {
  local venv="$MT_ROOT/.venv" requirements="$MT_ROOT/infra/requirements.txt"
  local stamp="$MT_ROOT/.venv/.requirements.sha256" wanted python
  wanted=$(mt_sha256 "$requirements") || mt_die "cannot read $requirements"
  if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
    return 0
  fi
  python=$(command -v python3 || true)
  [[ -n "$python" ]] || mt_die "python3 (3.9 or newer, with the venv module) is needed for the emulator and SAM CLI"
  mt_log "installing the emulator and SAM CLI into .venv (pinned in infra/requirements.txt; a minute or two the first time)"
  if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv" || mt_die "python3 -m venv failed (on Debian/Ubuntu: apt-get install python3-venv)"
  fi
  if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
      -r "$requirements" >"$venv/pip-install.log" 2>&1; then
    tail -n 30 "$venv/pip-install.log" >&2
    mt_die "installing infra/requirements.txt failed; the full log is $venv/pip-install.log"
  fi
  printf '%s\n' "$wanted" >"$stamp"
}

mt_sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

# Starts moto in server mode on a free local port and points every AWS client at it, unless
# AWS_ENDPOINT_URL already names an emulator (LocalStack, Floci, a moto started by hand).
start_emulator() {
  if [[ -n "${AWS_ENDPOINT_URL:-}" ]]; then
    mt_log "using the emulator at $AWS_ENDPOINT_URL"
    export AWS_REGION="${AWS_REGION:-us-east-1}"
    return 0
  fi
  local python="$MT_ROOT/.venv/bin/python" port deadline
  [[ -x "$MT_ROOT/.venv/bin/moto_server" ]] || mt_die "no .venv/bin/moto_server: run ensure_venv first"
  port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  mkdir -p "$MT_ROOT/target"
  MT_EMULATOR_LOG="$MT_ROOT/target/emulator-$port.log"
  # moto, serving one request at a time: see infra/bin/emulator.py for why.
  "$python" "$MT_ROOT/infra/bin/emulator.py" 127.0.0.1 "$port" >"$MT_EMULATOR_LOG" 2>&1 </dev/null &
  MT_EMULATOR_PID=$!
  deadline=$((SECONDS + 60))
  until "$python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
      "http://127.0.0.1:$port/moto-api/data.json" >/dev/null 2>&1; do
    if ! kill -0 "$MT_EMULATOR_PID" 2>/dev/null; then
      tail -n 20 "$MT_EMULATOR_LOG" >&2
      MT_EMULATOR_PID=
      mt_die "the emulator (moto) exited on start; its log is $MT_EMULATOR_LOG"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 20 "$MT_EMULATOR_LOG" >&2
      stop_emulator
      mt_die "the emulator did not answer on port $port within 60 s; its log is $MT_EMULATOR_LOG"
    fi
    sleep 0.2
  done
  # Only dummy credentials ever reach an emulator this script started.
  unset AWS_PROFILE AWS_SESSION_TOKEN
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
  mt_log "emulator (moto) listening at $AWS_ENDPOINT_URL, log in ${MT_EMULATOR_LOG#"$MT_ROOT/"}"
}

# Stops the emulator start_emulator started, if any. Safe to call more than once.
stop_emulator() {
  if [[ -n "${MT_EMULATOR_PID:-}" ]]; then
    kill "$MT_EMULATOR_PID" 2>/dev/null || true
    wait "$MT_EMULATOR_PID" 2>/dev/null || true
    MT_EMULATOR_PID=
  fi
}

# What the functions find in their environment on Lambda and need locally too: EMF metrics go to
# stdout as they do in Lambda, tagged with the service's name.
export_local_function_env() {
  export AWS_EMF_ENVIRONMENT=Local POWERTOOLS_SERVICE_NAME=margin-topup POWERTOOLS_METRICS_NAMESPACE=MarginTopup
}

# Builds infra/local and what it depends on (tests skipped) and prints the classpath to run its
# commands with. Quiet unless the build fails.
local_classpath() {
  local cp_file="$MT_ROOT/infra/local/target/classpath.txt" log="$MT_ROOT/target/local-build.log"
  mkdir -p "$MT_ROOT/target"
  if ! (cd "$MT_ROOT" && ./mvnw -B -q -ntp -pl infra/local -am -DskipTests package \
        dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime) >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    mt_die "the build failed (full log: $log)"
  fi
  printf '%s:%s\n' "$MT_ROOT/infra/local/target/classes" "$(cat "$cp_file")"
}
