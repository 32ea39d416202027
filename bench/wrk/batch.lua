-- POST /beta/$batch with 20 GETs of the default fixtures' 16 devices (four read
-- twice); scripts/bench counts each batch as 20 inner requests.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
local devices = {
  "b5e463a9-7520-4006-b699-237421670139", "41142dae-02dd-459b-9365-63e26e8d2653",
  "88276c4a-a06c-4228-ab27-f90472840030", "bcfaa2cd-5cf9-41cd-8ee6-74ba8cf43076",
  "2ae7dd44-4676-493a-ab33-21fb7a515432", "ef005975-efd3-473c-b818-972640025d09",
  "a1c4820c-ec27-4ecb-b7c0-050502343ff0", "08c4e8b3-fb5f-4b1d-b6f3-d5d852c02f06",
  "6c71074c-2944-46ea-b00c-451c695d5435", "5202b83c-7823-4b9b-b42d-d812fbcd7d9a",
  "7694a505-ada7-4a88-a871-ed128f30ea83", "892d463b-94b5-49d4-abe9-ef14e787184e",
  "fd41e2f3-a15c-4461-a6b7-86288e4081f1", "d7800ebd-c6b9-4d0e-bf75-5e2a7daf46e6",
  "1a90894f-34ad-44aa-8616-78db4a776bf6", "5a7497c3-1f70-4295-ab66-a95b19a04b7d",
}
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
