#!/usr/bin/env python3
"""Benchmark harness of segment-onesignal-bridge (driven by bench/run.sh; standard library only).

    python3 bench/lib/harness.py run       # what bench/run.sh calls after building
    python3 bench/lib/harness.py report    # regenerate BENCHMARKS.md from bench/results/*.json

Method: /work/shared/reference/perf-method.md, summarised in BENCHMARKS.md. Every server JVM runs alone on
SERVER_CPUS (CPU 0) with -Xmx512m -XX:+UseG1GC; wrk runs on LOADGEN_CPUS (CPU 1) with -t1; the fake API runs on
FAKE_CPUS (CPU 1 by default, beside wrk, so that CPU 0 holds only the server being measured). CPU-us per event =
(utime+stime of the server process over the run) / requests. A run whose foreign CPU share (busy time of both CPUs
from /proc/stat minus server, fake and wrk, over 2 x wall time) exceeds MAX_FOREIGN_PCT is retried, up to
MAX_RETRIES times; if every try is contaminated the cleanest one is kept and flagged.

Scenario 5 is a JMH micro-benchmark of the bridge's pure mapping code (bench.MappingBench in bench/target/jmh.jar),
run pinned to SERVER_CPUS with -prof gc; its JSON result (-rf json) is read into the results.
"""
import datetime
import glob
import hashlib
import hmac
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BENCH = os.path.join(ROOT, "bench")
RESULTS = os.path.join(BENCH, "results")
TMP = os.path.join(RESULTS, "tmp")
HZ = os.sysconf("SC_CLK_TCK")


def env_int(name, default):
    v = os.environ.get(name, "")
    return int(v) if v.strip() else default


def env_float(name, default):
    v = os.environ.get(name, "")
    return float(v) if v.strip() else default


