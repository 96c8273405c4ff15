-- wrk script: Data In. POSTs a realistic ~1.1 KB Segment identify event to /v1/segment, a new messageId on every
-- request (the bridge de-duplicates by messageId) and a userId cycling over WRK_USERS users (default 50000, so a
-- user is written at most every few seconds, as OneSignal's one-write-per-user-per-second rule expects).
-- With SEGMENT_SHARED_SECRET set, every request carries X-Signature = lowercase hex HMAC-SHA1 of its body
-- (computed through libcrypto). See lib/common.lua for WRK_CHECK / WRK_EXPECT / WRK_RATE and the RESULT line.
--   wrk -t1 -c64 -d20s --latency -s bench/post-identify.lua http://127.0.0.1:18080/v1/segment
local dir = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
package.path = dir .. "/lib/?.lua;" .. package.path
local common = require("common")

local secret = os.getenv("SEGMENT_SHARED_SECRET")
if secret == "" then secret = nil end
local users = tonumber(os.getenv("WRK_USERS") or "50000")
local path = os.getenv("WRK_PATH") -- default: the path of the URL given to wrk

-- %s: messageId, userId, anonymousId
local template = '{"anonymousId":"%s","channel":"server","context":{"ip":"203.0.113.42",' ..
  '"library":{"name":"analytics-node","version":"2.1.2"},"locale":"fr-FR","userAgent":"Mozilla/5.0 ' ..
  '(Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",' ..
  '"page":{"path":"/account/settings","referrer":"https://www.example.com/","title":"Account settings",' ..
  '"url":"https://www.example.com/account/settings"}},"integrations":{"All":true,"Mixpanel":false},' ..
  '"messageId":"%s","originalTimestamp":"2024-03-01T10:00:00.000Z","receivedAt":"2024-03-01T10:00:00.512Z",' ..
  '"sentAt":"2024-03-01T10:00:00.498Z","timestamp":"2024-03-01T10:00:00.014Z","traits":{"name":"Ana Lima",' ..
  '"firstName":"Ana","lastName":"Lima","email":"ana.lima@example.com","plan":"pro","logins":42,"vip":true,' ..
  '"score":3.25,"company":"Example Ltd","address":{"street":"12 Rue de la République","city":"Lyon",' ..
  '"postalCode":"69002","country":"FR"},"createdAt":"2023-11-14T08:12:45.000Z"},"type":"identify",' ..
  '"userId":"%s","version":2}'

common.install(function(n, tid)
  local message_id = string.format("bench-%s-%d-%d", common.run_id, tid, n)
  local user = (n * 7919 + tid * 104729) % users -- spread users, so consecutive requests hit different users
  local body = string.format(template, string.format("anon-%08d", user), message_id,
    string.format("bench-user-%08d", user))
  local headers = { ["Content-Type"] = "application/json" }
  if secret then headers["X-Signature"] = common.hmac_sha1_hex(secret, body) end
  return wrk.format("POST", path or wrk.path, headers, body)
end)
