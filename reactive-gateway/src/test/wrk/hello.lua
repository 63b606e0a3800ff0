-- wrk script for the gateway's load figure: POSTs Greeter.hello and counts every answer that is not exactly
-- the expected reply, so the figure only counts correct answers.
wrk.method = "POST"
wrk.body = '{"name":"wrk"}'
wrk.headers["Content-Type"] = "application/json"

local expected = '{"text":"Hello, wrk!"}'
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  correct = 0
  wrong = 0
end

function response(status, headers, body)
  if status == 200 and body == expected then
    correct = correct + 1
  else
    wrong = wrong + 1
  end
end

function done(summary, latency, requests)
  local c, w = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("correct")
    w = w + t:get("wrong")
  end
  io.write(string.format("correct answers: %d, wrong answers: %d\n", c, w))
end