QUICK = os.environ.get("QUICK", "0") == "1"
CFG = {
    "quick": QUICK,
    # DRAFT=1: full durations, but the results go to bench/results/tmp/ and BENCHMARKS.md is left alone
    "draft": QUICK or os.environ.get("DRAFT", "0") == "1",
    # warm-up: WARMUP_S with the server allowed on WARMUP_CPUS (so that the JIT compiler threads are not starved by
    # the request threads on one core; the JVM is told it has as many CPUs as SERVER_CPUS, so its ergonomics are
    # those of a 1-CPU JVM), then re-pinned to SERVER_CPUS for WARMUP_PINNED_S more, then measured
    "warmup_s": env_int("WARMUP_S", 5 if QUICK else 45),
    "warmup_pinned_s": env_int("WARMUP_PINNED_S", 3 if QUICK else 15),
    # ...and then, in 10 s windows, until CPU-us/event moves less than WARMUP_STABLE_PCT between two windows (at most
    # WARMUP_PINNED_MAX_S in all): a Camel app with many routes keeps getting faster for minutes
    "warmup_pinned_max_s": env_int("WARMUP_PINNED_MAX_S", 3 if QUICK else 55),
    "warmup_stable_pct": env_float("WARMUP_STABLE_PCT", 7.0),
    "warmup_cpus": os.environ.get("WARMUP_CPUS", "0,1"),
    "run_s": env_int("RUN_S", 5 if QUICK else 20),
    "runs": env_int("RUNS", 1 if QUICK else 3),
    "conns": env_int("CONNS", 64),
    "max_foreign_pct": env_float("MAX_FOREIGN_PCT", 5.0),
    "max_retries": env_int("MAX_RETRIES", 0 if QUICK else 3),
    "quiet_wait_s": env_int("QUIET_WAIT_S", 5 if QUICK else 20),
    "budget_s": env_int("BUDGET_S", 840),
    "server_cpus": os.environ.get("SERVER_CPUS", "0"),
    "loadgen_cpus": os.environ.get("LOADGEN_CPUS", "1"),
    "fake_cpus": os.environ.get("FAKE_CPUS", "1"),
    "java_opts": os.environ.get("BENCH_JAVA_OPTS", "-Xmx512m -XX:+UseG1GC").split(),
    "scenarios": os.environ.get("SCENARIOS", "1 2 3 4 5 6").replace(",", " ").split(),
    "s2_rate": env_int("S2_RATE", 1000),
    "s2_conns": env_int("S2_CONNS", 200),
    "s2_latency_ms": env_int("S2_LATENCY_MS", 50),
    "s3_conns_high": env_int("S3_CONNS_HIGH", 256),
    # scenario 6 (Kafka mode): events per measured drain (distinct users, so one OneSignal call per event), the
    # warm-up drain before them, partitions of segment-in, and wrk connections of the direct-mode figure beside it
    "s6_events": env_int("S6_EVENTS", 6000 if QUICK else 20000),
    "s6_warmup_events": env_int("S6_WARMUP_EVENTS", 3000 if QUICK else 40000),
    "s6_partitions": env_int("S6_PARTITIONS", 8),
    "s6_latency_ms": env_int("S6_LATENCY_MS", 50),
    "s6_direct_conns": env_int("S6_DIRECT_CONNS", 200),
    "s6_cpus": os.environ.get("S6_CPUS", "0,1"),
    # scenario 6 with another OneSignal app limit for all its bridges (ONESIGNAL_MAX_REQUESTS_PER_SECOND; empty: the
    # bridge's default, 1,000/s), e.g. 1000000 to see what each mode delivers when the limit does not bind
    "s6_max_requests_per_second": os.environ.get("S6_MAX_REQUESTS_PER_SECOND", ""),
    "starts": env_int("STARTS", 2 if QUICK else 5),
    "starts_other_cpus": env_int("STARTS_OTHER_CPUS", 1 if QUICK else 3),
    "start_cpu_sets": os.environ.get("START_CPU_SETS", "0" if QUICK else "0 0,1").split(),
    "idle_s": env_int("IDLE_S", 5),
    # scenario 4 also starts the bridge as the Docker image runs it: Java 25 with an AOT cache from a training run
    "java25": os.environ.get("BENCH_JAVA25", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"),
    "users": env_int("WRK_USERS", 50000),
    # scenario 5 (JMH, bench.MappingBench): iterations x seconds of warm-up and of measurement, one fork
    "jmh_warmup_iterations": env_int("JMH_WARMUP_ITERATIONS", 1 if QUICK else 5),
    "jmh_warmup_s": env_int("JMH_WARMUP_S", 1 if QUICK else 2),
    "jmh_iterations": env_int("JMH_ITERATIONS", 1 if QUICK else 5),
    "jmh_iteration_s": env_int("JMH_ITERATION_S", 1 if QUICK else 2),
    "jmh_forks": env_int("JMH_FORKS", 1),
    "jmh_include": os.environ.get("JMH_INCLUDE", "bench.MappingBench"),
    "ports": {
        "bridge": env_int("BENCH_BRIDGE_PORT", 18080),
        "management": env_int("BENCH_MANAGEMENT_PORT", 19876),
        "baseline": env_int("BENCH_BASELINE_PORT", 18081),
        "floor": env_int("BENCH_FLOOR_PORT", 18082),
        "fake": env_int("BENCH_FAKE_PORT", 19090),
        # scenario 6: the second bridge instance, and the Kafka broker (clients, controller)
        "bridge2": env_int("BENCH_BRIDGE2_PORT", 18083),
        "management2": env_int("BENCH_MANAGEMENT2_PORT", 19877),
        "kafka": env_int("BENCH_KAFKA_PORT", 19092),
        "kafka_controller": env_int("BENCH_KAFKA_CONTROLLER_PORT", 19093),
    },
}
SECRET = "bench-secret"
EVENTS_TOKEN = "bench-token"
# Scenario 1 measures CPU per event, so the bridge's own OneSignal rate limit (1000/s per app by default, a
# production safety net) is lifted there; every other scenario runs the bridge with its defaults.
S1_BRIDGE_ENV = {"ONESIGNAL_MAX_REQUESTS_PER_SECOND": os.environ.get("S1_MAX_REQUESTS_PER_SECOND", "1000000")}

T_START = time.monotonic()
FAKE = "http://127.0.0.1:%d" % CFG["ports"]["fake"]


def log(msg):
    print("[bench %6.0fs] %s" % (time.monotonic() - T_START, msg), flush=True)


def over_budget():
    return time.monotonic() - T_START > CFG["budget_s"]


# ---------------------------------------------------------------------------------------------------------------
# processes

class Procs:
    """Every process the harness starts, so that all of them are stopped on exit (by pid, never by name)."""

    def __init__(self):
        self.live = {}

    def start(self, name, cmd, cpus, extra_env=None, cwd=ROOT):
        os.makedirs(TMP, exist_ok=True)
        logf = open(os.path.join(TMP, name + ".log"), "ab")
        env = dict(os.environ)
        env.update(extra_env or {})
        full = ["taskset", "-c", cpus] + cmd  # taskset execs: the pid is the JVM's
        p = subprocess.Popen(full, cwd=cwd, env=env, stdout=logf, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True)
        p.bench_name = name
        p.bench_log = logf.name
        p.bench_started = time.monotonic()
        self.live[p.pid] = p
        self.save()
        return p

    def save(self):
        """bench/run.sh's trap kills whatever is still listed here if the harness itself dies."""
        with open(os.path.join(TMP, "pids"), "w") as f:
            f.write("".join("%d\n" % pid for pid in self.live))

    def stop(self, p, grace=20):
        if p.pid not in self.live:
            return
        if p.poll() is None:
            try:
                os.kill(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                p.wait(grace)
            except subprocess.TimeoutExpired:
                os.kill(p.pid, signal.SIGKILL)
                p.wait(10)
        self.live.pop(p.pid, None)
        self.save()

    def stop_all(self):
        for p in list(self.live.values()):
            try:
                self.stop(p, grace=10)
            except Exception as e:  # keep stopping the others
                print("could not stop %s: %s" % (p.pid, e), file=sys.stderr)


PROCS = Procs()


def java(main_or_jar, warm=False):
    """warm=True: the JVM will be warmed up on WARMUP_CPUS, then re-pinned; it is told it has len(SERVER_CPUS) CPUs."""
    opts = list(CFG["java_opts"])
    if warm:
        opts.insert(0, "-XX:ActiveProcessorCount=%d" % len(CFG["server_cpus"].split(",")))
    if main_or_jar.endswith(".jar"):
        return ["java"] + opts + ["-jar", main_or_jar]
    return ["java"] + opts + ["-cp", os.path.join(BENCH, "target", "bench.jar"), main_or_jar]


def repin(p):
    """Pins every thread of the JVM to SERVER_CPUS (threads created later inherit it); returns the threads pinned."""
    subprocess.run(["taskset", "-a", "-p", "-c", CFG["server_cpus"], str(p.pid)], check=True,
                   stdout=subprocess.DEVNULL)
    want = CFG["server_cpus"]
    tasks = glob.glob("/proc/%d/task/*/status" % p.pid)
    bad = 0
    for t in tasks:
        try:
            with open(t) as f:
                allowed = next(l.split(":")[1].strip() for l in f if l.startswith("Cpus_allowed_list"))
            bad += allowed != want
        except (FileNotFoundError, StopIteration):
            pass
    if bad:
        raise RuntimeError("%d threads of %s are not pinned to %s" % (bad, p.pid, want))
    return len(tasks)


def proc_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return int(rest[11]) + int(rest[12])  # utime, stime (fields 14 and 15)


def proc_status(pid):
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "VmHWM", "Threads"):
                    out[k] = int(v.split()[0])
    except FileNotFoundError:
        pass
    return {"rss_mb": round(out.get("VmRSS", 0) / 1024, 1), "hwm_mb": round(out.get("VmHWM", 0) / 1024, 1),
            "threads": out.get("Threads", 0)}


def cpu_stat():
    """{cpuN: (busy ticks, total ticks)}; busy includes irq, softirq and steal (time our vCPU did not run us)."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            if re.match(r"cpu\d+ ", line):
                v = [int(x) for x in line.split()[1:]]
                user, nice, system, idle, iowait, irq, softirq, steal = (v + [0] * 8)[:8]
                out[line.split()[0]] = (user + nice + system + irq + softirq + steal,
                                        user + nice + system + idle + iowait + irq + softirq + steal)
    return out


def http(method, url, body=None, headers=None, timeout=10):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
        return 0, str(e)


def wait_until(check, timeout_s, interval=0.01):
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(interval)
    return False


def fake_stats(reset=False):
    s, b = http("POST" if reset else "GET", FAKE + ("/stats/reset" if reset else "/stats"))
    return json.loads(b) if s == 200 else {}


def fake_latency(ms):
    http("POST", FAKE + "/config?latencyMs=%d" % ms)


def wait_quiet(our_pids):
    """Waits (at most QUIET_WAIT_S) until the machine is quiet: foreign CPU under MAX_FOREIGN_PCT over 1 s."""
    end = time.monotonic() + CFG["quiet_wait_s"]
    last = None
    while True:
        s0, o0, t0 = cpu_stat(), sum(safe_ticks(p) for p in our_pids), time.monotonic()
        time.sleep(1)
        s1, o1, t1 = cpu_stat(), sum(safe_ticks(p) for p in our_pids), time.monotonic()
        busy = sum(s1[c][0] - s0[c][0] for c in s1 if c in s0) / HZ
        last = 100 * max(0.0, busy - (o1 - o0) / HZ) / (len(s1) * (t1 - t0))
        if last <= CFG["max_foreign_pct"] or time.monotonic() > end:
            return round(last, 1)


def safe_ticks(pid):
    try:
        return proc_ticks(pid)
    except (FileNotFoundError, ProcessLookupError):
        return 0


# ---------------------------------------------------------------------------------------------------------------
# wrk

RESULT_RE = re.compile(r"(\w+)=([-\d.]+)")


def wrk(script, url, conns, duration_s, extra_env=None, check=True, expect=None, rate=None):
    env = dict(os.environ)
    env.update({
        "WRK_RUN_ID": str(time.time_ns()),
        "WRK_USERS": str(CFG["users"]),
        "WRK_THREADS": "1",
        "WRK_CHECK": "1" if check else "0",
        "WRK_EXPECT": expect or "",
        "WRK_RATE": str(rate) if rate else "",
        "SEGMENT_SHARED_SECRET": SECRET,
        "ONESIGNAL_EVENTS_TOKEN": EVENTS_TOKEN,
    })
    env.update(extra_env or {})
    cmd = ["taskset", "-c", CFG["loadgen_cpus"], "wrk", "-t1", "-c%d" % conns, "-d%ds" % duration_s, "--latency",
           "--timeout", "10s", "-s", os.path.join(BENCH, script), url]
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        PROCS.live[p.pid] = p
        PROCS.save()
        deadline = time.monotonic() + duration_s + 60
        while True:  # wait4 gives the child's own CPU time (wrk)
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.kill(p.pid, signal.SIGKILL)
            time.sleep(0.05)
        p.returncode = os.waitstatus_to_exitcode(status)
        PROCS.live.pop(p.pid, None)
        PROCS.save()
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    line = next((l for l in text.splitlines() if l.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError("wrk gave no RESULT line (exit %s):\n%s" % (p.returncode, text[-2000:]))
    res = {k: float(v) for k, v in RESULT_RE.findall(line)}
    res["wrk_cpu_s"] = ru.ru_utime + ru.ru_stime
    return res


def measure(label, server, script, url, conns, duration_s, check=True, expect=None, rate=None, note=None):
    """One accepted run (after up to MAX_RETRIES retries when foreign load is above the limit)."""
    tries = []
    fake = FAKE_PROC
    for attempt in range(1, CFG["max_retries"] + 2):
        quiet = wait_quiet([p.pid for p in (server, fake) if p])
        fake_stats(reset=True)
        s0, t0 = cpu_stat(), time.monotonic()
        srv0 = proc_ticks(server.pid) if server else 0
        fk0 = proc_ticks(fake.pid)
        r = wrk(script, url, conns, duration_s, check=check, expect=expect, rate=rate)
        t1, s1 = time.monotonic(), cpu_stat()
        srv = ((proc_ticks(server.pid) if server else 0) - srv0) / HZ
        fk = (proc_ticks(fake.pid) - fk0) / HZ
        fs = fake_stats()
        wall = t1 - t0
        busy = sum(s1[c][0] - s0[c][0] for c in s1 if c in s0) / HZ
        ncpu = len(s1)
        foreign = 100 * max(0.0, busy - srv - fk - r["wrk_cpu_s"]) / (ncpu * wall)
        cpu0 = "cpu" + CFG["server_cpus"].split(",")[0]
        n = max(1, int(r["requests"]))
        ok2xx = int(r["requests"] - r["non2xx"])  # wrk counts answered requests; socket errors are apart
        rec = {
            "label": label, "attempt": attempt, "conns": conns, "duration_s": round(r["duration_s"], 2),
            "requests": int(r["requests"]), "ok_2xx": ok2xx, "rps": round(r["rps"], 1),
            "ok_per_s": round(ok2xx / r["duration_s"], 1),
            "non2xx": int(r["non2xx"]), "errors_socket": int(r["errors_socket"]), "bad_body": int(r["bad_body"]),
            "strict_check": bool(r.get("strict", 0)),
            "p50_ms": r["p50_ms"], "p90_ms": r["p90_ms"], "p99_ms": r["p99_ms"], "p999_ms": r["p999_ms"],
            "max_ms": r["max_ms"], "mean_ms": r["mean_ms"],
            "late": int(r["late"]), "max_lag_ms": r["max_lag_ms"], "rate_target": rate,
            "server_cpu_s": round(srv, 2),
            "cpu_us_per_event": round(1e6 * srv / n, 1) if server else None,
            "fake_cpu_us_per_event": round(1e6 * fk / n, 1),
            "wrk_cpu_us_per_event": round(1e6 * r["wrk_cpu_s"] / n, 1),
            "server_cores": round(srv / wall, 2),
            "server_cpu_busy_pct": round(100 * (s1[cpu0][0] - s0[cpu0][0]) / HZ / wall, 1),
            "foreign_pct": round(foreign, 1), "quiet_before_pct": quiet,
            "fake": fs,
            # OneSignal PATCH calls the fake counted during the run per 2xx event (merged user updates: < 1)
            "onesignal_calls_per_event": round(fs.get("patches", 0) / ok2xx, 3) if ok2xx and fs else None,
        }
        if note:
            rec["note"] = note
        tries.append(rec)
        log("  %s try %d: %d req, %.0f/s, p50 %.2f p99 %.2f ms, non2xx %d, %s us/ev, foreign %.1f%%"
            % (label, attempt, rec["requests"], rec["rps"], rec["p50_ms"], rec["p99_ms"], rec["non2xx"],
               rec["cpu_us_per_event"], rec["foreign_pct"]))
        if foreign <= CFG["max_foreign_pct"]:
            rec["accepted"] = True
            break
        if over_budget():
            log("  time budget spent: no more retries")
            break
    if not any(t.get("accepted") for t in tries):
        best = min(tries, key=lambda t: t["foreign_pct"])
        best["accepted"] = True
        best["contaminated"] = True
    for t in tries:
        t.setdefault("accepted", False)
    return tries


def warm(p, label, script, url, conns, check=False, expect=None, rate=None, during=None):
    """The two-phase warm-up: WARMUP_S on WARMUP_CPUS, re-pin to SERVER_CPUS, WARMUP_PINNED_S pinned."""
    w = warmup(label + " (CPUs %s)" % CFG["warmup_cpus"], script, url, conns, CFG["warmup_s"], check, expect, rate)
    threads = repin(p)
    w2 = warmup(label + " (pinned to CPU %s, %d threads)" % (CFG["server_cpus"], threads), script, url, conns,
                CFG["warmup_pinned_s"], check, expect, rate, during)
    # until stable: CPU-us/event of two consecutive 10 s windows within WARMUP_STABLE_PCT
    windows, spent, last = [], CFG["warmup_pinned_s"], None
    while spent + 10 <= CFG["warmup_pinned_max_s"]:
        t0 = proc_ticks(p.pid)
        r = wrk(script, url, conns, 10, check=False, rate=rate)
        us = 1e6 * (proc_ticks(p.pid) - t0) / HZ / max(1, r["requests"])
        windows.append(round(us, 1))
        spent += 10
        if last and abs(us - last) / last * 100 <= CFG["warmup_stable_pct"]:
            break
        last = us
    if windows:
        log("  pinned warm-up windows, CPU-us/event: %s" % windows)
    return {"rps": w["rps"], "p99_ms": w["p99_ms"], "non2xx": w["non2xx"], "late": w.get("late"),
            "pinned_rps": w2["rps"], "pinned_p99_ms": w2["p99_ms"], "pinned_non2xx": w2["non2xx"],
            "pinned_s": spent, "stability_windows_cpu_us": windows,
            "threads_pinned": threads, "during": w2.get("during")}


def warmup(label, script, url, conns, secs, check=False, expect=None, rate=None, during=None):
    log("  warm-up %s: %d s" % (label, secs))
    if during is None:
        r = wrk(script, url, conns, secs, check=check, expect=expect, rate=rate)
    else:
        # run `during` (e.g. a thread dump) a few seconds before the end of the warm-up
        import threading
        box = {}
        def load():
            try:
                box["r"] = wrk(script, url, conns, secs, check=check, expect=expect, rate=rate)
            except Exception as e:
                box["error"] = e
        th = threading.Thread(target=load)
        th.start()
        time.sleep(max(1, secs - 5))
        try:
            box["during"] = during()
        except Exception as e:
            box["during"] = {"error": str(e)}
        th.join()
        if "error" in box:
            raise box["error"]
        r = box["r"]
        r["during"] = box["during"]
    log("  warm-up done: %.0f req/s, p99 %.1f ms, non2xx %d" % (r["rps"], r["p99_ms"], r["non2xx"]))
    return r


def thread_summary(pid):
    """Thread dump (jcmd Thread.print) summarised: threads per pool and state, and where Vert.x workers wait."""
    out = subprocess.run(["taskset", "-c", CFG["loadgen_cpus"], "jcmd", str(pid), "Thread.print"],
                         capture_output=True, text=True, timeout=60).stdout
    pools, where = {}, {}
    for block in out.split("\n\n"):
        m = re.match(r'"([^"]+)"', block.strip())
        if not m:
            continue
        name = re.sub(r"\s*#\d+", "", re.sub(r"[-#]?\d+$", "", m.group(1)))
        st = re.search(r"java.lang.Thread.State: (\w+)", block)
        state = st.group(1) if st else "?"
        pools.setdefault(name, {}).setdefault(state, 0)
        pools[name][state] += 1
        if name.startswith("vert.x-worker-thread"):
            frames = re.findall(r"\tat ([\w.$<>]+)\(", block)
            ours = [f for f in frames if f.startswith(("org.sobridge", "org.apache.camel", "org.apache.hc"))]
            if not ours and any("ThreadPoolExecutor.getTask" in f for f in frames):
                top = "idle (waiting for a task)"
            elif any("SocketDispatcher.read" in f or "socketRead" in f for f in frames):
                top = "reading an HTTP answer (%s)" % (ours[0] if ours else "?")
            else:
                top = "%s %s" % (state, ours[0] if ours else (frames[0] if frames else "?"))
            where[top] = where.get(top, 0) + 1
    big = {k: v for k, v in pools.items() if sum(v.values()) >= 2 or k.startswith(("vert.x", "Camel"))}
    return {"pools": big, "workers_at": dict(sorted(where.items(), key=lambda kv: -kv[1])[:8])}


# ---------------------------------------------------------------------------------------------------------------
# servers

FAKE_PROC = None


def bridge_env(extra=None):
    p = CFG["ports"]
    env = {
        "BRIDGE_PORT": str(p["bridge"]), "BRIDGE_MANAGEMENT_PORT": str(p["management"]), "BRIDGE_HOST": "127.0.0.1",
        "ONESIGNAL_APP_ID": "bench-app", "ONESIGNAL_API_KEY": "bench-key", "ONESIGNAL_API_URL": FAKE,
        "BRIDGE_DRY_RUN": "false", "SEGMENT_SHARED_SECRET": SECRET,
        "SEGMENT_WRITE_KEY": "bench-write-key", "SEGMENT_API_URL": FAKE, "ONESIGNAL_EVENTS_TOKEN": EVENTS_TOKEN,
        "DEAD_LETTER_DIR": os.path.join(TMP, "dead-letter"),
    }
    env.update(extra or {})
    return env


def identify_body(i):
    return json.dumps({"type": "identify", "userId": "check-user-%d" % i, "messageId": "check-%d-%d" % (time.time_ns(), i),
                       "timestamp": "2024-03-01T10:00:00.000Z",
                       "traits": {"firstName": "Ana", "plan": "pro", "email": "a@example.com"}}).encode()


def post_identify(port, i=0, sign=True):
    body = identify_body(i)
    h = {"Content-Type": "application/json"}
    if sign:
        h["X-Signature"] = hmac.new(SECRET.encode(), body, hashlib.sha1).hexdigest()
    return http("POST", "http://127.0.0.1:%d/v1/segment" % port, body, h)


def post_event(port):
    body = json.dumps({"event": {"id": "check-%d" % time.time_ns(), "kind": "message.push.clicked",
                                 "timestamp": 1709287200, "datetime": "2024-03-01T10:00:00.000Z", "app_id": "a",
                                 "subscription_id": "sub-1", "subscription_device_type": "Android",
                                 "onesignal_id": "os-1", "external_id": "u-1"},
                       "message": {"id": "msg-5", "name": "Spring promo", "title": "20% off",
                                   "contents": "Today only", "template_id": "tpl-1", "type": "push"}}).encode()
    return http("POST", "http://127.0.0.1:%d/v1/onesignal/events" % port, body,
                {"Content-Type": "application/json", "Authorization": "Bearer " + EVENTS_TOKEN}, timeout=30)


def start_bridge(name, extra_env=None, cpus=None, warm=True):
    jar = os.path.join(ROOT, "target", "segment-onesignal-bridge.jar")
    t0 = time.monotonic()
    p = PROCS.start(name, java(jar, warm), cpus or (CFG["warmup_cpus"] if warm else CFG["server_cpus"]),
                    bridge_env(extra_env))
    health = "http://127.0.0.1:%d/observe/health" % CFG["ports"]["management"]
    if not wait_until(lambda: p.poll() is None and http("GET", health, timeout=1)[0] == 200, 90, 0.01):
        raise RuntimeError("bridge did not become healthy; see %s" % p.bench_log)
    p.ready_ms = round(1000 * (time.monotonic() - t0))
    return p


# The Dockerfile's launch options (keep in step with it): the cache, its warnings silenced, no Unsafe warning.
AOT_FLAGS = ["-Xlog:aot*=error", "--sun-misc-unsafe-memory-access=allow"]


def train_aot_cache():
    """The Dockerfile's training run: one start-up in dry-run, ended by camel-main after 5 s; returns the cache."""
    jar = os.path.join(ROOT, "target", "segment-onesignal-bridge.jar")
    cache = os.path.join(TMP, "bridge.aot")
    if os.path.exists(cache):
        os.remove(cache)
    env = {"CAMEL_MAIN_DURATIONMAXSECONDS": "5", "DEAD_LETTER_DIR": os.path.join(TMP, "aot-train-dl"),
           "BRIDGE_PORT": str(CFG["ports"]["bridge"]), "BRIDGE_MANAGEMENT_PORT": str(CFG["ports"]["management"]),
           "BRIDGE_HOST": "127.0.0.1"}
    env = {k: v for k, v in os.environ.items() if not (k.startswith(("ONESIGNAL_", "SEGMENT_", "BRIDGE_")))} | env
    p = subprocess.run([CFG["java25"], "-XX:AOTCacheOutput=" + cache] + CFG["java_opts"] + AOT_FLAGS + ["-jar", jar],
                       cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=180)
    if p.returncode != 0 or not os.path.exists(cache):
        raise RuntimeError("AOT training run failed (%d): %s" % (p.returncode, p.stdout.decode()[-2000:]))
    log("  AOT cache trained: %s (%.0f MB)" % (cache, os.path.getsize(cache) / 1e6))
    return cache


def start_image(name, cache, cpus):
    """The bridge launched as the Docker image's ENTRYPOINT does (Java 25, -XX:AOTCache)."""
    jar = os.path.join(ROOT, "target", "segment-onesignal-bridge.jar")
    t0 = time.monotonic()
    p = PROCS.start(name, [CFG["java25"], "-XX:AOTCache=" + cache] + AOT_FLAGS + CFG["java_opts"] + ["-jar", jar],
                    cpus, bridge_env())
    health = "http://127.0.0.1:%d/observe/health" % CFG["ports"]["management"]
    if not wait_until(lambda: p.poll() is None and http("GET", health, timeout=1)[0] == 200, 90, 0.01):
        raise RuntimeError("bridge (image launch) did not become healthy; see %s" % p.bench_log)
    p.ready_ms = round(1000 * (time.monotonic() - t0))
    return p


def start_floor(name, cpus=None, warm=True):
    env = {"FLOOR_PORT": str(CFG["ports"]["floor"]), "FAKE_URL": FAKE}
    t0 = time.monotonic()
    p = PROCS.start(name, java("bench.CamelFloor", warm), cpus or (CFG["warmup_cpus"] if warm else CFG["server_cpus"]),
                    env)
    if not wait_until(lambda: p.poll() is None and post_identify(CFG["ports"]["floor"], sign=False)[0] == 200, 90, 0.01):
        raise RuntimeError("Camel floor did not answer; see %s" % p.bench_log)
    p.ready_ms = round(1000 * (time.monotonic() - t0))
    return p


def start_baseline(name):
    env = {"BASELINE_PORT": str(CFG["ports"]["baseline"])}
    p = PROCS.start(name, java("bench.VertxBaseline", True), CFG["warmup_cpus"], env)
    if not wait_until(lambda: p.poll() is None and post_identify(CFG["ports"]["baseline"], sign=False)[0] == 200, 60, 0.05):
        raise RuntimeError("Vert.x baseline did not answer; see %s" % p.bench_log)
    return p


def camel_started_in(logfile, after=0):
    try:
        with open(logfile, encoding="utf-8", errors="replace") as f:
            f.seek(after)
            m = re.findall(r"started in (\S+)", f.read())
            return m[-1] if m else None
    except FileNotFoundError:
        return None


def check_ports():
    import socket
    busy = []
    for name, port in CFG["ports"].items():
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is no conflict
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            busy.append("%s %d" % (name, port))
        finally:
            s.close()
    if busy:
        raise SystemExit("ports in use (set BENCH_*_PORT): " + ", ".join(busy))


# ---------------------------------------------------------------------------------------------------------------
# scenario 6: Kafka mode, two bridge instances in one consumer group, beside one direct-mode instance

KAFKA = os.path.join(BENCH, "kafka")


def kafka_cmd(main, *args):
    """Kafka's own broker or tool (bench/kafka/target/lib, copied by bench/run.sh from Kafka's Maven artifacts)."""
    return ["java", "-Xmx512m", "-Dlog4j.configuration=file:" + os.path.join(KAFKA, "log4j.properties"),
            "-cp", os.path.join(KAFKA, "target", "lib", "*"), main] + list(args)


def kafka_tool(main, *args, timeout=120):
    p = subprocess.run(kafka_cmd(main, *args), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def kafka_bootstrap():
    return "127.0.0.1:%d" % CFG["ports"]["kafka"]


def start_kafka():
    """A single-node KRaft broker (kafka.Kafka), on a freshly formatted log directory under bench/results/tmp."""
    d = os.path.join(TMP, "kafka")
    subprocess.run(["rm", "-rf", d], check=True)
    os.makedirs(d)
    props = os.path.join(d, "server.properties")
    port, ctl = CFG["ports"]["kafka"], CFG["ports"]["kafka_controller"]
    with open(props, "w") as f:
        f.write("\n".join([
            "process.roles=broker,controller", "node.id=1", "controller.quorum.voters=1@127.0.0.1:%d" % ctl,
            "listeners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d" % (port, ctl),
            "advertised.listeners=PLAINTEXT://127.0.0.1:%d" % port, "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name=PLAINTEXT", "log.dirs=" + os.path.join(d, "data"),
            "num.partitions=%d" % CFG["s6_partitions"], "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=4", "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0", ""]))
    rc, out = kafka_tool("kafka.tools.StorageTool", "format", "-t", "bench-kafka-cluster-1", "-c", props)
    if rc != 0:
        raise RuntimeError("kafka storage format failed: " + out[-1000:])
    p = PROCS.start("kafka", kafka_cmd("kafka.Kafka", props), CFG["s6_cpus"])
    if not wait_until(lambda: p.poll() is None and kafka_tool(
            "org.apache.kafka.tools.TopicCommand", "--bootstrap-server", kafka_bootstrap(), "--create",
            "--if-not-exists", "--topic", "segment-in", "--partitions", str(CFG["s6_partitions"]))[0] == 0, 90, 1):
        raise RuntimeError("Kafka broker did not start; see %s" % p.bench_log)
    return p


IDENTIFY = {"anonymousId": None, "channel": "server",
            "context": {"ip": "203.0.113.42", "library": {"name": "analytics-node", "version": "2.1.2"},
                        "locale": "fr-FR", "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)",
                        "page": {"path": "/account/settings", "title": "Account settings",
                                 "url": "https://www.example.com/account/settings"}},
            "messageId": None, "originalTimestamp": "2024-03-01T10:00:00.000Z", "timestamp": "2024-03-01T10:00:00.014Z",
            "traits": {"name": "Ana Lima", "firstName": "Ana", "lastName": "Lima", "email": "ana.lima@example.com",
                       "plan": "pro", "logins": 42, "vip": True, "score": 3.25, "company": "Example Ltd",
                       "address": {"city": "Lyon", "country": "FR"}, "createdAt": "2023-11-14T08:12:45.000Z"},
            "type": "identify", "userId": None, "version": 2}


def produce(tag, n):
    """n identify events of n distinct users, published to segment-in by Kafka's console producer (key = userId,
    value = the event: what the bridge's ingest publishes in kafka mode). Returns the seconds it took."""
    path = os.path.join(TMP, "s6-%s.txt" % tag)
    with open(path, "w") as f:
        for i in range(n):
            user = "kafka-%s-%07d" % (tag, i)
            e = dict(IDENTIFY, anonymousId="anon-" + user, messageId="m-%s-%d" % (tag, i), userId=user)
            f.write(user + "\t" + json.dumps(e, separators=(",", ":")) + "\n")
    t0 = time.monotonic()
    with open(path, "rb") as inp:
        p = subprocess.run(kafka_cmd("kafka.tools.ConsoleProducer", "--bootstrap-server", kafka_bootstrap(),
                                     "--topic", "segment-in", "--property", "parse.key=true",
                                     "--property", "key.separator=\t", "--producer-property", "acks=all",
                                     "--producer-property", "linger.ms=5", "--producer-property",
                                     "batch.size=262144"),
                           cwd=ROOT, stdin=inp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    if p.returncode != 0:
        raise RuntimeError("console producer failed: " + p.stdout.decode()[-1000:])
    return time.monotonic() - t0


def group_state(group):
    """(members owning partitions of segment-in, total lag of the group on segment-in) from kafka-consumer-groups."""
    rc, out = kafka_tool("org.apache.kafka.tools.consumer.group.ConsumerGroupCommand", "--bootstrap-server",
                         kafka_bootstrap(), "--describe", "--group", group)
    owners, lag = set(), 0
    for line in out.splitlines():
        cols = line.split()
        if len(cols) >= 7 and cols[1] == "segment-in" and cols[2].isdigit():
            if cols[6] != "-":
                owners.add(cols[6])
            lag += int(cols[5]) if cols[5].isdigit() else 0
    return len(owners), lag


def s6_limit():
    v = CFG["s6_max_requests_per_second"]
    return {"ONESIGNAL_MAX_REQUESTS_PER_SECOND": v} if v else {}


def start_kafka_bridge(name, port, management, group):
    jar = os.path.join(ROOT, "target", "segment-onesignal-bridge.jar")
    env = bridge_env(dict(s6_limit(), **{
        "BRIDGE_PORT": str(port), "BRIDGE_MANAGEMENT_PORT": str(management), "BRIDGE_TRANSPORT": "kafka",
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap(), "KAFKA_GROUP_ID": group,
        "DEAD_LETTER_DIR": os.path.join(TMP, "dead-letter-" + name)}))
    p = PROCS.start(name, ["java"] + CFG["java_opts"] + ["-jar", jar], CFG["s6_cpus"], env)
    health = "http://127.0.0.1:%d/observe/health" % management
    if not wait_until(lambda: p.poll() is None and http("GET", health, timeout=1)[0] == 200, 90, 0.05):
        raise RuntimeError("bridge %s did not become healthy; see %s" % (name, p.bench_log))
    return p


def drain(tag, n, procs, group):
    """Publishes n events and follows the fake's PATCH count until all n arrived; then waits for lag 0. The rate is
    the fake's: n over the time from the first to the last PATCH it received."""
    import threading
    fake_stats(reset=True)
    ticks0 = {p.bench_name: proc_ticks(p.pid) for p in procs}
    box = {}

    def publish():
        try:
            box["produce_s"] = produce(tag, n)
        except Exception as e:
            box["error"] = e
    th = threading.Thread(target=publish)
    th.start()
    series = []
    deadline = time.monotonic() + 60 + n / 100  # far beyond 100 events/s: a stall, not a slow run
    while time.monotonic() < deadline and "error" not in box:
        st = fake_stats()
        series.append((time.monotonic(), st.get("patches", 0)))
        if series[-1][1] >= n:
            break
        time.sleep(0.05)
    th.join()
    if "error" in box:
        raise box["error"]
    ticks = {k: (proc_ticks(p.pid) - ticks0[k]) / HZ for k, p in ((p.bench_name, p) for p in procs)}
    if st.get("patches", 0) < n:
        raise RuntimeError("Kafka drain %s: %d of %d events reached OneSignal" % (tag, st.get("patches", 0), n))
    span = (st["patchLastMs"] - st["patchFirstMs"]) / 1000
    # the steady part: from 10 % to 90 % of the events (group start-up and the last poll's tail left out)
    t10 = next(t for t, g in series if g >= 0.1 * n)
    t90 = next(t for t, g in series if g >= 0.9 * n)
    lag, lag_wait0 = None, time.monotonic()
    while time.monotonic() - lag_wait0 < 30:
        _, lag = group_state(group)
        if lag == 0:
            break
    bridges = sum(v for k, v in ticks.items() if k.startswith("s6-kafka-bridge"))
    return {"events": n, "produce_s": round(box["produce_s"], 2), "drain_s": round(span, 2),
            "events_per_s": round(n / span, 1), "steady_events_per_s": round(0.8 * n / (t90 - t10), 1),
            "peak_1s_events_per_s": st["patchPeakPerSecond"], "lag_after": lag, "calls": st["patches"],
            "cpu_s": {k: round(v, 2) for k, v in ticks.items()},
            "bridges_cpu_us_per_event": round(1e6 * bridges / n, 1)}


def scenario6(res):
    lat, n, conns = CFG["s6_latency_ms"], CFG["s6_events"], CFG["s6_direct_conns"]
    log("Scenario 6: Kafka mode (a real broker, two bridge instances in one group) beside direct mode, fake at %d ms"
        % lat)
    out = {"title": "Data In throughput, Kafka mode (two instances, one consumer group, %d partitions) beside one "
                    "direct-mode instance, fake OneSignal at %d ms, bridge defaults (app limit %s/s)"
                    % (CFG["s6_partitions"], lat, CFG["s6_max_requests_per_second"] or "1,000"),
           "latency_ms": lat, "events": n, "partitions": CFG["s6_partitions"], "cpus": CFG["s6_cpus"],
           "app_limit": int(CFG["s6_max_requests_per_second"] or 1000)}
    fake_latency(lat)
    # direct mode: one instance, closed loop (wrk, no pacing), as many events as it delivers
    p = start_bridge("s6-direct-bridge", s6_limit(), cpus=CFG["s6_cpus"], warm=False)
    url = "http://127.0.0.1:%d/v1/segment" % CFG["ports"]["bridge"]
    warmup("direct bridge", "post-identify.lua", url, conns, CFG["warmup_s"])
    tries = []
    for i in range(CFG["runs"]):
        tries += measure("s6-direct-%d" % (i + 1), p, "post-identify.lua", url, conns, CFG["run_s"], check=True,
                         expect='"accepted":1')
    out["direct"] = {"summary": summarise(tries), "runs": tries}
    PROCS.stop(p)
    # Kafka mode: a broker, two instances in one group; a warm-up drain, then the measured drains
    broker = start_kafka()
    group = "bench-%s" % res["id"]
    a = start_kafka_bridge("s6-kafka-bridge-1", CFG["ports"]["bridge"], CFG["ports"]["management"], group)
    b = start_kafka_bridge("s6-kafka-bridge-2", CFG["ports"]["bridge2"], CFG["ports"]["management2"], group)
    if not wait_until(lambda: group_state(group)[0] == 2, 60, 0.5):
        raise RuntimeError("the two bridge instances did not both get partitions of segment-in")
    log("  both instances own partitions; warm-up drain of %d events" % CFG["s6_warmup_events"])
    out["warmup"] = drain("warm", CFG["s6_warmup_events"], [a, b, broker, FAKE_PROC], group)
    log("  warm-up drain: %.0f events/s" % out["warmup"]["events_per_s"])
    drains = []
    for i in range(CFG["runs"]):
        d = drain("run%d" % (i + 1), n, [a, b, broker, FAKE_PROC], group)
        log("  drain %d: %d events in %.1f s = %.0f events/s (steady %.0f/s, peak 1 s %.0f/s), lag after %s, "
            "bridges %.0f CPU-us/event" % (i + 1, n, d["drain_s"], d["events_per_s"], d["steady_events_per_s"],
                                           d["peak_1s_events_per_s"], d["lag_after"], d["bridges_cpu_us_per_event"]))
        drains.append(d)
    out["kafka"] = {"drains": drains, "members": 2,
                    "events_per_s": med([d["events_per_s"] for d in drains]),
                    "steady_events_per_s": med([d["steady_events_per_s"] for d in drains]),
                    "peak_1s_events_per_s": max(d["peak_1s_events_per_s"] for d in drains),
                    "bridges_cpu_us_per_event": med([d["bridges_cpu_us_per_event"] for d in drains]),
                    "lag_after": max(d["lag_after"] if d["lag_after"] is not None else -1 for d in drains)}
    for p in (a, b, broker):
        PROCS.stop(p)
    fake_latency(0)
    dk = out["direct"]["summary"]["ok_per_s"]
    out["ratio_kafka_direct"] = round(out["kafka"]["events_per_s"] / dk, 2) if dk else None
    res["scenario6"] = out


# ---------------------------------------------------------------------------------------------------------------
# scenarios

def med(vals):
    vals = [v for v in vals if v is not None]
    return round(statistics.median(vals), 2) if vals else None


def summarise(tries):
    acc = [t for t in tries if t["accepted"]]
    keys = ["rps", "ok_per_s", "p50_ms", "p90_ms", "p99_ms", "cpu_us_per_event", "fake_cpu_us_per_event",
            "wrk_cpu_us_per_event", "server_cores", "foreign_pct"]
    s = {k: med([t[k] for t in acc]) for k in keys}
    for k in ("rps", "cpu_us_per_event", "p99_ms"):
        vals = [t[k] for t in acc if t[k] is not None]
        s[k + "_range"] = [min(vals), max(vals)] if vals else None
    s["runs"] = len(acc)
    s["tries"] = len(tries)
    s["contaminated_runs"] = sum(1 for t in acc if t.get("contaminated"))
    s["requests"] = sum(t["requests"] for t in acc)
    s["non2xx"] = sum(t["non2xx"] for t in acc)
    s["errors_socket"] = sum(t["errors_socket"] for t in acc)
    s["bad_body"] = sum(t["bad_body"] for t in acc)
    s["late"] = sum(t["late"] for t in acc)
    calls = sum(t["fake"].get("batchCalls", 0) for t in acc)
    events = sum(t["fake"].get("batchEvents", 0) for t in acc)
    s["fake_patches"] = sum(t["fake"].get("patches", 0) for t in acc)
    ok = sum(t["ok_2xx"] for t in acc)
    s["onesignal_calls_per_event"] = round(s["fake_patches"] / ok, 3) if ok else None
    s["segment_calls"] = calls
    s["segment_events"] = events
    s["events_per_segment_call"] = round(events / calls, 1) if calls else None
    return s


def scenario1(res):
    log("Scenario 1: Data In identify, fake at 0 ms, c=%d: Vert.x ceiling, Camel floor, bridge" % CFG["conns"])
    fake_latency(0)
    out = {"title": "Data In identify, fake OneSignal at 0 ms, closed loop c=%d" % CFG["conns"], "targets": {}}
    specs = [
        ("ceiling", "Vert.x ceiling (bench.VertxBaseline)", CFG["ports"]["baseline"], start_baseline, False, None),
        ("floor", "Camel floor (bench.CamelFloor)", CFG["ports"]["floor"], start_floor, True, None),
        ("bridge", "bridge", CFG["ports"]["bridge"], lambda n: start_bridge(n, S1_BRIDGE_ENV), True, '"accepted":1'),
    ]
    for key, title, port, starter, check, expect in specs:
        log("- %s" % title)
        p = starter("s1-" + key)
        url = "http://127.0.0.1:%d/v1/segment" % port
        before = fake_stats().get("patches", 0)
        st, body = post_identify(port, 1, sign=True)
        functional = {"status": st, "body": body[:300], "fake_patch_calls": fake_stats().get("patches", 0) - before}
        if st != 200 or (expect and expect not in body.replace(" ", "")):
            raise RuntimeError("%s: functional check failed: %s" % (title, functional))
        during = (lambda pid=p.pid: thread_summary(pid)) if key == "bridge" else None
        w = warm(p, key, "post-identify.lua", url, CFG["conns"], during=during)
        tries = []
        for i in range(CFG["runs"]):
            tries += measure("s1-%s-%d" % (key, i + 1), p, "post-identify.lua", url, CFG["conns"], CFG["run_s"],
                             check=check, expect=expect)
        mem = proc_status(p.pid)
        PROCS.stop(p)
        out[key] = {"title": title, "summary": summarise(tries), "runs": tries, "functional_check": functional,
                    "warmup": {k: v for k, v in w.items() if k != "during"}, "memory_after": mem,
                    "threads_during_warmup": w.get("during")}
    b, f, c = (out[k]["summary"]["cpu_us_per_event"] for k in ("bridge", "floor", "ceiling"))
    out["ratio_bridge_floor"] = round(b / f, 2) if b and f else None
    out["ratio_bridge_ceiling"] = round(b / c, 2) if b and c else None
    out["ratio_floor_ceiling"] = round(f / c, 2) if f and c else None
    out["bridge_env"] = S1_BRIDGE_ENV
    out["reference"] = {"ceiling_cpu_us": 12.1, "floor_cpu_us": 108.8, "source": "perf-method.md (4.18 d, b)"}
    out["machine_factor"] = round(c / 12.1, 2) if c else None
    res["scenario1"] = out


def scenario2(res):
    rate, conns, lat = CFG["s2_rate"], CFG["s2_conns"], CFG["s2_latency_ms"]
    log("Scenario 2: Data In at %d/s offered, fake at %d ms, %d connections (bridge defaults)" % (rate, lat, conns))
    out = {"title": "Data In, %d events/s offered (open loop, wrk paced), fake OneSignal at %d ms" % (rate, lat),
           "rate": rate, "conns": conns, "latency_ms": lat,
           "pacing": "wrk 4.1 with a Lua delay() schedule (wrk2 is not in Debian): request k is due at k/rate; "
                     "a request sent after its slot (all connections busy) counts as late"}
    fake_latency(lat)
    # reference: the same paced load straight at the fake (what the upstream alone costs in latency)
    ref = measure("s2-fake-direct", None, "post-identify.lua", FAKE + "/v1/segment", conns, CFG["run_s"],
                  check=True, rate=rate)
    out["fake_direct"] = {"summary": summarise(ref), "runs": ref}
    p = start_bridge("s2-bridge")
    url = "http://127.0.0.1:%d/v1/segment" % CFG["ports"]["bridge"]
    w = warm(p, "bridge", "post-identify.lua", url, conns, rate=rate, during=lambda: thread_summary(p.pid))
    tries = []
    for i in range(CFG["runs"]):
        tries += measure("s2-bridge-%d" % (i + 1), p, "post-identify.lua", url, conns, CFG["run_s"], check=True,
                         expect='"accepted":1', rate=rate)
    out["bridge"] = {"summary": summarise(tries), "runs": tries, "memory_after": proc_status(p.pid),
                     "warmup": {k: v for k, v in w.items() if k != "during"},
                     "threads_during_warmup": w.get("during")}
    PROCS.stop(p)
    fake_latency(0)
    bs, fs = out["bridge"]["summary"], out["fake_direct"]["summary"]
    out["added_p99_ms"] = round(bs["p99_ms"] - fs["p99_ms"], 2)
    out["added_p50_ms"] = round(bs["p50_ms"] - fs["p50_ms"], 2)
    out["achieved_ok_per_s"] = bs["ok_per_s"]
    out["late_share_pct"] = round(100 * bs["late"] / max(1, bs["requests"]), 2)
    res["scenario2"] = out


def scenario3(res):
    log("Scenario 3: Data Out, one event per request, fake at 0 ms")
    fake_latency(0)
    out = {"title": "Data Out (OneSignal event -> Segment batch), one event per request, fake Segment at 0 ms"}
    p = start_bridge("s3-bridge")
    st, body = post_event(CFG["ports"]["bridge"])
    out["functional_check"] = {"status": st, "body": body[:300]}
    if st == 404:
        out["skipped"] = "POST /v1/onesignal/events answered 404: this bridge has no Data Out endpoint yet"
        log("  skipped: " + out["skipped"])
        PROCS.stop(p)
        res["scenario3"] = out
        return
    if st != 200:
        raise RuntimeError("Data Out functional check failed: %s %s" % (st, body[:300]))
    url = "http://127.0.0.1:%d/v1/onesignal/events" % CFG["ports"]["bridge"]
    hi = CFG["s3_conns_high"]
    w = warm(p, "bridge c=%d" % hi, "post-event.lua", url, hi, during=lambda: thread_summary(p.pid))
    out["warmup"] = {k: v for k, v in w.items() if k != "during"}
    out["threads_during_warmup_high"] = w.get("during")
    for key, conns in (("c%d" % hi, hi), ("c%d" % CFG["conns"], CFG["conns"])):
        tries = []
        for i in range(CFG["runs"]):
            tries += measure("s3-bridge-%s-%d" % (key, i + 1), p, "post-event.lua", url, conns, CFG["run_s"],
                             check=True, expect='"accepted":1')
        out[key] = {"conns": conns, "summary": summarise(tries), "runs": tries}
    out["primary"] = "c%d" % CFG["conns"]
    out["high"] = "c%d" % hi
    out["memory_after"] = proc_status(p.pid)
    out["batch_size"] = os.environ.get("SEGMENT_BATCH_SIZE", "250 (default)")
    out["flush_ms"] = os.environ.get("SEGMENT_FLUSH_MS", "1000 (default)")
    PROCS.stop(p)
    floor = res.get("scenario1", {}).get("floor", {}).get("summary", {}).get("cpu_us_per_event")
    for key in (out["primary"], out["high"]):
        b = out[key]["summary"]["cpu_us_per_event"]
        out[key]["ratio_floor"] = round(b / floor, 2) if b and floor else None
    res["scenario3"] = out


def scenario4(res):
    log("Scenario 4: start-up to healthy (%d starts per CPU set) and idle RSS" % CFG["starts"])
    out = {"title": "Start-up (launch -> first 200 on /observe/health) and RSS", "bridge": {}, "floor": {}, "image": {}}
    fake_latency(0)
    starters = [("bridge", lambda n, c: start_bridge(n, cpus=c, warm=False)),
                ("floor", lambda n, c: start_floor(n, cpus=c, warm=False))]
    if os.path.exists(CFG["java25"]):
        cache = train_aot_cache()
        starters.append(("image", lambda n, c: start_image(n, cache, c)))
    else:
        out["image_skipped"] = "no Java 25 at %s (BENCH_JAVA25)" % CFG["java25"]
        log("  " + out["image_skipped"])
    for cpus in CFG["start_cpu_sets"]:
        for who, starter in starters:
            if who == "floor" and cpus != CFG["server_cpus"]:
                continue
            starts = []
            for i in range(CFG["starts"] if cpus == CFG["server_cpus"] else CFG["starts_other_cpus"]):
                wait_quiet([FAKE_PROC.pid])
                name = "s4-%s-cpu%s" % (who, cpus.replace(",", ""))
                logpath = os.path.join(TMP, name + ".log")
                offset = os.path.getsize(logpath) if os.path.exists(logpath) else 0
                p = starter(name, cpus)
                ready_mem = proc_status(p.pid)
                time.sleep(CFG["idle_s"])
                idle = proc_status(p.pid)
                starts.append({"ready_ms": p.ready_ms, "rss_ready_mb": ready_mem["rss_mb"],
                               "rss_idle_mb": idle["rss_mb"], "threads": idle["threads"],
                               "camel_started_in": camel_started_in(logpath, offset)})
                PROCS.stop(p)
                log("  %s cpus %s start %d: ready %d ms, RSS idle %.0f MB" % (who, cpus, i + 1, p.ready_ms,
                                                                             idle["rss_mb"]))
            out[who]["cpus_" + cpus] = {
                "starts": starts,
                "ready_ms_median": med([s["ready_ms"] for s in starts]),
                "ready_ms_range": [min(s["ready_ms"] for s in starts), max(s["ready_ms"] for s in starts)],
                "rss_idle_mb_median": med([s["rss_idle_mb"] for s in starts]),
            }
    out["readiness"] = {"bridge": "GET /observe/health on the management port answers 200",
                        "image": "as bridge; launched as the Dockerfile does: Java 25, -XX:AOTCache from a training run",
                        "floor": "POST /v1/segment answers 200 (it has no health endpoint)"}
    res["scenario4"] = out


# scenario 5: bench.MappingBench's benchmarks, in the order they are reported
S5_BENCHMARKS = (
    ("identifyMap", "identify → tags: map a parsed JsonNode (SegmentToOneSignal.map)"),
    ("identifyParseMapSerialize", "identify → tags: parse bytes + map + PATCH body (as MapSegmentEvent)"),
    ("eventMap", "OneSignal event → track: map a parsed JsonNode (OneSignalToSegment.map)"),
    ("eventParseMapSerialize", "OneSignal event → track: parse bytes + map + serialise (as MapOneSignalEvent)"),
)


def num(v):
    """JMH writes "NaN" (a string) for the error of a single iteration."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f


def scenario5(res):
    jar = os.path.join(BENCH, "target", "jmh.jar")
    bridge = os.path.join(ROOT, "target", "original-segment-onesignal-bridge.jar")
    for f in (jar, bridge):
        if not os.path.exists(f):
            raise RuntimeError("no %s (build the root, then bench/pom.xml; bench/run.sh does)" % f)
    c = CFG
    log("Scenario 5: mapping micro-benchmark (JMH %s), %d x %d s warm-up, %d x %d s measured, %d fork(s), CPU %s"
        % (c["jmh_include"], c["jmh_warmup_iterations"], c["jmh_warmup_s"], c["jmh_iterations"], c["jmh_iteration_s"],
           c["jmh_forks"], c["server_cpus"]))
    out_json = os.path.join(TMP, "jmh-%s.json" % res["id"])
    cmd = ["java", "-jar", jar, c["jmh_include"], "-bm", "avgt", "-tu", "us",
           "-wi", str(c["jmh_warmup_iterations"]), "-w", "%ds" % c["jmh_warmup_s"],
           "-i", str(c["jmh_iterations"]), "-r", "%ds" % c["jmh_iteration_s"], "-f", str(c["jmh_forks"]),
           "-prof", "gc", "-rf", "json", "-rff", out_json,
           # the forked JVM (where the benchmark runs) gets the servers' options; it inherits the CPU pinning
           "-jvmArgs", " ".join(c["java_opts"])]
    if os.path.exists(out_json):
        os.remove(out_json)
    quiet = wait_quiet([])
    s0, t0 = cpu_stat(), time.monotonic()
    p = PROCS.start("s5-jmh", cmd, c["server_cpus"])
    expected = 4 * (c["jmh_warmup_iterations"] * c["jmh_warmup_s"] + c["jmh_iterations"] * c["jmh_iteration_s"]) \
        * c["jmh_forks"]
    deadline = time.monotonic() + 3 * expected + 120
    while True:  # wait4: the CPU time of the JMH host and of its forked JVMs (reaped children)
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            PROCS.stop(p)
            raise RuntimeError("JMH did not finish in %d s; see %s" % (3 * expected + 120, p.bench_log))
        time.sleep(0.2)
    p.returncode = os.waitstatus_to_exitcode(status)
    PROCS.live.pop(p.pid, None)
    PROCS.save()
    wall = time.monotonic() - t0
    s1 = cpu_stat()
    own = ru.ru_utime + ru.ru_stime
    busy = sum(s1[k][0] - s0[k][0] for k in s1 if k in s0) / HZ
    cpu0 = "cpu" + c["server_cpus"].split(",")[0]
    foreign = 100 * max(0.0, busy - own) / (len(s1) * wall)
    # CPU 0 is the one that matters: busy time there that is not JMH's (JMH is pinned to it)
    cpu0_foreign = 100 * max(0.0, (s1[cpu0][0] - s0[cpu0][0]) / HZ - own) / wall
    if p.returncode != 0 or not os.path.exists(out_json):
        raise RuntimeError("JMH exited with %s; see %s" % (p.returncode, p.bench_log))
    with open(out_json) as f:
        raw = json.load(f)
    benches = {}
    for e in raw:
        name = e["benchmark"].rsplit(".", 1)[1]
        pm, sm = e["primaryMetric"], e.get("secondaryMetrics", {})
        norm = sm.get("gc.alloc.rate.norm", {})
        benches[name] = {
            "benchmark": e["benchmark"], "mode": e["mode"],
            "us_per_op": num(pm["score"]), "us_error": num(pm["scoreError"]), "unit": pm["scoreUnit"],
            "us_iterations": [round(x, 4) for fork in pm["rawData"] for x in fork],
            "bytes_per_op": num(norm.get("score")), "bytes_error": num(norm.get("scoreError")),
            "alloc_mb_per_s": num(sm.get("gc.alloc.rate", {}).get("score")),
            "gc_count": num(sm.get("gc.count", {}).get("score")),
            "gc_time_ms": num(sm.get("gc.time", {}).get("score")),
        }
        log("  %s: %.3f ± %s us/op, %s B/op" % (name, benches[name]["us_per_op"],
                                                "%.3f" % benches[name]["us_error"] if benches[name]["us_error"]
                                                is not None else "n/a", fmt(benches[name]["bytes_per_op"], "", 0)))
    first = raw[0] if raw else {}
    res["scenario5"] = {
        "title": "Mapping micro-benchmark (JMH, bench.MappingBench): per-event cost of the pure mapping code",
        "benchmarks": benches,
        "jmh": {"version": first.get("jmhVersion"), "jvm_args": first.get("jvmArgs"), "jdk": first.get("jdkVersion"),
                "vm": first.get("vmVersion"), "warmup": "%s x %s" % (first.get("warmupIterations"), first.get("warmupTime")),
                "measurement": "%s x %s" % (first.get("measurementIterations"), first.get("measurementTime")),
                "forks": first.get("forks"), "cpus": c["server_cpus"], "command": " ".join(cmd[:3] + cmd[3:-2]) +
                " -jvmArgs '%s'" % cmd[-1], "error": "99.9 % confidence interval (JMH scoreError)"},
        "wall_s": round(wall, 1), "jmh_cpu_s": round(own, 1), "quiet_before_pct": quiet,
        "foreign_pct": round(foreign, 1), "cpu0_foreign_pct": round(cpu0_foreign, 1),
        # JMH runs on CPU 0 only: what else ran there is what can bias it (CPU 1's load is reported beside it)
        "contaminated": cpu0_foreign > c["max_foreign_pct"],
        "jmh_json": raw,
    }


# ---------------------------------------------------------------------------------------------------------------
# machine info, targets, reports

def sh(cmd):
    try:
        r = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30)
        return (r.stdout + r.stderr).strip()
    except Exception as e:
        return "n/a (%s)" % e


def machine():
    model = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    return {
        "nproc": int(sh("nproc") or 0), "cpu_model": model, "kernel": sh("uname -r"),
        "mem_total_mb": int(int(sh("awk '/MemTotal/{print $2}' /proc/meminfo") or 0) / 1024),
        "loadavg": open("/proc/loadavg").read().split()[:3],
        "java_version": sh("java -version 2>&1"), "wrk_version": sh("wrk -v 2>&1 | head -1"),
        "mvn_version": sh("mvn -v 2>/dev/null | head -1 | sed 's/\\x1b\\[[0-9;]*m//g'"),
        "bridge_commit": sh("git -C %s rev-parse --short HEAD 2>/dev/null || echo 'n/a (not a git checkout)'" % ROOT),
        # the last commit that changed the bridge itself (HEAD may be a merge or a bench-only commit)
        "bridge_code_commit": sh("git -C %s log -1 --format=%%h -- src routes application.properties pom.xml 2>/dev/null"
                                 " || echo 'n/a (not a git checkout)'" % ROOT),
        "bridge_worktree_clean": sh("git -C %s status --porcelain -- src routes application.properties pom.xml" % ROOT) == "",
    }


def fmt(v, unit="", digits=1):
    if v is None:
        return "–"
    if isinstance(v, float) and v >= 1000:
        return "{:,.0f}{}".format(v, unit)
    if isinstance(v, float):
        return ("{:,.%df}{}" % digits).format(v, unit)
    if isinstance(v, int):
        return "{:,}{}".format(v, unit)
    return str(v) + unit


def verdict(ok):
    return "–" if ok is None else ("yes" if ok else "**no**")


def targets(res):
    """Rows: scenario, metric, bridge, baseline, ratio, target, met."""
    rows = []
    s1 = res.get("scenario1")
    if s1:
        b, f, c = (s1[k]["summary"] for k in ("bridge", "floor", "ceiling"))
        r = s1["ratio_bridge_floor"]
        rows.append(["1 Data In, fake 0 ms, c=%d" % CFG_OF(res)["conns"], "CPU-µs/event", fmt(b["cpu_us_per_event"]),
                     "floor %s" % fmt(f["cpu_us_per_event"]), fmt(r, "×", 2), "≤ 1.0× floor",
                     verdict(r is not None and r <= 1.0)])
        rows.append(["1", "CPU-µs/event vs Vert.x ceiling", fmt(b["cpu_us_per_event"]),
                     "ceiling %s" % fmt(c["cpu_us_per_event"]), fmt(s1["ratio_bridge_ceiling"], "×", 1), "(info)", "–"])
        if s1.get("machine_factor"):
            rows.append(["1", "machine factor (ceiling ÷ 12.1 µs of perf-method.md); floor ÷ its 108.8 µs",
                         fmt(s1["machine_factor"], "×", 2), "floor %s" % fmt(f["cpu_us_per_event"] / 108.8, "×", 2)
                         if f["cpu_us_per_event"] else "–", "–", "(info)", "–"])
        rows.append(["1", "req/s on one core (p99 ms)", "%s (%s)" % (fmt(b["rps"]), fmt(b["p99_ms"])),
                     "floor %s (%s)" % (fmt(f["rps"]), fmt(f["p99_ms"])),
                     fmt(b["rps"] / f["rps"], "×", 2) if b["rps"] and f["rps"] else "–", "(info)", "–"])
        if b.get("onesignal_calls_per_event") is not None:
            rows.append(["1", "OneSignal calls per event (fake's PATCH count ÷ 2xx events)",
                         fmt(b["onesignal_calls_per_event"], "", 3),
                         "floor %s" % fmt(f.get("onesignal_calls_per_event"), "", 3), "–", "(info)", "–"])
    s2 = res.get("scenario2")
    if s2:
        b, f = s2["bridge"]["summary"], s2["fake_direct"]["summary"]
        sustained = (b["ok_per_s"] or 0) >= 0.99 * s2["rate"] and b["non2xx"] == 0 and b["errors_socket"] == 0 \
            and s2["late_share_pct"] <= 1.0
        rows.append(["2 Data In, %d/s offered, fake %d ms" % (s2["rate"], s2["latency_ms"]), "2xx events/s achieved",
                     fmt(b["ok_per_s"]), "offered %s" % fmt(s2["rate"]),
                     fmt(b["ok_per_s"] / s2["rate"], "×", 2) if b["ok_per_s"] else "–",
                     "≥ %d/s, 0 errors, ≤ 1%% late" % s2["rate"], verdict(sustained)])
        rows.append(["2", "p99 added (bridge p99 − direct-to-fake p99)", fmt(s2["added_p99_ms"], " ms", 1),
                     "fake p99 %s ms" % fmt(f["p99_ms"]), "bridge p99 %s ms" % fmt(b["p99_ms"]), "≤ 20 ms",
                     # a direct-to-fake p99 far above the fake's latency was disturbed: the difference means nothing
                     "n/a (direct-to-fake disturbed)" if f["p99_ms"] is not None
                     and f["p99_ms"] > 1.5 * s2["latency_ms"] + 10 else
                     verdict(s2["added_p99_ms"] is not None and s2["added_p99_ms"] <= 20)])
        if b.get("onesignal_calls_per_event") is not None:
            rows.append(["2", "OneSignal calls per event (fake's PATCH count ÷ 2xx events; %s users)"
                         % fmt(CFG_OF(res).get("users")), fmt(b["onesignal_calls_per_event"], "", 3), "–", "–",
                         "(info; < 1 when updates merge)", "–"])
    s3 = res.get("scenario3")
    if s3 and s3.get("skipped"):
        rows.append(["3 Data Out", "skipped", s3["skipped"], "", "", "", "–"])
    elif s3:
        floor = (res.get("scenario1") or {}).get("floor", {}).get("summary", {}).get("cpu_us_per_event")
        for key in (s3["primary"], s3["high"]):
            s = s3[key]["summary"]
            name = "3 Data Out, fake 0 ms, c=%d" % s3[key]["conns"]
            rows.append([name, "2xx events/s", fmt(s["ok_per_s"]), "–", "–", "≥ 8,000/s",
                         verdict(s["ok_per_s"] is not None and s["ok_per_s"] >= 8000)])
            rows.append(["3", "events per Segment call", fmt(s["events_per_segment_call"]), "–", "–", "≥ 100",
                         verdict(s["events_per_segment_call"] is not None and s["events_per_segment_call"] >= 100)])
            r = s3[key]["ratio_floor"]
            rows.append(["3", "CPU-µs/event (p99 ms)", "%s (%s)" % (fmt(s["cpu_us_per_event"]), fmt(s["p99_ms"])),
                         "floor %s" % fmt(floor), fmt(r, "×", 2), "≤ 0.7× floor", verdict(r is not None and r <= 0.7)])
    s4 = res.get("scenario4")
    if s4:
        cpus0 = CFG_OF(res)["server_cpus"]
        for who, key, v in [("bridge", k, v) for k, v in s4["bridge"].items()] + \
                [("image", k, v) for k, v in s4.get("image", {}).items()]:
            fl = s4["floor"].get(key, {})
            main = key == "cpus_" + cpus0
            what = "Java 17 jar" if who == "bridge" else "image: Java 25 + AOT cache"
            rows.append(["4 start-up, CPUs %s" % key[5:], "launch → healthy (%s), median of %d" % (what, len(v["starts"])),
                         fmt(v["ready_ms_median"], " ms", 0),
                         "floor %s ms" % fmt(fl.get("ready_ms_median"), "", 0) if fl else "–",
                         fmt(v["ready_ms_median"] / fl["ready_ms_median"], "×", 2) if fl.get("ready_ms_median") else "–",
                         "≤ 2,000 ms" if main else "(info)", verdict(v["ready_ms_median"] <= 2000) if main else "–"])
        v = s4["bridge"].get("cpus_" + cpus0) or next(iter(s4["bridge"].values()))
        fl = s4["floor"].get("cpus_" + cpus0, {})
        rows.append(["4", "RSS idle (%d s after healthy), median" % CFG_OF(res)["idle_s"],
                     fmt(v["rss_idle_mb_median"], " MB"), "floor %s MB" % fmt(fl.get("rss_idle_mb_median")) if fl else "–",
                     fmt(v["rss_idle_mb_median"] / fl["rss_idle_mb_median"], "×", 2) if fl.get("rss_idle_mb_median") else "–",
                     "≤ 200 MB", verdict(v["rss_idle_mb_median"] <= 200)])
    after = []
    for sk, path in (("scenario1", ("bridge", "memory_after")), ("scenario2", ("bridge", "memory_after")),
                     ("scenario3", ("memory_after",))):
        node = res.get(sk)
        for k in path:
            node = (node or {}).get(k)
        if node:
            after.append("%s %s/%s" % (sk[-1], fmt(node["rss_mb"], "", 0), fmt(node["hwm_mb"], "", 0)))
    if after:
        fl = ((res.get("scenario1") or {}).get("floor") or {}).get("memory_after")
        rows.append(["1–3", "RSS after the runs, VmRSS/VmHWM MB (by scenario)", ", ".join(after),
                     "floor %s/%s" % (fmt(fl["rss_mb"], "", 0), fmt(fl["hwm_mb"], "", 0)) if fl else "–", "–",
                     "(info; -Xmx512m)", "–"])
    s5 = res.get("scenario5")
    if s5:
        for i, (name, label) in enumerate(S5_BENCHMARKS):
            b = s5["benchmarks"].get(name)
            if b:
                rows.append(["5 mapping micro-benchmark (JMH)" if i == 0 else "5", label, s5_figure(b), "–", "–",
                             "(tracked)", "–"])
    s6 = res.get("scenario6")
    if s6:
        k, d = s6["kafka"], s6["direct"]["summary"]
        r = s6.get("ratio_kafka_direct")
        rows.append(["6 Data In, Kafka mode (2 instances) vs direct (1), fake %d ms" % s6["latency_ms"],
                     "events/s delivered (Kafka: %s events drained, first to last call; direct: 2xx/s, c=%d)"
                     % (fmt(s6["events"]), CFG_OF(res).get("s6_direct_conns", 200)),
                     fmt(k["events_per_s"]), "direct %s" % fmt(d["ok_per_s"]), fmt(r, "×", 2),
                     "≥ 0.8× direct", verdict(r is not None and r >= 0.8)])
        rows.append(["6", "Kafka mode: steady events/s (10 %–90 % of a drain); most calls of both instances in one clock second",
                     "%s; peak %s" % (fmt(k["steady_events_per_s"]), fmt(k["peak_1s_events_per_s"])),
                     "app limit %s" % fmt(s6.get("app_limit", 1000)), "–", "peak ≤ 1.5× limit",
                     verdict(k["peak_1s_events_per_s"] <= 1.5 * s6.get("app_limit", 1000))])
        rows.append(["6", "CPU-µs/event (Kafka: both instances; direct: the instance)",
                     fmt(k["bridges_cpu_us_per_event"]), "direct %s" % fmt(d["cpu_us_per_event"]),
                     fmt(k["bridges_cpu_us_per_event"] / d["cpu_us_per_event"], "×", 2)
                     if d["cpu_us_per_event"] else "–", "(info)", "–"])
        rows.append(["6", "consumer group lag after each drain", fmt(k["lag_after"]), "–", "–", "0",
                     verdict(k["lag_after"] == 0)])
    return rows


def s5_figure(b, short=False):
    """'2.36 ± 0.05 µs/op, 2,589 B/op' (short: '2.36 µs, 2,589 B')."""
    if not b or b.get("us_per_op") is None:
        return "–"
    us = b["us_per_op"]
    digits = 2 if us < 100 else 1
    if short:
        return "%s µs, %s B" % (fmt(us, "", digits), fmt(b.get("bytes_per_op"), "", 0))
    err = " ± %s" % fmt(b["us_error"], "", digits) if b.get("us_error") is not None else ""
    return "%s%s µs/op, %s B/op" % (fmt(us, "", digits), err, fmt(b.get("bytes_per_op"), "", 0))


def CFG_OF(res):
    return res.get("config", CFG)


def table(rows, header):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c).replace("|", "/") for c in r) + " |" for r in rows]
    return "\n".join(out)


def run_rows(tries):
    rows = []
    for t in tries:
        rows.append([t["label"], t["attempt"], "yes" + (" (contaminated)" if t.get("contaminated") else "")
                     if t["accepted"] else "rejected", fmt(t["requests"]), fmt(t["rps"]), fmt(t["p50_ms"], "", 2),
                     fmt(t["p99_ms"], "", 2), t["non2xx"] + t["errors_socket"], fmt(t["cpu_us_per_event"]),
                     fmt(t["fake_cpu_us_per_event"]), fmt(t["wrk_cpu_us_per_event"]), fmt(t["foreign_pct"], "%"),
                     fmt(t["fake"].get("events_per_call") or t["fake"].get("batchAvg") or None)])
    return rows


def results_markdown(res):
    m, c = res["machine"], res["config"]
    lines = ["# Benchmark run %s" % res["id"], ""]
    if c["quick"]:
        lines += ["**QUICK smoke run: %d s warm-up, %d s runs%s. Not a measurement.**" % (
            c["warmup_s"], c["run_s"], "; JMH %d × %d s warm-up, %d × %d s measured" % (
                c["jmh_warmup_iterations"], c["jmh_warmup_s"], c["jmh_iterations"], c["jmh_iteration_s"])
            if res.get("scenario5") else ""), ""]
    lines += ["Bridge commit `%s`%s. %d CPUs (%s), %d MB, kernel %s. Load average at start %s, at end %s. %s. %s." % (
        m.get("bridge_code_commit") or m["bridge_commit"], "" if m["bridge_worktree_clean"] else " (with local changes)", m["nproc"], m["cpu_model"],
        m["mem_total_mb"], m["kernel"], " ".join(res["loadavg_start"]), " ".join(res.get("loadavg_end", [])),
        m["wrk_version"], m["mvn_version"]), "",
        "```", m["java_version"], "```", ""]
    if any(res.get("scenario%d" % i) for i in (1, 2, 3, 4)):
        lines += [
        "Servers measured pinned to CPU %s, wrk (-t1) on CPU %s, fake API on CPU %s; JVM options `%s`; warm-up %d s "
        "on CPUs %s (JVM told it has 1 CPU) + %d s pinned; %d × %d s runs; runs with more than %.0f%% foreign CPU "
        "retried up to %d times. Total time %d s." % (
            c["server_cpus"], c["loadgen_cpus"], c["fake_cpus"], " ".join(c["java_opts"]), c["warmup_s"],
            c.get("warmup_cpus", "0,1"), c.get("warmup_pinned_s", 0), c["runs"], c["run_s"], c["max_foreign_pct"],
            c["max_retries"], res.get("elapsed_s", 0)), ""]
    lines += [
        "## Targets", "", table(targets(res), ["scenario", "metric", "bridge", "baseline", "ratio", "target", "met?"]),
        ""]
    if res.get("notes"):
        lines += ["## Notes", ""] + ["- " + n for n in res["notes"]] + [""]
    hdr = ["run", "try", "accepted", "requests", "req/s", "p50 ms", "p99 ms", "errors+non2xx", "server CPU-µs/ev",
           "fake CPU-µs/ev", "wrk CPU-µs/ev", "foreign", "events/Segment call"]
    all_runs = []
    for sk in ("scenario1", "scenario2", "scenario3", "scenario6"):
        s = res.get(sk) or {}
        for k, v in s.items():
            if isinstance(v, dict) and "runs" in v:
                all_runs += v["runs"]
    if all_runs:
        lines += ["## Every run", "", table(run_rows(all_runs), hdr), ""]
    s6 = res.get("scenario6")
    if s6:
        lines += ["## Scenario 6: Kafka-mode drains", "",
                  "%s. Each drain publishes its events (distinct users, so one OneSignal call per event) with Kafka's "
                  "console producer while both instances already own partitions, and follows the fake's PATCH count "
                  "until all arrived; then the group's lag is read with kafka-consumer-groups. CPU seconds during the "
                  "drain by process." % s6["title"], "",
                  table([[d_name, fmt(d["events"]), fmt(d["produce_s"], " s", 2), fmt(d["drain_s"], " s", 2),
                          fmt(d["events_per_s"]), fmt(d["steady_events_per_s"]), fmt(d["peak_1s_events_per_s"]),
                          fmt(d["lag_after"]), fmt(d["bridges_cpu_us_per_event"]),
                          ", ".join("%s %s" % (k, v) for k, v in d["cpu_s"].items())]
                         for d_name, d in [("warm-up", s6["warmup"])] +
                         [("drain %d" % (i + 1), d) for i, d in enumerate(s6["kafka"]["drains"])]],
                        ["drain", "events", "publish", "first→last call", "events/s", "steady events/s",
                         "peak 1 s", "lag after", "bridges CPU-µs/ev", "CPU s by process"]), ""]
    th = []
    for sk, keys in (("scenario1", ("bridge",)), ("scenario2", ("bridge",)), ("scenario3", ())):
        s = res.get(sk) or {}
        if sk == "scenario3" and s.get("threads_during_warmup_high"):
            th.append(("3 (c=%s warm-up)" % c["s3_conns_high"], s["threads_during_warmup_high"]))
        for k in keys:
            if s.get(k, {}).get("threads_during_warmup"):
                th.append((sk[-1], s[k]["threads_during_warmup"]))
    if th:
        lines += ["## Bridge threads near the end of each warm-up (jcmd Thread.print)", ""]
        for name, t in th:
            pools = ", ".join("%s %s" % (k, "/".join("%s %d" % kv for kv in v.items()))
                              for k, v in sorted(t.get("pools", {}).items()) if k.startswith(("vert.x", "Camel")))
            lines += ["- scenario %s: %s" % (name, pools or t),
                      "  - Vert.x workers at: " + "; ".join("%s ×%d" % kv for kv in t.get("workers_at", {}).items())]
        lines += [""]
    s5 = res.get("scenario5")
    if s5:
        j = s5["jmh"]
        lines += ["## Scenario 5: mapping micro-benchmark (JMH)", "",
                  "JMH %s, JDK %s, mode AverageTime, warm-up %s, measurement %s, %s fork(s), pinned to CPU %s, "
                  "forked JVM options `%s`, `-prof gc`. ± is JMH's 99.9 %% confidence interval (none with a single "
                  "iteration); B/op is `gc.alloc.rate.norm`. Foreign CPU during the run: %s of both CPUs, %s on CPU %s%s; JMH took "
                  "%s s." % (j["version"], j["jdk"], j["warmup"], j["measurement"], j["forks"], j["cpus"],
                             " ".join(j.get("jvm_args") or []), fmt(s5["foreign_pct"], "%"),
                             fmt(s5["cpu0_foreign_pct"], "%"), j["cpus"], " (**contaminated**)" if s5["contaminated"] else "",
                             fmt(s5["wall_s"], "", 0)), ""]
        rows = []
        for name, label in S5_BENCHMARKS:
            b = s5["benchmarks"].get(name)
            if b:
                rows.append([name, label, fmt(b["us_per_op"], "", 3), fmt(b["us_error"], "", 3),
                             fmt(b["bytes_per_op"], "", 0), fmt(b["alloc_mb_per_s"], "", 0),
                             ", ".join("%.3f" % x for x in b["us_iterations"])])
        lines += [table(rows, ["benchmark", "what", "µs/op", "± (99.9 %)", "B/op", "alloc MB/s",
                               "µs/op per iteration"]), "",
                  "Command: `%s`." % j["command"], ""]
    if res.get("scenario4"):
        lines += ["## Start-up samples", ""]
        for who in ("bridge", "image", "floor"):
            for k, v in res["scenario4"].get(who, {}).items():
                lines.append("- %s, CPUs %s: ready ms %s; RSS idle MB %s; Camel 'started in' %s" % (
                    who, k[5:], [s["ready_ms"] for s in v["starts"]], [s["rss_idle_mb"] for s in v["starts"]],
                    [s["camel_started_in"] for s in v["starts"]]))
        lines += [""]
    lines += ["Raw figures: `%s.json`." % res["id"], ""]
    return "\n".join(lines)


BENCH_HEADER = """# Benchmarks

How fast and how lean the bridge is, measured against two baselines in the same run on the same machine:

- **Vert.x ceiling** (`bench.VertxBaseline`): bare Vert.x 4.5.24 reading the body, Jackson `readTree`, mapping a
  dozen fields, answering. What useful work costs with no framework (~12 CPU-µs/event in perf-method.md).
- **Camel floor** (`bench.CamelFloor`): the smallest camel-main 4.18.0 YAML route doing the bridge's Data In job:
  platform-http POST → unmarshal JSON → one trivial Java processor → camel-http PATCH to the fake → answer. What any
  Camel bridge built this way costs (~110 CPU-µs/event in perf-method.md). Camel defaults (20 worker threads, 20
  connections).
- **Fake API** (`bench.FakeApi`): fake OneSignal (`PATCH /apps/**/users/**` → 202 `{}`) and Segment
  (`POST /v1/batch` → 200 `{"success":true}`), with a configurable response latency (a Vert.x timer) and counters
  at `GET /stats` (requests, Segment calls, events per call).

## How to run

```bash
bench/run.sh                      # full run, about 15 minutes: results in bench/results/, this file updated
QUICK=1 bench/run.sh              # smoke test, about 3 minutes: 5 s warm-up, 5 s runs, results in bench/results/tmp/
SCENARIOS="1 3" bench/run.sh      # some scenarios only
SCENARIOS=5 bench/run.sh          # only the mapping micro-benchmark (JMH), about 2 minutes
SCENARIOS=6 bench/run.sh          # only Kafka mode beside direct mode, about 6 minutes
SKIP_BUILD=1 bench/run.sh         # reuse target/segment-onesignal-bridge.jar and bench/target/bench.jar
python3 bench/lib/harness.py report   # regenerate this file from bench/results/*.json
```

This file is generated from `bench/results/*.json` (full runs only); a `## ` section added by hand (any heading
other than the generated ones) is kept, at the end, when it is regenerated. A run of some scenarios only (e.g.
`SCENARIOS=5`) is recorded in its own result files and in the history; the latest-run table then shows, for each
scenario, the figures of the last run that measured it.

Needs Java 17, Maven 3.8, python3, and wrk (run.sh installs it with apt-get when missing). Everything listens on
127.0.0.1 only; every process the run starts is stopped when it ends, also on Ctrl-C or failure. Knobs (environment):
`WARMUP_S` (45, on both CPUs), `WARMUP_PINNED_S` (15), `WARMUP_PINNED_MAX_S` (55), `WARMUP_STABLE_PCT` (7), `WARMUP_CPUS` (`0,1`), `RUN_S` (20), `RUNS` (3), `CONNS` (64), `MAX_FOREIGN_PCT` (5), `MAX_RETRIES` (3), `QUIET_WAIT_S`
(20), `BUDGET_S` (840: no more retries after this), `SERVER_CPUS` (0), `LOADGEN_CPUS` (1), `FAKE_CPUS` (1),
`BENCH_JAVA_OPTS` (`-Xmx512m -XX:+UseG1GC`), `S2_RATE` (1000), `S2_CONNS` (200), `S2_LATENCY_MS` (50),
`S3_CONNS_HIGH` (256), `STARTS` (5), `STARTS_OTHER_CPUS` (3), `START_CPU_SETS` (`0 0,1`), `WRK_USERS` (50000),
`JMH_WARMUP_ITERATIONS` (5), `JMH_WARMUP_S` (2), `JMH_ITERATIONS` (5), `JMH_ITERATION_S` (2), `JMH_FORKS` (1),
`JMH_INCLUDE` (`bench.MappingBench`), `S6_EVENTS` (20000), `S6_WARMUP_EVENTS` (40000), `S6_PARTITIONS` (8),
`S6_LATENCY_MS` (50), `S6_DIRECT_CONNS` (200), `S6_CPUS` (`0,1`), `BENCH_JAVA25` (`/usr/lib/jvm/temurin-25-jdk-amd64/bin/java`: scenario 4 also starts the bridge as the Docker image does, Java 25 with an AOT cache trained first; skipped when missing), `BENCH_*_PORT`
(bridge 18080, management 19876, baseline 18081, floor 18082, fake 19090; scenario 6: second bridge 18083,
management 19877, Kafka 19092, its controller 19093). The bridge's own settings
(`SEGMENT_BATCH_SIZE`, `SEGMENT_FLUSH_MS`, ...) pass through from the environment.

## Method

As in the shared perf method (perf-method.md):

- Each server JVM runs **alone on CPU 0** (`taskset -c 0`, `-Xmx512m -XX:+UseG1GC`), one at a time; **wrk runs on CPU
  1** with `-t1`; the fake API runs on CPU 1 too (beside wrk), so that CPU 0 holds only the server being measured.
- **Warm-up ≥ 60 s** per server (discarded), then **3 × 20 s** measured runs; medians are reported. The warm-up runs
  45 s with the server allowed on both CPUs, then 15 s pinned, then 10 s windows until CPU-µs/event moves by less
  than 7 % between two windows (at most 55 s pinned in all). Reason: pinned to one core under load, the JIT
  compiler threads compete with 20–200 busy request threads and starve; on this machine the Camel floor was still at
  2–3× its steady-state CPU per event after a 30 s pinned warm-up and needed about 4 minutes to settle, while 45 s on
  two CPUs got it within ~10 % of that. The JVM is started with `-XX:ActiveProcessorCount=1`, so its ergonomics
  (GC threads, Vert.x event loops, pool sizes) are those of a 1-CPU JVM throughout, then `taskset -a -p -c 0` pins
  every thread (threads created later inherit it) before the pinned warm-up and the runs.
- **CPU-µs per event** = the server's `utime + stime` (`/proc/PID/stat`) over the run ÷ requests. It is the stable
  figure on a shared machine (req/s is not). Absolute figures depend on the machine of the day: compare the bridge
  with the baselines of the same run (perf-method.md measured the ceiling at 12.1 and the floor at ~110 CPU-µs/event
  on a faster day of this machine kind; the "machine factor" in each result is ceiling measured ÷ 12.1).
- **Foreign CPU**: busy time of both CPUs (`/proc/stat`, steal included) minus server, fake and wrk, ÷ (2 × wall
  time). A run above 5 % is rejected and retried, up to 3 times (no more retries once the run is 14 minutes old); if
  every try is contaminated, the cleanest is kept and flagged "contaminated". Before each run the harness waits (up
  to 20 s) for a quiet second.
- **Requests** are realistic: `bench/post-identify.lua` posts a 1.1 KB Segment identify (context, page, userAgent,
  integrations, 11 traits with a nested address), a new `messageId` every request (the bridge de-duplicates) and a
  userId cycling over 50,000 users, signed with `X-Signature` (HMAC-SHA1 through libcrypto) since the bridge runs
  with `SEGMENT_SHARED_SECRET`. `bench/post-event.lua` posts the OneSignal Event Streams body with a unique
  `event.id` and a Bearer token. Every 2xx body is checked for `"accepted":1` and every non-2xx is counted (except
  for the Vert.x ceiling, where the check would make wrk the bottleneck: there wrk's HTTP ≥ 400 count is used).
- The bridge runs with its defaults, pointing at the fake, except that **scenario 1 lifts its OneSignal rate limit**
  (`ONESIGNAL_MAX_REQUESTS_PER_SECOND=1000000`; default 1000/s per app) so that CPU cost, not the limiter, is measured.

Scenarios:

1. **Data In, fake at 0 ms, c=64** (closed loop): Vert.x ceiling vs Camel floor vs bridge; ratio bridge ÷ floor.
2. **Data In with the fake at 50 ms, 1000 events/s offered**: wrk2 is not packaged in Debian, so the scripts pace
   wrk themselves (a `delay()` schedule: request k is due at k ÷ rate, 200 connections so that 1000/s × 50 ms fits;
   a request that could not leave on time counts as *late*). The same paced load is first sent straight to the fake;
   **added p99 = bridge p99 − direct-to-fake p99**. Runs with the bridge's default rate limit (1000/s).
3. **Data Out**, one event per request, fake at 0 ms: events/s, events per Segment call (from the fake's `/stats`,
   which also keeps the histogram of batch sizes), CPU-µs/event vs the floor. Run at c=64 (the standard) and at
   c=256: the bridge answers a webhook only after the batch holding its event was accepted, so with fewer requests in
   flight than `SEGMENT_BATCH_SIZE` (250) a batch can only fill up to the number of requests in flight. The bridge's
   own settings apply (`SEGMENT_BATCH_SIZE`, `SEGMENT_FLUSH_MS`, `SEGMENT_LINGER_MS` pass through from the
   environment). Skipped, with a note, when the endpoint answers 404.
4. **Start-up**: launch → first 200 on `/observe/health`, median of 5 on CPU 0 alone (the target) and of 3 on CPUs
   0–1, twice: the Java 17 jar (`java -jar`) and the bridge as the Docker image runs it (Java 25 with
   `-XX:AOTCache`, the cache trained first by the Dockerfile's dry-run start-up, `BENCH_JAVA25`); the Camel floor's
   launch → first 200 on its route beside them; RSS 5 s after healthy; RSS (VmRSS/VmHWM) of each bridge after its
   load runs.
5. **Mapping micro-benchmark** (JMH 1.37, `bench.MappingBench` in `bench/target/jmh.jar`): the per-event cost of
   the bridge's pure mapping code, without Camel, HTTP or threads, tracked over time. It calls the bridge's own
   classes (the root build's `target/original-segment-onesignal-bridge.jar`, on `jmh.jar`'s manifest Class-Path).
   Inputs: the 1,058-byte identify of `bench/post-identify.lua` and the 398-byte message event of
   `bench/post-event.lua`, fixed ids; mapping with the bridge's defaults (`TagPolicy.defaults()`: deny email, phone;
   `MappingOptions.defaults()`).
   Four benchmarks: `identifyMap` (`SegmentToOneSignal.map` of a parsed `JsonNode`: 9 tags, email denied and the
   nested address omitted), `identifyParseMapSerialize` (the bytes parsed with the bridge's `Json` mapper, mapped,
   then what `MapSegmentEvent` builds per chunk and the PATCH body string camel-http sends,
   `OneSignalRequest.jsonBytes()`), `eventMap` (`OneSignalToSegment.map`) and `eventParseMapSerialize` (parse, map,
   `MapOneSignalEvent`'s size check `writeValueAsBytes`, and the track serialised once more as its share of the
   `/v1/batch` body). Mode AverageTime in µs/op, 5 × 2 s warm-up and 5 × 2 s measured iterations (`QUICK=1`: 1 × 1 s
   each), one fork, host and forked JVM pinned to CPU 0 (`taskset -c 0`, the fork with `-Xmx512m -XX:+UseG1GC`),
   `-prof gc`: **B/op** is `gc.alloc.rate.norm`. ± is JMH's 99.9 % confidence interval over the iterations. It runs
   first, before the fake API starts; the foreign CPU over the run is reported (flagged when CPU 0 had more than
   5 %, not retried). B/op is the steady figure (the same code allocates the same bytes); µs/op moves with the
   load of the shared machine like every other figure here. What it tells: the mapping's share of the bridge's
   per-event CPU (scenario 1 measures the whole bridge, ~1 ms per event). The JMH JSON is kept in the results
   `.json` (`scenario5.jmh_json`).
6. **Kafka mode beside direct mode**, fake OneSignal at 50 ms, the bridge's defaults (app limit 1,000 calls/s).
   *Direct*: one instance, wrk closed loop with 200 connections (no pacing: as many events as it delivers), warm-up
   then 3 × 20 s; events/s = 2xx/s. *Kafka*: Kafka's own broker (`kafka.Kafka` 3.9.1, single-node KRaft, from
   Kafka's Maven artifacts copied by `bench/kafka/pom.xml`; `segment-in` with 8 partitions) and two bridge instances
   with `BRIDGE_TRANSPORT=kafka` in one consumer group. Once both own partitions (read with Kafka's
   `kafka-consumer-groups` tool), a warm-up drain (40,000 events, about as many as the direct instance gets in its warm-up at the limit) and then 3 drains of 20,000 identify events are
   published by Kafka's console producer (key = userId, value = the event, as the bridge's own ingest publishes
   them; distinct users, so one OneSignal call per event, as in direct mode). A drain's events/s = events ÷ the
   time from the fake's first to its last PATCH; "steady" leaves out the first and last 10 %; the fake also counts
   the most PATCHes in one clock second (the group's app limit must hold for both instances together); after each
   drain the group's lag is read. CPU-µs/event of both instances together beside the direct instance's. All
   processes share both CPUs (`S6_CPUS`); medians of the drains. Target: Kafka ≥ 0.8× direct.
"""


def benchmarks_markdown():
    files = sorted(glob.glob(os.path.join(RESULTS, "*.json")))
    runs = []
    for f in files:
        with open(f) as fh:
            runs.append(json.load(fh))
    # harness runs only (bench/soak.py writes its own JSON next to them), and no drafts
    runs = [r for r in runs if "config" in r and not r["config"].get("draft")]
    lines = [BENCH_HEADER]
    if not runs:
        return "\n".join(lines + ["No full run recorded yet."])
    # the latest figures of every scenario: a run of some scenarios only (SCENARIOS="5") replaces those, and the
    # others stay those of the last run that had them
    last, sources = latest_by_scenario(runs)
    ids = []
    for r in sorted(sources.values(), key=lambda r: r["id"]):
        if r["id"] not in ids:
            ids.append(r["id"])
    by_run = {i: [n for n, r in sources.items() if r["id"] == i] for i in ids}
    if len(ids) == 1:
        r = sources[next(iter(sources))]
        lines += ["## Latest run: %s" % r["id"], "",
                  "Bridge commit `%s`; load average at start %s; details in [bench/results/%s.md](bench/results/%s.md)." % (
                      r["machine"].get("bridge_code_commit") or r["machine"]["bridge_commit"],
                      " ".join(r["loadavg_start"]), r["id"], r["id"]), ""]
    else:
        lines += ["## Latest run: %s" % ", ".join("%s (scenario%s %s)" % (i, "s" if len(by_run[i]) > 1 else "",
                                                                         scen_list(by_run[i])) for i in ids), "",
                  "The latest figures of each scenario, from the last run that measured it:", ""]
        for i in ids:
            r = next(x for x in runs if x["id"] == i)
            lines.append("- scenario%s %s: run [%s](bench/results/%s.md), bridge commit `%s`, load average at start %s."
                         % ("s" if len(by_run[i]) > 1 else "", scen_list(by_run[i]), i, i,
                            r["machine"].get("bridge_code_commit") or r["machine"]["bridge_commit"],
                            " ".join(r["loadavg_start"])))
        lines += [""]
    lines += [table(targets(last), ["scenario", "metric", "bridge", "baseline", "ratio", "target", "met?"]), ""]
    if last.get("notes"):
        lines += ["Notes:", ""] + ["- " + n for n in last["notes"]] + [""]
    findings = os.path.join(BENCH, "findings.md")
    if os.path.exists(findings):
        with open(findings) as f:
            lines += [f.read().rstrip(), ""]
    hist = []
    for r in runs:
        s1, s2, s3, s4, s5, s6 = (r.get("scenario%d" % i) or {} for i in (1, 2, 3, 4, 5, 6))
        s5b = s5.get("benchmarks", {})
        s3p = s3.get(s3.get("primary", ""), {}).get("summary", {}) if not s3.get("skipped") else {}
        s3h = s3.get(s3.get("high", ""), {}).get("summary", {}) if not s3.get("skipped") else {}
        v4 = s4.get("bridge", {}).get("cpus_" + r["config"]["server_cpus"], {})
        i4 = s4.get("image", {}).get("cpus_" + r["config"]["server_cpus"], {})
        cont = sum((v.get("summary") or {}).get("contaminated_runs", 0)
                   for s in (s1, s2, s3, s6) for v in s.values() if isinstance(v, dict)) + int(bool(s5.get("contaminated")))
        hist.append([
            "[%s](bench/results/%s.md)" % (r["id"], r["id"]), r["machine"].get("bridge_code_commit") or r["machine"]["bridge_commit"],
            fmt(s1.get("bridge", {}).get("summary", {}).get("cpu_us_per_event")),
            fmt(s1.get("floor", {}).get("summary", {}).get("cpu_us_per_event")),
            fmt(s1.get("ceiling", {}).get("summary", {}).get("cpu_us_per_event")),
            fmt(s1.get("ratio_bridge_floor"), "×", 2),
            "%s / %s" % (fmt(s2.get("achieved_ok_per_s")), fmt(s2.get("added_p99_ms"), " ms")) if s2 else "–",
            "skipped" if s3.get("skipped") else ("%s, %s/call" % (fmt(s3p.get("ok_per_s")), fmt(s3p.get("events_per_segment_call")))
                                                  if s3p else "–"),
            "%s, %s/call" % (fmt(s3h.get("ok_per_s")), fmt(s3h.get("events_per_segment_call"))) if s3h else "–",
            fmt(v4.get("ready_ms_median"), " ms", 0) + (" / %s" % fmt(i4["ready_ms_median"], " ms", 0) if i4 else ""),
            fmt(v4.get("rss_idle_mb_median"), " MB", 0),
            "%s / %s" % (s5_figure(s5b.get("identifyMap"), True), s5_figure(s5b.get("identifyParseMapSerialize"), True))
            if s5b else "–",
            "%s / %s" % (s5_figure(s5b.get("eventMap"), True), s5_figure(s5b.get("eventParseMapSerialize"), True))
            if s5b else "–",
            "%s / %s" % (fmt(s6["kafka"]["events_per_s"]), fmt(s6["direct"]["summary"]["ok_per_s"])) if s6 else "–",
            str(cont), " ".join(r["loadavg_start"][:1]),
        ])
    lines += ["## History", "",
              table(hist, ["run", "commit", "S1 bridge µs/ev", "S1 floor µs/ev", "S1 ceiling µs/ev", "S1 bridge÷floor",
                           "S2 ev/s / p99 added", "S3 c=64 ev/s", "S3 c=256 ev/s", "S4 start (CPU 0): jar / image",
                           "S4 RSS idle", "S5 identify→tags: map / parse+map+serialise (per op)",
                           "S5 event→track: map / parse+map+serialise (per op)",
                           "S6 ev/s: Kafka (2 instances) / direct", "contaminated runs", "load avg"]), ""]
    lines += hand_written_sections()
    return "\n".join(lines)


def scen_list(keys):
    nums = sorted(k[len("scenario"):] for k in keys)
    return ", ".join(nums[:-1]) + " and " + nums[-1] if len(nums) > 1 else nums[0]


def latest_by_scenario(runs):
    """A result holding, for each scenario, the one of the last run that measured it (and that run's config and
    notes); and {scenarioN: that run}."""
    sources = {}
    for r in runs:
        for i in range(1, 7):
            if r.get("scenario%d" % i):
                sources["scenario%d" % i] = r
    if not sources:
        return runs[-1], {"scenario?": runs[-1]}
    servers = [sources[k] for k in ("scenario1", "scenario2", "scenario3", "scenario4", "scenario6") if k in sources]
    base = max(servers, key=lambda r: r["id"]) if servers else runs[-1]
    merged = {"id": base["id"], "config": base["config"], "machine": base["machine"],
              "loadavg_start": base["loadavg_start"]}
    notes = []
    for k in sorted(sources):
        merged[k] = sources[k][k]
    for r in sorted({id(r): r for r in sources.values()}.values(), key=lambda r: r["id"]):
        for n in r.get("notes") or []:
            mine = [k for k in sources if sources[k] is r]
            # a note about a scenario whose figures come from another run does not belong here
            if any(("Scenario %s" % o[-1]) in n or ("scenario %s" % o[-1]) in n
                   for o in ("scenario1", "scenario2", "scenario3", "scenario4", "scenario5", "scenario6")
                   if o not in mine):
                continue
            if n not in notes:
                notes.append(n)
    merged["notes"] = notes
    return merged, sources


GENERATED_SECTIONS = ("## How to run", "## Method", "## Latest run", "## History", "## Measured evidence")


def hand_written_sections():
    """'## ' sections of the current BENCHMARKS.md that the generator does not write (added by hand): kept, in order."""
    path = os.path.join(ROOT, "BENCHMARKS.md")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    keep = []
    for part in re.split(r"(?m)^(?=## )", text):
        if part.startswith("## ") and not part.startswith(GENERATED_SECTIONS):
            keep.append(part.rstrip() + "\n")
    return keep


def write_reports(res):
    os.makedirs(RESULTS, exist_ok=True)
    base = os.path.join(TMP if res["config"].get("draft") else RESULTS, res["id"])
    os.makedirs(os.path.dirname(base), exist_ok=True)
    with open(base + ".json", "w") as f:
        json.dump(res, f, indent=1, ensure_ascii=False)
    with open(base + ".md", "w") as f:
        f.write(results_markdown(res))
    log("results: %s.md / .json" % base)
    if not res["config"].get("draft"):
        text = benchmarks_markdown()  # before opening the file: it keeps the hand-written sections
        with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as f:
            f.write(text)
        log("BENCHMARKS.md updated")


def notes(res):
    n = []
    s1 = res.get("scenario1")
    if s1:
        n.append("Scenario 1 bridge ran with ONESIGNAL_MAX_REQUESTS_PER_SECOND=%s (limiter lifted); scenarios 2–4 "
                 "with the bridge's defaults." % S1_BRIDGE_ENV["ONESIGNAL_MAX_REQUESTS_PER_SECOND"])
    s3 = res.get("scenario3") or {}
    if s3.get("skipped"):
        n.append("Scenario 3 skipped: " + s3["skipped"])
    s5 = res.get("scenario5") or {}
    if s5.get("contaminated"):
        n.append("Scenario 5 (JMH) ran with %.1f%% foreign CPU on its CPU (limit %.0f%%, not retried): compare its "
                 "error bars." % (s5["cpu0_foreign_pct"], CFG["max_foreign_pct"]))
    cont = []
    for sk in ("scenario1", "scenario2", "scenario3", "scenario6"):
        for k, v in (res.get(sk) or {}).items():
            if isinstance(v, dict) and "runs" in v:
                cont += [t["label"] for t in v["runs"] if t.get("contaminated")]
    if cont:
        n.append("Kept with more than %.0f%% foreign CPU (retries used up, or the time budget spent; the machine is "
                 "shared): %s" % (CFG["max_foreign_pct"], ", ".join(cont)))
    return n


def run():
    global FAKE_PROC
    os.makedirs(TMP, exist_ok=True)
    if any(s in CFG["scenarios"] for s in ("1", "2", "3", "4", "6")):  # scenario 5 listens on nothing
        check_ports()
    res = {"id": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M%SZ"),
           "config": CFG, "loadavg_start": open("/proc/loadavg").read().split()[:3]}
    res["machine"] = machine()
    log("run %s (%s); load average %s" % (res["id"], "QUICK" if QUICK else "full", " ".join(res["loadavg_start"])))
    try:
        # scenario 5 (JMH, no server) first, while nothing else of ours runs
        if "5" in CFG["scenarios"]:
            try:
                scenario5(res)
            except Exception as e:
                log("scenario 5 failed: %s" % e)
                res.setdefault("errors", []).append("scenario 5: %s" % e)
                for p in list(PROCS.live.values()):
                    PROCS.stop(p)
        if any(s in CFG["scenarios"] for s in ("1", "2", "3", "4", "6")):
            FAKE_PROC = PROCS.start("fake", ["java", "-Xmx256m", "-XX:+UseG1GC", "-cp",
                                             os.path.join(BENCH, "target", "bench.jar"), "bench.FakeApi"],
                                    CFG["fake_cpus"], {"FAKE_PORT": str(CFG["ports"]["fake"])})
            if not wait_until(lambda: http("GET", FAKE + "/health", timeout=1)[0] == 200, 60, 0.05):
                raise RuntimeError("fake API did not start")
        for s, fn in (("1", scenario1), ("2", scenario2), ("3", scenario3), ("4", scenario4), ("6", scenario6)):
            if s in CFG["scenarios"]:
                try:
                    fn(res)
                except Exception as e:
                    log("scenario %s failed: %s" % (s, e))
                    res.setdefault("errors", []).append("scenario %s: %s" % (s, e))
                    for p in list(PROCS.live.values()):
                        if p is not FAKE_PROC:
                            PROCS.stop(p)
    finally:
        PROCS.stop_all()
    res["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
    res["elapsed_s"] = round(time.monotonic() - T_START)
    res["notes"] = notes(res) + ["error: " + e for e in res.get("errors", [])]
    write_reports(res)
    for row in targets(res):
        log(" | ".join(str(c) for c in row))
    return 1 if res.get("errors") else 0


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else "run"
    if cmd == "report":
        text = benchmarks_markdown()  # before opening the file: it keeps the hand-written sections
        with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as f:
            f.write(text)
        return 0
    if cmd == "run":
        def bye(signum, frame):
            PROCS.stop_all()
            sys.exit(128 + signum)
        signal.signal(signal.SIGTERM, bye)
        signal.signal(signal.SIGINT, bye)
        signal.signal(signal.SIGHUP, bye)
        return run()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
