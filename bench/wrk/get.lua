-- GET the URL given to wrk with a bearer token (graph-mock's default --auth bearer).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
wrk.headers["Authorization"] = "Bearer bench"
