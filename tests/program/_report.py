"""Shared by the report tests: make a report, read its graph and its embedded data."""
import html
import json
import os
import re
from html.parser import HTMLParser

from _helpers import run

DATA = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.S)


def make_report(inputs, out, *extra, rc=0):
    p = run("report", *inputs, "-o", out, *extra, check_rc=rc)
    return p


def page_data(page):
    m = DATA.search(page)
    return json.loads(m.group(1)) if m else None


def deal_pairs(records):
    """(vendor, buyer) of every deal of the records that names both: the graph's edges."""
    return {(d["vendor"], d["buyer"]) for r in records for d in r.get("deals", []) if d.get("buyer") and d.get("vendor")}


class Dom(HTMLParser):
    """The parts of a report page the tests look at, from its HTML (as written, or
    as the browser's DOM after the script ran): graph nodes and edges, table rows,
    per-buyer bars."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, attrs) of open elements
        self.nodes, self.edges = [], []  # from <title>, plus the data-* the script adds
        self.rows = []  # attrs of tr.deal
        self.cards = {}  # buyer -> number of bars
        self.body = {}
        self.title_of = None
        self.feed(page)

    def _classes(self, attrs):
        return (attrs.get("class") or "").split()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        if tag == "tr" and "deal" in self._classes(a):
            self.rows.append(a)
        if tag == "div" and "card" in self._classes(a):
            self.cards[a.get("data-buyer")] = 0
            self.card = a.get("data-buyer")
        if tag == "g" and "bar" in self._classes(a) and getattr(self, "card", None) is not None:
            self.cards[self.card] += 1
        if tag == "g" and ("node" in self._classes(a) or "edge" in self._classes(a)):
            self.title_of = a
        if tag == "title" and self.title_of is not None:
            self.in_title = True
            self.title_text = ""
        if tag not in ("meta", "br", "input", "img", "link", "path", "rect", "circle", "line", "polygon", "ellipse",
                       "polyline", "stop"):
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        if tag == "title" and getattr(self, "in_title", False):
            self.in_title = False
            g = self.title_of
            self.title_of = None
            entry = dict(g)
            entry["title"] = html.unescape(self.title_text)
            (self.nodes if "node" in self._classes(g) else self.edges).append(entry)
        if tag == "div" and self.stack and self.stack[-1][0] == "div" and "card" in self._classes(self.stack[-1][1]):
            self.card = None
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, d):
        if getattr(self, "in_title", False):
            self.title_text += d

    def node_keys(self):
        return {n["title"] for n in self.nodes}

    def edge_pairs(self):
        return {tuple(e["title"].split("->", 1)) for e in self.edges}


def artifacts_dir():
    """Where browser tests keep what they produce (screenshots, pages): beside the binary."""
    d = os.path.join(os.path.dirname(os.path.abspath(os.environ.get("NEWSDEAL", "."))), "test-artifacts")
    os.makedirs(d, exist_ok=True)
    return d
