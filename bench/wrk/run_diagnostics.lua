-- POST runDiagnostics round-robin over the 16 devices of the default fixtures,
-- without a body (as `curl -X POST` sends it). Each thread starts at another device.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
local devices = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "fixture_devices.lua")
local requests, next_index = {}, 1
local thread_counter = 0
function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("start", thread_counter * 7)
end
function init(args)
  local headers = {["Authorization"] = "Bearer bench"}
  for i, id in ipairs(devices) do
    requests[i] = wrk.format("POST", "/beta/teamwork/devices/" .. id .. "/runDiagnostics", headers)
  end
  next_index = (start or 0) % #requests + 1
end
function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end
