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

# Prints the help text file $1 (relative to the repository root) and exits when the remaining
# arguments ask for -h or --help: the answer comes before anything is built or started, so the first
# --help on a fresh clone is as quick as any other. The command's Java class prints the same file.
answer_help_from() {
  local text=$1 arg
  shift
  for arg in "$@"; do
    case "$arg" in
      -h | --help) cat "$MT_ROOT/$text"; exit 0 ;;
    esac
  done
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
  mt_log "installing the emulator (moto) and SAM CLI into .venv, pinned in infra/requirements.txt (once; 1-3 minutes)"
  local started=$SECONDS
  if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv" || mt_die "python3 -m venv failed (on Debian/Ubuntu: apt-get install python3-venv)"
  fi
  if ! mt_with_heartbeat "installing into .venv" bash -c \
      '"$1" -m pip install --quiet --disable-pip-version-check -r "$2" >"$3" 2>&1' \
      _ "$venv/bin/python" "$requirements" "$venv/pip-install.log"; then
    tail -n 30 "$venv/pip-install.log" >&2
    mt_die "installing infra/requirements.txt failed; the full log is $venv/pip-install.log"
  fi
  printf '%s\n' "$wanted" >"$stamp"
  mt_log "installed in $((SECONDS - started)) s"
}

if command -v sha256sum >/dev/null 2>&1; then
  MT_SHA256=(sha256sum)
else
  MT_SHA256=(shasum -a 256)
fi

