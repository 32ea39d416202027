-- scripts/soak: mixed Graph traffic, round-robin over the default fixtures:
-- device lists with query options, single devices, actions (202 or 409),
-- operations, log collection create / list / patch, and bad input (404, 400).
local teams = {
  "b5e463a9-7520-4006-b699-237421670139", "41142dae-02dd-459b-9365-63e26e8d2653",
}
local managed = {
  "b8bd7960-c0bb-4af1-b866-febe94793aef", "ee5a84db-d4f9-488f-9a5c-5b444f7634db",
  "44726535-0f78-4344-8371-56a63c006d07",
}
local requests, n = {}, 0
function init(args)
  local json = {["Content-Type"] = "application/json"}
  local add = function(method, path, body, headers) requests[#requests + 1] = wrk.format(method, path, headers or {}, body) end
  add("GET", "/beta/teamwork/devices?$top=5")
  add("GET", "/beta/teamwork/devices?$filter=deviceType%20eq%20%27teamsRoom%27&$select=id,deviceType")
  for _, id in ipairs(teams) do
    add("GET", "/beta/teamwork/devices/" .. id)
    add("GET", "/beta/teamwork/devices/" .. id .. "/health")
    add("POST", "/beta/teamwork/devices/" .. id .. "/runDiagnostics")
    add("POST", "/beta/teamwork/devices/" .. id .. "/updateSoftware", '{"softwareType":"teamsClient","softwareVersion":null}', json)
    add("GET", "/beta/teamwork/devices/" .. id .. "/operations")
  end
  for _, id in ipairs(managed) do
    local base = "/beta/deviceManagement/managedDevices/" .. id
    add("POST", base .. "/createDeviceLogCollectionRequest", '{"templateType":{"templateType":"predefined"}}', json)
    add("GET", base .. "/logCollectionRequests?$top=3")
  end
  add("GET", "/beta/teamwork/devices/no-such-device")
  add("GET", "/beta/teamwork/devices?$top=500")
  add("POST", "/beta/teamwork/devices/" .. teams[1] .. "/updateSoftware", '{"softwareType":', json)
end
function request()
  n = n % #requests + 1
  return requests[n]
end
