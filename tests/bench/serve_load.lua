-- wrk script for tests/bench/run_serve: POSTs the corpus articles to /v1/extract in
-- turn (each wrk thread starting at a different one), and prints the figures as
-- one JSON line at the end. The articles come from the file BODIES names (Lua
-- data written by run_serve: bodies = { {type, id, body}, ... }).
local file = os.getenv("BODIES")
dofile(file)

local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("start", counter * 7)
end

function init(args)
  i = start or 0
end

function request()
  i = i % #bodies + 1
  local b = bodies[i]
  return wrk.format("POST", "/v1/extract?id=" .. b[2], {["Content-Type"] = b[1]}, b[3])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
