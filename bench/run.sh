#!/usr/bin/env bash
# bench/run.sh: the benchmark of segment-onesignal-bridge, in one command.
#
#   bench/run.sh                    full run (~15 min): writes bench/results/<UTC time>.md + .json, rewrites BENCHMARKS.md
#   QUICK=1 bench/run.sh            smoke test (~3 min: 5 s warm-up, one 5 s run each); results in bench/results/tmp/
#   SCENARIOS="1 2" bench/run.sh    only some scenarios (1 Data In CPU, 2 Data In at 1000/s with 50 ms upstream,
#                                   3 Data Out batching, 4 start-up and RSS, 5 mapping micro-benchmark with JMH,
#                                   6 Kafka mode: a real broker, two instances, beside direct mode)
#   SKIP_BUILD=1 bench/run.sh       do not rebuild the bridge jar, bench/target/bench.jar and bench/target/jmh.jar
#
# What it does: installs wrk if missing (apt-get), builds the bridge (repository root: mvn -q -B -DskipTests package)
# and the bench module (bench/pom.xml), then runs bench/lib/harness.py, which starts the fake API (CPU 1, beside wrk),
# then the Vert.x ceiling, the Camel floor and the bridge one at a time on CPU 0 (-Xmx512m -XX:+UseG1GC), warms each
# up, measures with wrk on CPU 1 (-t1 -c64), rejects and retries runs with > 5 % foreign CPU, and writes the results.
# Scenario 5 runs JMH (bench/target/jmh.jar, bench.MappingBench) on CPU 0 before any server starts; jmh.jar takes the
# bridge's classes from target/original-segment-onesignal-bridge.jar (the root build's unshaded jar).
# Loopback only (127.0.0.1). Every process started is stopped on exit, Ctrl-C or failure; the whole run is bounded
# by TOTAL_TIMEOUT_S (default 2400 s). Other knobs (WARMUP_S, RUN_S, RUNS, CONNS, SERVER_CPUS, ...): BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
mkdir -p bench/results/tmp

SCENARIOS_LIST=$(echo "${SCENARIOS:-1 2 3 4 5 6}" | tr ',' ' ')
needs_wrk=0
for s in $SCENARIOS_LIST; do case "$s" in 1|2|3|4|6) needs_wrk=1 ;; esac; done

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if [ "$needs_wrk" = 1 ] && ! command -v wrk >/dev/null; then
  echo "[bench] installing wrk" >&2
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
for tool in java mvn python3 taskset jcmd; do
  command -v "$tool" >/dev/null || { echo "[bench] missing $tool" >&2; exit 2; }
done
if [ "$(nproc)" -lt 2 ]; then echo "[bench] needs 2 CPUs (server on CPU 0, wrk on CPU 1)" >&2; exit 2; fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "[bench] building the bridge (mvn -q -B -DskipTests package)" >&2
  mvn -q -B -DskipTests package
  # bench/pom.xml compiles MappingBench against ../target/original-segment-onesignal-bridge.jar (system scope), so
  # the root must be packaged first; nothing is installed into ~/.m2
  echo "[bench] building bench/ (mvn -q -B -f bench/pom.xml package)" >&2
  mvn -q -B -f bench/pom.xml package
  case " $SCENARIOS_LIST " in *" 6 "*)
    # scenario 6 runs Kafka's own broker and tools from Kafka's Maven artifacts (bench/kafka/pom.xml)
    echo "[bench] copying Kafka's jars (mvn -q -B -f bench/kafka/pom.xml package)" >&2
    mvn -q -B -f bench/kafka/pom.xml package ;;
  esac
fi
[ -f target/segment-onesignal-bridge.jar ] || { echo "[bench] no target/segment-onesignal-bridge.jar" >&2; exit 2; }
[ -f bench/target/bench.jar ] || { echo "[bench] no bench/target/bench.jar" >&2; exit 2; }
case " $SCENARIOS_LIST " in *" 6 "*)
  ls bench/kafka/target/lib/kafka_2.13-*.jar >/dev/null 2>&1 || { echo "[bench] no bench/kafka/target/lib (run without SKIP_BUILD=1)" >&2; exit 2; } ;;
esac
case " $SCENARIOS_LIST " in *" 5 "*)
  for f in bench/target/jmh.jar target/original-segment-onesignal-bridge.jar; do
    [ -f "$f" ] || { echo "[bench] no $f (run without SKIP_BUILD=1)" >&2; exit 2; }
  done ;;
esac

HARNESS=""
PIDFILE=bench/results/tmp/pids
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$HARNESS" ] && kill -0 "$HARNESS" 2>/dev/null; then
    kill -TERM "$HARNESS" 2>/dev/null || true
    for _ in $(seq 40); do kill -0 "$HARNESS" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$HARNESS" 2>/dev/null || true
  fi
  # backstop: whatever the harness started and could not stop (by pid, only if it is still our java/wrk)
  if [ -f "$PIDFILE" ]; then
    while read -r pid; do
      [ -n "$pid" ] && grep -qaE 'java|wrk' "/proc/$pid/cmdline" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    done < "$PIDFILE"
    rm -f "$PIDFILE"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

timeout --signal=TERM --kill-after=60 "${TOTAL_TIMEOUT_S:-2400}" python3 -u bench/lib/harness.py run &
HARNESS=$!
wait "$HARNESS"
