"""Politeness per host: --per-host caps the requests one host answers at once
(counted by the server), whatever -j allows; request starts on one host are
at least the robots.txt Crawl-delay apart (a lower bound the gate guarantees,
not a speed measurement), while a page on another host of the same run comes
as well."""
from _fetch_server import FetchServer
from _helpers import expect, finish, records, run

srv = FetchServer()
srv.robots = None  # 404: everything allowed
urls = [srv.url(f"/hold/{n}") for n in range(1, 9)]

for per_host in (1, 3):
    srv.max_in_flight = 0
    p = run("fetch", "--delay", "0", "--retries", "0", "-j", "8", "--per-host", str(per_host), *urls)
    recs = records(p.stdout)
    expect(p.returncode == 0 and len(recs) == 8, f"--per-host {per_host}: exit {p.returncode}, {len(recs)} lines")
    expect([r.get("id") for r in recs] == urls, f"--per-host {per_host}: lines out of order")
    expect(1 <= srv.max_in_flight <= per_host,
           f"--per-host {per_host}: the server answered {srv.max_in_flight} requests at once")

# Crawl-delay 0.4 s on this host; --delay 0 asks for none, the larger wins.
srv.robots = "User-agent: *\nCrawl-delay: 0.4\nDisallow: /private/\n"
other = FetchServer()
other.robots = None
srv.starts.clear()
p = run("fetch", "--delay", "0", "--retries", "0", "-j", "8", "--per-host", "4", *urls[:4],
        other.url("/item/1"))
recs = records(p.stdout)
expect(p.returncode == 0 and len(recs) == 5, f"crawl-delay run: exit {p.returncode}, {len(recs)} lines")
gaps = [b - a for a, b in zip(srv.starts, srv.starts[1:])]
expect(len(srv.starts) == 4 and all(g >= 0.35 for g in gaps), f"starts not 0.4 s apart: gaps {gaps}")

srv.close()
other.close()
finish()
