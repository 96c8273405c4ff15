#!/usr/bin/env python3
"""bench/soak.py: does the bridge's memory stay flat over many events? (issue 8, scenario 4, "RSS after 1 M events")

Starts the fake API and the bridge jar (with SOAK_JAVA_OPTS, default -Xmx256m -XX:+UseG1GC, the Dockerfile's heap),
then drives Data In identify events with wrk in chunks of SOAK_CHUNK_S seconds (default 30) until SOAK_EVENTS
(default 1,000,000) were answered 2xx. After every chunk it records the events so far, RSS (VmRSS), the old
generation after a full GC (jcmd GC.run, then GC.heap_info) and the thread count. Writes
bench/results/<UTC id>-soak.md and .json. Needs the jars built (bench/run.sh builds them; or mvn package in both).

    python3 bench/soak.py                  # 1 M events
    SOAK_EVENTS=200000 python3 bench/soak.py
"""
import datetime
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TMP = os.path.join(ROOT, "bench", "results", "tmp")
EVENTS = int(os.environ.get("SOAK_EVENTS", "1000000"))
CHUNK_S = int(os.environ.get("SOAK_CHUNK_S", "30"))
JAVA_OPTS = os.environ.get("SOAK_JAVA_OPTS", "-Xmx256m -XX:+UseG1GC").split()
PORT, MGMT, FAKE_PORT = 18380, 19986, 18390
FAKE = "http://127.0.0.1:%d" % FAKE_PORT


def up(url):
    try:
        return urllib.request.urlopen(url, timeout=1).status == 200
    except Exception:
        return False


def wait(pred, seconds):
    end = time.time() + seconds
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.1)
    return False


def status_kb(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def old_gen_after_gc_mb(pid):
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=60)
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    m = re.search(r"garbage-first heap\s+total (\d+)K, used (\d+)K", out)
    return round(int(m.group(2)) / 1024, 1) if m else None


def main():
    os.makedirs(TMP, exist_ok=True)
    run_id = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    fake = subprocess.Popen(["java", "-Xmx256m", "-cp", os.path.join(ROOT, "bench", "target", "bench.jar"),
                             "bench.FakeApi"], env=dict(os.environ, FAKE_PORT=str(FAKE_PORT)),
                            stdout=open(os.path.join(TMP, "soak-fake.log"), "w"), stderr=subprocess.STDOUT)
    env = dict(os.environ, BRIDGE_PORT=str(PORT), BRIDGE_MANAGEMENT_PORT=str(MGMT), BRIDGE_HOST="127.0.0.1",
               ONESIGNAL_APP_ID="soak-app", ONESIGNAL_API_KEY="soak-key", ONESIGNAL_API_URL=FAKE,
               SEGMENT_WRITE_KEY="soak", SEGMENT_API_URL=FAKE, BRIDGE_DRY_RUN="false",
               SEGMENT_SHARED_SECRET="bench-secret", ONESIGNAL_MAX_REQUESTS_PER_SECOND="1000000",
               DEAD_LETTER_DIR=os.path.join(TMP, "soak-dead-letter"))
    bridge = None
    samples = []
    try:
        if not wait(lambda: up(FAKE + "/health"), 60):
            raise RuntimeError("fake API did not start")
        bridge = subprocess.Popen(["java"] + JAVA_OPTS + ["-jar", os.path.join(ROOT, "target",
                                                                                 "segment-onesignal-bridge.jar")],
                                  cwd=ROOT, env=env, stdout=open(os.path.join(TMP, "soak-bridge.log"), "w"),
                                  stderr=subprocess.STDOUT)
        if not wait(lambda: up("http://127.0.0.1:%d/observe/health" % MGMT), 90):
            raise RuntimeError("bridge did not become healthy")
        samples.append({"events": 0, "rss_mb": round(status_kb(bridge.pid, "VmRSS") / 1024, 1),
                        "heap_after_gc_mb": old_gen_after_gc_mb(bridge.pid),
                        "threads": status_kb(bridge.pid, "Threads")})
        done, errors, chunk = 0, 0, 0
        while done < EVENTS:
            chunk += 1
            out = subprocess.run(["wrk", "-t1", "-c64", "-d%ds" % CHUNK_S, "-s",
                                  os.path.join(ROOT, "bench", "post-identify.lua"),
                                  "http://127.0.0.1:%d/v1/segment" % PORT],
                                 capture_output=True, text=True,
                                 env=dict(os.environ, WRK_RUN_ID="soak%d" % chunk, WRK_CHECK="1",
                                          SEGMENT_SHARED_SECRET="bench-secret")).stdout
            m = re.search(r"RESULT requests=(\d+) .*? non2xx=(\d+)", out)
            if not m:
                raise RuntimeError("no RESULT line from wrk:\n" + out)
            done += int(m.group(1)) - int(m.group(2))
            errors += int(m.group(2))
            s = {"events": done, "rss_mb": round(status_kb(bridge.pid, "VmRSS") / 1024, 1),
                 "heap_after_gc_mb": old_gen_after_gc_mb(bridge.pid),
                 "threads": status_kb(bridge.pid, "Threads")}
            samples.append(s)
            print("[soak] %(events)d events, RSS %(rss_mb)s MB, heap after GC %(heap_after_gc_mb)s MB, "
                  "%(threads)d threads" % s, flush=True)
        result = {"id": run_id, "java_opts": JAVA_OPTS, "events": done, "non2xx": errors, "samples": samples}
    finally:
        for p in (bridge, fake):
            if p is not None and p.poll() is None:
                p.terminate()
                try:
                    p.wait(30)
                except subprocess.TimeoutExpired:
                    p.kill()
    base = os.path.join(ROOT, "bench", "results", run_id + "-soak")
    with open(base + ".json", "w") as f:
        json.dump(result, f, indent=1)
    lines = ["# Soak run %s: memory over %d Data In events" % (run_id, done), "",
             "Bridge `java %s -jar target/segment-onesignal-bridge.jar`, wrk -c64 in %d s chunks, fake OneSignal at "
             "0 ms; non-2xx answers: %d. Heap = G1 heap in use right after a full GC (`jcmd GC.run`), i.e. what "
             "the bridge retains." % (" ".join(JAVA_OPTS), CHUNK_S, errors), "",
             "| events | RSS MB | heap after GC MB | threads |", "|---|---|---|---|"]
    lines += ["| {:,} | {} | {} | {} |".format(s["events"], s["rss_mb"], s["heap_after_gc_mb"], s["threads"])
              for s in samples]
    with open(base + ".md", "w") as f:
        f.write("\n".join(lines) + "\n")
    print("[soak] wrote %s.md" % base)


if __name__ == "__main__":
    sys.exit(main())
