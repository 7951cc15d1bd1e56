-- wrk script: POST /noauth/predict. One JSON body (WRK_BODY, set by the bench scripts through the environment), or,
-- when WRK_BODIES names a file of JSON bodies (one per line), those bodies in turn, one per request. The requests are
-- built once per thread in init(), so what wrk does per request is one table lookup.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("WRK_BODY")

local bodies = os.getenv("WRK_BODIES")
if bodies ~= nil and bodies ~= "" then
  local requests, next_index = {}, 0

  function init(args)
    for line in io.lines(bodies) do
      if line ~= "" then requests[#requests + 1] = wrk.format(nil, nil, nil, line) end
    end
    if #requests == 0 then error("WRK_BODIES " .. bodies .. " holds no body") end
  end

  function request()
    next_index = next_index % #requests + 1
    return requests[next_index]
  end
end
