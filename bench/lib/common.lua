-- Shared by bench/post-identify.lua and bench/post-event.lua (wrk 4.x, LuaJIT).
--
-- Environment read by the scripts:
--   WRK_RUN_ID   unique per wrk invocation (ids must never repeat: the bridge de-duplicates by messageId)
--   WRK_CHECK=1  count every non-2xx answer (and bodies lacking WRK_EXPECT) in response(); costs wrk CPU, so it is
--                off for the 80k req/s Vert.x ceiling, where non-2xx = wrk's own status errors (HTTP >= 400)
--   WRK_EXPECT   substring every 2xx body must contain (with WRK_CHECK=1), e.g. "accepted":1
--   WRK_RATE     total requests/s to send on a fixed schedule (open-loop pacing, as wrk2 would; needs enough
--                connections to cover rate x latency). Unset: closed loop, as fast as the server answers.
-- done() prints one machine-readable line:
--   RESULT requests=.. duration_s=.. rps=.. errors_socket=.. status_ge400=.. non2xx=.. bad_body=.. late=..
--          max_lag_ms=.. p50_ms=.. p90_ms=.. p99_ms=.. p999_ms=.. max_ms=.. mean_ms=..
local ffi = require("ffi")
ffi.cdef[[
typedef struct evp_md_st EVP_MD;
const EVP_MD *EVP_sha1(void);
unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len, const unsigned char *d, size_t n,
                    unsigned char *md, unsigned int *md_len);
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]

local M = {}

-- wrk links libcrypto (for TLS), so HMAC is in the global namespace; otherwise load it by name
local crypto = ffi.C
if not pcall(function() return ffi.C.EVP_sha1 end) then
  crypto = ffi.load("crypto")
end
local md = ffi.new("unsigned char[20]")
local mdlen = ffi.new("unsigned int[1]")
local hex = {}
for i = 0, 255 do hex[i] = string.format("%02x", i) end

-- lowercase hex HMAC-SHA1 of data under key (Segment's X-Signature)
function M.hmac_sha1_hex(key, data)
  crypto.HMAC(crypto.EVP_sha1(), key, #key, data, #data, md, mdlen)
  local t = {}
  for i = 0, mdlen[0] - 1 do t[#t + 1] = hex[md[i]] end
  return table.concat(t)
end

local ts = ffi.new("bench_timespec")
function M.now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

M.run_id = os.getenv("WRK_RUN_ID") or tostring(os.time())

-- Installs wrk's setup/init/delay/response/done. make_request(n, tid) returns the raw request for request n of
-- thread tid (both from 1).
function M.install(make_request)
  local threads = {}
  local next_tid = 0
  function setup(thread)
    next_tid = next_tid + 1
    thread:set("tid", next_tid)
    threads[#threads + 1] = thread
  end

  local n, tid = 0, 1
  non2xx, bad_body, late, max_lag = 0, 0, 0, 0
  function init(args)
    tid = wrk.thread:get("tid") or 1
  end

  function request()
    n = n + 1
    return make_request(n, tid)
  end

  -- Open-loop pacing: request k of this thread is due at start + k * interval, whatever the answers do. A request
  -- whose slot has passed (every connection was busy) goes out at once and counts as "late"; max_lag_ms is the
  -- worst delay behind schedule. wrk measures latency from the actual send, so late > 0 means the schedule was not
  -- held (coordinated omission): report the achieved rate, not the target.
  local rate = tonumber(os.getenv("WRK_RATE") or "")
  if rate and rate > 0 then
    local interval = 1000 * tonumber(os.getenv("WRK_THREADS") or "1") / rate
    local next_at
    function delay()
      local now = M.now_ms()
      if not next_at then next_at = now end
      next_at = next_at + interval
      local d = next_at - now
      if d < 0 then
        if -d > 1 then
          late = late + 1
          if -d > max_lag then max_lag = -d end
        end
        return 0
      end
      return d
    end
  end

  if os.getenv("WRK_CHECK") == "1" then
    local expect = os.getenv("WRK_EXPECT")
    if expect == "" then expect = nil end
    function response(status, headers, body)
      if status < 200 or status > 299 then
        non2xx = non2xx + 1
      elseif expect and not string.find(body, expect, 1, true) then
        bad_body = bad_body + 1
      end
    end
  end

  function done(summary, latency, requests)
    local e = summary.errors
    local strict = os.getenv("WRK_CHECK") == "1"
    local nx, bb, lt, lag = 0, 0, 0, 0
    for _, t in ipairs(threads) do
      nx = nx + (t:get("non2xx") or 0)
      bb = bb + (t:get("bad_body") or 0)
      lt = lt + (t:get("late") or 0)
      lag = math.max(lag, t:get("max_lag") or 0)
    end
    if not strict then nx = e.status end
    local secs = summary.duration / 1e6
    io.write(string.format(
      "RESULT requests=%d duration_s=%.3f rps=%.1f errors_socket=%d status_ge400=%d non2xx=%d bad_body=%d " ..
      "late=%d max_lag_ms=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f mean_ms=%.3f strict=%d\n",
      summary.requests, secs, summary.requests / secs, e.connect + e.read + e.write + e.timeout, e.status, nx, bb,
      lt, lag, latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000, strict and 1 or 0))
  end
end

return M