# The SHA-256 of file $1 ("-": standard input).
mt_sha256() {
  "${MT_SHA256[@]}" "$1" | cut -d ' ' -f 1
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
  mt_log "starting the emulator (moto in server mode; a few seconds)"
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
  mt_log "emulator (moto) listening at $AWS_ENDPOINT_URL after $((SECONDS + 60 - deadline)) s, log in ${MT_EMULATOR_LOG#"$MT_ROOT/"}"
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
# commands with. Quiet unless the build fails; builds only when the sources changed.
local_classpath() {
  module_classpath infra/local "the functions and the local environment" \
    shared functions infra/paper-venue infra/venue-dialects infra/local
}

# Prints the runtime classpath of module $1, building it and what it depends on first (tests
# skipped) unless the build next to it was made from the sources it has now: the hash of the
# root and module poms and every src/main file of the modules $3... is kept beside the classpath.
# $2 says what is built, for the progress lines. Quiet unless it builds or the build fails.
module_classpath() {
  local module=$1 what=$2
  shift 2
  local target="$MT_ROOT/$module/target" wanted status=0
  wanted=$(mt_sources_hash "$@")
  if ! mt_build_current "$module" "$wanted"; then
    # Two commands started at once build one after the other; the second then finds the build current.
    mt_build_lock_take
    mt_build_current "$module" "$wanted" || mt_build "$module" "$what" "$wanted" || status=$?
    mt_build_lock_release
    ((status == 0)) || exit "$status"
  fi
  printf '%s:%s\n' "$target/classes" "$(cat "$target/classpath.txt")"
}

# True when module $1 was built from the sources whose hash is $2 and its classpath is all there.
mt_build_current() {
  local stamp="$MT_ROOT/$1/target/classpath.sources.sha256"
  [[ -f "$stamp" && "$(cat "$stamp")" == "$2" ]] && mt_classpath_present "$1"
}

# Builds module $1 ($2 says what that is) and notes the sources hash $3 beside its classpath.
mt_build() {
  local module=$1 what=$2 wanted=$3
  local target="$MT_ROOT/$module/target" log="$MT_ROOT/target/build-${module//\//-}.log"
  local seconds_file="$target/classpath.seconds" estimate="" started=$SECONDS
  mkdir -p "$MT_ROOT/target"
  [[ -f "$seconds_file" ]] && estimate=" (last build took $(cat "$seconds_file") s)"
  mt_first_build_notes
  mt_log "building $what with Maven, tests skipped$estimate; log in ${log#"$MT_ROOT/"}"
  if ! mt_with_heartbeat "building $what" \
      bash -c 'cd "$1" && ./mvnw -B -q -ntp -pl "$2" -am -DskipTests package dependency:build-classpath \
        -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >"$3" 2>&1' _ "$MT_ROOT" "$module" "$log"; then
    tail -n 40 "$log" >&2
    printf 'error: the build failed (full log: %s)\n' "$log" >&2
    return 1
  fi
  printf '%s\n' "$((SECONDS - started))" >"$seconds_file"
  printf '%s\n' "$wanted" >"$target/classpath.sources.sha256"
  mt_log "built in $((SECONDS - started)) s"
}

# One build at a time in this checkout. A lock left by a command that died is taken over.
mt_build_lock_take() {
  local lock="$MT_ROOT/target/build.lock" said=""
  mkdir -p "$MT_ROOT/target"
  until mkdir "$lock" 2>/dev/null; do
    if [[ -f "$lock/pid" ]] && ! kill -0 "$(cat "$lock/pid" 2>/dev/null)" 2>/dev/null; then
      rm -rf "$lock"
      continue
    fi
    [[ -n "$said" ]] || mt_log "waiting for another command's build in this checkout to finish"
    said=yes
    sleep 1
  done
  printf '%s\n' "$$" >"$lock/pid"
}

mt_build_lock_release() {
  rm -rf "$MT_ROOT/target/build.lock"
}

# The hash of the root pom, the Maven wrapper's settings, and each given module's poms and main
# sources (tests are not on a command's classpath), in a stable order.
mt_sources_hash() {
  (
    cd "$MT_ROOT" || exit 1
    { printf '%s\n' pom.xml .mvn/wrapper/maven-wrapper.properties
      find "$@" -name target -prune -o -type f \( -name pom.xml -o -path '*/src/main/*' \) -print
    } | LC_ALL=C sort | tr '\n' '\0' | xargs -0 "${MT_SHA256[@]}"
  ) | mt_sha256 -
}

# True when every entry of module $1's recorded classpath is still there (a clean of one module
# leaves the others' stamps in place).
mt_classpath_present() {
  local cp_file="$MT_ROOT/$1/target/classpath.txt" entry
  local -a entries
  [[ -f "$cp_file" && -d "$MT_ROOT/$1/target/classes" ]] || return 1
  IFS=: read -r -a entries <"$cp_file"
  for entry in "${entries[@]}"; do
    [[ -e "$entry" ]] || return 1
  done
}

# What a first build on this machine does besides compiling, said before it starts.
mt_first_build_notes() {
  local m2="${MAVEN_USER_HOME:-$HOME/.m2}"
  if [[ ! -d "$m2/wrapper/dists" ]]; then
    mt_log "first build on this machine: downloading Maven itself into $m2/wrapper (once, under a minute)"
  fi
  if [[ ! -d "$m2/repository/software/amazon/awssdk" ]]; then
    mt_log "first build on this machine: downloading the dependencies into $m2/repository (once, 2-4 minutes)"
  fi
}

# The report's layout tests render it in headless Chromium (decision 0018). Installs Debian's
# chromium when none is found and this shell may install packages (root with apt-get, as in a CI
# container); anywhere else it says how to get one, and those tests are skipped with that reason.
ensure_chromium() {
  local candidate
  for candidate in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then
      return 0
    fi
  done
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    mt_log "no headless Chromium: the report's layout tests will be skipped (install Debian's chromium, or set CHROMIUM)"
    return 0
  fi
  local log="$MT_ROOT/target/chromium-install.log"
  mt_log "installing Debian's chromium for the report's layout tests (once, a minute or two)"
  mkdir -p "$MT_ROOT/target"
  if ! mt_with_heartbeat "installing chromium" bash -c \
      'DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >"$1" 2>&1' _ "$log"; then
    mt_log "  the package index may be stale; updating it once"
    if ! mt_with_heartbeat "updating the package index and installing chromium" bash -c \
        '{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } >>"$1" 2>&1' _ "$log"; then
      tail -n 20 "$log" >&2
      mt_die "installing chromium failed; the log is target/chromium-install.log (set CHROMIUM to a Chromium of your own to use it instead)"
    fi
  fi
}

# Runs a command; while it runs, says every 30 s that "$1" is still going and for how long.
mt_with_heartbeat() {
  local what=$1 started=$SECONDS next pid status=0
  shift
  "$@" &
  pid=$!
  next=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if ((SECONDS >= next)) && kill -0 "$pid" 2>/dev/null; then
      mt_log "  ... still $what ($((SECONDS - started)) s)"
      next=$((SECONDS + 30))
    fi
  done
  wait "$pid" || status=$?
  return "$status"
}
