-- wrk script: POST the file named by the BODY environment variable as JSON; or, with BODIES,
-- one line of that JSON Lines file per request, in turn (many certificates instead of one).
local bodies = {}
local path = os.getenv("BODIES")
if path and path ~= "" then
  for line in assert(io.open(path, "rb")):lines() do
    if line:match("%S") then
      bodies[#bodies + 1] = line
    end
  end
else
  local f = assert(io.open(os.getenv("BODY"), "rb"))
  bodies[1] = f:read("*a")
  f:close()
end
wrk.method = "POST"
wrk.body = bodies[1]
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("ADMIN_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
if #bodies > 1 then
  local i = 0
  request = function()
    i = i % #bodies + 1
    return wrk.format(nil, nil, nil, bodies[i])
  end
end
