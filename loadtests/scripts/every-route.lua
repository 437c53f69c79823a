-- wrk script: each request goes to the next of N route names made from a template, so the load
-- reaches every route of the table in turn instead of one.
-- Usage: wrk ... -s every-route.lua URL -- 'r{i}.example' N   (route numbers 0 .. N-1, as LoadGen registers them)

local requests = {}
local next_index = 1

function init(args)
    local template, count = args[1], tonumber(args[2])
    assert(template and template:find("{i}", 1, true), "first argument: a host template containing {i}")
    assert(count and count >= 1, "second argument: the number of routes")
    -- Built once per thread: the request loop only picks the next prepared request.
    for i = 0, count - 1 do
        local host = template:gsub("{i}", tostring(i))
        requests[i + 1] = wrk.format(nil, nil, { Host = host })
    end
end

function request()
    local text = requests[next_index]
    next_index = next_index % #requests + 1
    return text
end
