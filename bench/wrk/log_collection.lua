-- POST .../managedDevices/{id}/logCollectionRequests with "{}" round-robin
-- over the 6 managed devices of the default fixtures.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
local devices = {
  "b8bd7960-c0bb-4af1-b866-febe94793aef", "ee5a84db-d4f9-488f-9a5c-5b444f7634db",
  "44726535-0f78-4344-8371-56a63c006d07", "ddf952c0-361f-4ab7-86b2-01d783e5d7ed",
  "3607917b-2852-4d61-a29a-2a0fb400b701", "96a63645-c5c1-4cb9-b87e-d0b370e7fa07",
}
local requests, next_index = {}, 1
function init(args)
  local headers = {["Authorization"] = "Bearer bench", ["Content-Type"] = "application/json"}
  for i, id in ipairs(devices) do
    requests[i] = wrk.format("POST", "/beta/deviceManagement/managedDevices/" .. id .. "/logCollectionRequests",
                             headers, "{}")
  end
end
function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end
