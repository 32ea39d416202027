-- POST /beta/$batch with 20 GETs of the default fixtures' 16 devices (four read
-- twice); scripts/bench counts each batch as 20 inner requests.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
local devices = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "fixture_devices.lua")
local parts = {}
for i = 1, 20 do
  parts[i] = string.format('{"id":"%d","method":"GET","url":"/teamwork/devices/%s"}', i,
                           devices[(i - 1) % #devices + 1])
end
wrk.method = "POST"
wrk.path = "/beta/$batch"
wrk.body = '{"requests":[' .. table.concat(parts, ",") .. ']}'
wrk.headers["Authorization"] = "Bearer bench"
wrk.headers["Content-Type"] = "application/json"
