-- wrk script: Data Out. POSTs one OneSignal Event Streams message event (the shape of the README's Liquid template)
-- to /v1/onesignal/events, with a unique event.id (UUID-shaped) and a varying external_id on every request.
-- With ONESIGNAL_EVENTS_TOKEN set, sends Authorization: Bearer <token>. See lib/common.lua for WRK_CHECK /
-- WRK_EXPECT / WRK_RATE and the RESULT line.
--   wrk -t1 -c64 -d20s --latency -s bench/post-event.lua http://127.0.0.1:18080/v1/onesignal/events
local dir = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
package.path = dir .. "/lib/?.lua;" .. package.path
local common = require("common")

local token = os.getenv("ONESIGNAL_EVENTS_TOKEN")
if token == "" then token = nil end
local users = tonumber(os.getenv("WRK_USERS") or "50000")
local path = os.getenv("WRK_PATH") -- default: the path of the URL given to wrk
-- a number for the uuid's 4th/5th groups, unique per wrk run
local run_hex = string.format("%04x", (tonumber(common.run_id) or os.time()) % 65536)

local template = '{"event":{"id":"%s","kind":"message.push.clicked","timestamp":1709287200,' ..
  '"datetime":"2024-03-01T10:00:00.000Z","app_id":"a","subscription_id":"sub-%d",' ..
  '"subscription_device_type":"Android","onesignal_id":"os-%d","external_id":"u-%d"},' ..
  '"message":{"id":"msg-5","name":"Spring promo","title":"20% off","contents":"Today only",' ..
  '"template_id":"tpl-1","type":"push"}}'
template = template:gsub("20%% off", "20%%%% off") -- keep the literal "20% off" through string.format

common.install(function(n, tid)
  local id = string.format("%08x-%04x-4000-8%s-%012x", n, tid, run_hex:sub(2), n)
  local user = (n * 7919 + tid * 104729) % users
  local body = string.format(template, id, user, user, user)
  local headers = { ["Content-Type"] = "application/json" }
  if token then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("POST", path or wrk.path, headers, body)
end)
