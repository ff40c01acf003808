// newsdeal report: draws the charts, the timeline and the deals table from the
// JSON in #report-data (the graph's SVG is already in the page). Vanilla JS, no
// network. Record text only ever goes in through textContent.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const meta = data.meta || {};
  const model = data.model || {};
  const deals = Array.isArray(data.deals) ? data.deals : [];
  const names = model.names || {};
  const allocations = Array.isArray(model.allocations) ? model.allocations : [];
  const COLOURS = { cpu: "#1f77b4", gpu: "#2ca02c", accelerator: "#d62728", unspecified: "#7f7f7f" };
  const SVG = "http://www.w3.org/2000/svg";

  const nameOf = (k) => (k == null ? "—" : names[k] || k);
  const allocKey = (buyer, vendor) => buyer + "\u0000" + vendor;
  const byAlloc = new Map(allocations.map((a) => [allocKey(a.buyer, a.vendor), a]));

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null) continue;
      if (k === "text") e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const kid of kids) if (kid != null) e.append(kid);
    return e;
  }
  function sv(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v != null) e.setAttribute(k, v);
    if (text != null) e.textContent = text;
    return e;
  }

  // The kind an allocation is drawn in, as AllocationModel::to_dot() picks it.
  function allocKind(a) {
    const kinds = (a && Array.isArray(a.kinds) ? a.kinds.slice() : []).sort();
    if (!kinds.length) return "unspecified";
    let kind = kinds[0];
    if (kinds.length > 1 && kinds.includes("unspecified")) for (const k of kinds) if (k !== "unspecified") kind = k;
    return COLOURS[kind] ? kind : "unspecified";
  }

  // --- Figures ----------------------------------------------------------------
  function num(x) {
    const a = Math.abs(x);
    const f = (v, s) => (Math.round(v * 10) / 10).toString() + s;
    if (a >= 1e12) return f(x / 1e12, "T");
    if (a >= 1e9) return f(x / 1e9, "B");
    if (a >= 1e6) return f(x / 1e6, "M");
    if (a >= 1e4) return f(x / 1e3, "K");
    return (Math.round(x * 100) / 100).toString();
  }
  function span(r, fmt) {
    const lo = typeof r.min === "number" ? r.min : null;
    const hi = typeof r.max === "number" ? r.max : null;
    let s;
    if (lo != null && hi != null) s = lo === hi ? fmt(lo) : fmt(lo) + "–" + fmt(hi);
    else if (lo != null) s = "over " + fmt(lo);
    else if (hi != null) s = "up to " + fmt(hi);
    else return "";
    return (r.approx ? "≈" : "") + s;
  }
  function money(v) {
    if (!v || typeof v !== "object") return "";
    const cur = v.currency || "";
    const fmt = (x) => (cur === "USD" ? "$" + num(x) : num(x) + (cur ? " " + cur : ""));
    const s = span(v, fmt);
    return s && v.per ? s + "/" + v.per : s;
  }
  function years(t) {
    if (!t || typeof t !== "object") return "";
    if (t.text) return t.text;
    const s = span(t, num);
    return s ? s + " yr" : "";
  }
  function quantity(q) {
    if (!q || typeof q !== "object") return "";
    const s = span(q, num);
    return s ? s + " " + (q.unit || "") : "";
  }
  function fieldValue(field, raw, deal) {
    if (typeof raw === "string" && raw.startsWith("[")) {
      // A range, written [min, max] (null: open).
      try {
        const [min, max] = JSON.parse(raw);
        const r = { min, max, currency: deal.value && deal.value.currency, unit: deal.quantity && deal.quantity.unit };
        return field === "value" ? money(r) : field === "term" ? years(r) : field === "quantity" ? quantity(r) : span(r, num);
      } catch (e) {
        return raw;
      }
    }
    const x = Number(raw);
    if (raw === "" || Number.isNaN(x)) return field in { buyer: 1, vendor: 1, provider: 1, product: 1 } ? nameOf(raw) : String(raw);
    if (field === "value") return money({ min: x, max: x, currency: deal.value && deal.value.currency });
    if (field === "term") return num(x) + " yr";
    if (field === "quantity") return num(x) + " " + ((deal.quantity && deal.quantity.unit) || "");
    return num(x);
  }

  // --- Header -----------------------------------------------------------------
  const buyers = Array.isArray(model.buyers) ? model.buyers : [];
  const vendors = Array.isArray(model.vendors) ? model.vendors : [];
  document.getElementById("summary").textContent =
    `${meta.records || 0} records (${meta.errors || 0} errors) · ${meta.articles || 0} articles · ` +
    `${deals.length} deals · ${allocations.length} allocations · ${buyers.length} buyers · ${vendors.length} vendors`;
  const notes = document.getElementById("notes");
  if (meta.records_without_text)
    notes.append(el("li", { text: `${meta.records_without_text} records with deals have no text: their evidence shows byte ranges and mentions only (write records with newsdeal batch --with-text to see the sentences).` }));
  if (meta.layout_note) notes.append(el("li", { text: "Graph drawn by the built-in layout: " + meta.layout_note + "." }));
  if (meta.rows_from_models)
    notes.append(el("li", { text: `${meta.rows_from_models} rows come from a model: one per allocation, without evidence.` }));
  if (!deals.length) notes.append(el("li", { text: "No deals in these records." }));

  // --- Graph: hooks on Graphviz's or the built-in SVG ---------------------------
  const graph = document.getElementById("graph");
  const titleOf = (g) => { const t = g.querySelector("title"); return t ? t.textContent : ""; };
  const edges = [...graph.querySelectorAll("g.edge")];
  const nodes = [...graph.querySelectorAll("g.node")];
  for (const e of edges) {
    if (!e.dataset.vendor) {
      const [v, b] = titleOf(e).split("->");
      e.dataset.vendor = v;
      e.dataset.buyer = b;
    }
  }
  const isBuyer = new Set(allocations.map((a) => a.buyer));
  for (const n of nodes) {
    if (!n.dataset.key) n.dataset.key = titleOf(n);
    const key = n.dataset.key;
    n.addEventListener("mouseenter", () => {
      graph.classList.add("focus");
      for (const e of edges) e.classList.toggle("on", e.dataset.vendor === key || e.dataset.buyer === key);
    });
    n.addEventListener("mouseleave", () => graph.classList.remove("focus"));
    n.addEventListener("click", () => {
      setFilters(isBuyer.has(key) ? { buyer: key } : { vendor: key });
      document.getElementById("deals-section").scrollIntoView();
    });
  }
  for (const e of edges)
    e.addEventListener("click", () => {
      setFilters({ buyer: e.dataset.buyer, vendor: e.dataset.vendor });
      document.getElementById("deals-section").scrollIntoView();
    });

  // --- Per buyer: bars over vendors, a strip over kinds -----------------------
  const cards = document.getElementById("buyers");
  const sortedBuyers = buyers.slice().sort((a, b) =>
    (b.vendors || []).length - (a.vendors || []).length || nameOf(a.buyer).localeCompare(nameOf(b.buyer)));
  for (const b of sortedBuyers) {
    const rows = (b.vendors || []).map((v) => ({ v, a: byAlloc.get(allocKey(b.buyer, v.vendor)) || {} }));
    // The currency most of this buyer's allocations state a value in.
    const count = {};
    for (const r of rows) for (const val of r.a.value || []) count[val.currency] = (count[val.currency] || 0) + 1;
    const cur = Object.keys(count).sort((x, y) => count[y] - count[x])[0];
    for (const r of rows) {
      const val = (r.a.value || []).find((x) => x.currency === cur);
      r.measure = cur ? (val ? (val.max != null ? val.max : val.min) || 0 : 0) : (r.a.sources || []).length;
      r.label = cur ? (val ? money(val) : "value not reported") : `${(r.a.sources || []).length} article(s)`;
      r.kind = allocKind(r.a);
    }
    rows.sort((x, y) => y.measure - x.measure || nameOf(x.v.vendor).localeCompare(nameOf(y.v.vendor)));
    const top = Math.max(1, ...rows.map((r) => r.measure));
    const W = 300, labelW = 92, valueW = 86, barW = W - labelW - valueW - 8, rowH = 16;
    const svg = sv("svg", { viewBox: `0 0 ${W} ${rows.length * rowH + 22}`, role: "img",
                            "aria-label": `vendors of ${nameOf(b.buyer)}` });
    rows.forEach((r, i) => {
      const y = i * rowH;
      const g = sv("g", { class: "bar", "data-vendor": r.v.vendor, "data-kind": r.kind });
      const label = nameOf(r.v.vendor);
      g.append(sv("text", { x: labelW - 4, y: y + 11, "text-anchor": "end" }, label.length > 15 ? label.slice(0, 14) + "…" : label));
      const w = r.measure > 0 ? Math.max(2, (barW * r.measure) / top) : 2;
      g.append(sv("rect", { x: labelW, y: y + 2, width: w.toFixed(1), height: rowH - 4, fill: COLOURS[r.kind] }));
      g.append(sv("text", { x: labelW + w + 4, y: y + 11 }, r.label));
      g.append(sv("title", {}, `${nameOf(r.v.vendor)} → ${nameOf(b.buyer)}: ${r.kind}; ${r.label}`));
      svg.append(g);
    });
    // Kinds of its allocations as one stacked strip.
    const kinds = b.kinds || {};
    const total = Object.values(kinds).reduce((s, x) => s + x, 0) || 1;
    let x = labelW;
    const y = rows.length * rowH + 6;
    svg.append(sv("text", { x: labelW - 4, y: y + 10, "text-anchor": "end" }, "kinds"));
    for (const k of Object.keys(COLOURS)) {
      if (!kinds[k]) continue;
      const w = ((W - labelW - 8) * kinds[k]) / total;
      svg.append(sv("rect", { class: "kindpart", x: x.toFixed(1), y, width: w.toFixed(1), height: 12, fill: COLOURS[k] }));
      if (w > 40) svg.append(sv("text", { x: (x + 3).toFixed(1), y: y + 10, fill: "#fff", style: "fill:#fff" }, `${k} ${kinds[k]}`));
      svg.lastChild.append(sv("title", {}, `${k}: ${kinds[k]}`));
      x += w;
    }
    const value = (b.value || []).map(money).filter(Boolean).join(" + ");
    const card = el("div", { class: "card", "data-buyer": b.buyer },
      el("h3", { text: nameOf(b.buyer) }),
      el("div", { class: "sub", text: `${rows.length} vendor${rows.length === 1 ? "" : "s"}` + (value ? ` · known value ${value}` : "") }),
      svg);
    card.addEventListener("click", () => {
      setFilters({ buyer: b.buyer });
      document.getElementById("deals-section").scrollIntoView();
    });
    cards.append(card);
  }

  // --- Timeline ----------------------------------------------------------------
  (function timeline() {
    const box = document.getElementById("timeline");
    const dated = [], undated = [];
    for (const a of allocations) {
      const t0 = a.first_seen ? Date.parse(a.first_seen) : NaN;
      if (Number.isNaN(t0)) undated.push(a);
      else {
        const t1 = a.last_seen ? Date.parse(a.last_seen) : NaN;
        dated.push({ a, t0, t1: Number.isNaN(t1) ? t0 : Math.max(t0, t1) });
      }
    }
    dated.sort((x, y) => x.t0 - y.t0 || nameOf(x.a.buyer).localeCompare(nameOf(y.a.buyer)));
    if (dated.length) {
      const W = 960, labelW = 230, rowH = 18, top = 22, right = 20;
      const lo = Math.min(...dated.map((d) => d.t0)), hi = Math.max(...dated.map((d) => d.t1));
      const pad = Math.max((hi - lo) * 0.03, 86400e3 * 5);
      const t0 = lo - pad, t1 = hi + pad;
      const X = (t) => labelW + ((W - labelW - right) * (t - t0)) / (t1 - t0);
      const svg = sv("svg", { viewBox: `0 0 ${W} ${top + dated.length * rowH + 6}`, role: "img", "aria-label": "timeline" });
      // Month ticks, thinned to about ten.
      const axis = sv("g", { class: "axis" });
      const start = new Date(t0), months = [];
      for (let d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)); d.getTime() <= t1;
        d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) months.push(d);
      const step = Math.max(1, Math.ceil(months.length / 10));
      months.forEach((d, i) => {
        if (i % step) return;
        const x = X(d.getTime()).toFixed(1);
        axis.append(sv("line", { x1: x, x2: x, y1: top - 4, y2: top + dated.length * rowH }));
        axis.append(sv("text", { x, y: 12, "text-anchor": "middle" }, d.toISOString().slice(0, 7)));
      });
      svg.append(axis);
      dated.forEach((d, i) => {
        const y = top + i * rowH + rowH / 2, kind = allocKind(d.a), c = COLOURS[kind];
        const g = sv("g", { class: "alloc", "data-buyer": d.a.buyer, "data-vendor": d.a.vendor });
        g.append(sv("text", { x: labelW - 8, y: y + 4, "text-anchor": "end" }, `${nameOf(d.a.vendor)} → ${nameOf(d.a.buyer)}`));
        if (d.t1 > d.t0) g.append(sv("line", { x1: X(d.t0).toFixed(1), x2: X(d.t1).toFixed(1), y1: y, y2: y, stroke: c, "stroke-width": 3 }));
        g.append(sv("circle", { cx: X(d.t0).toFixed(1), cy: y, r: 5, fill: c }));
        if (d.t1 > d.t0) g.append(sv("circle", { cx: X(d.t1).toFixed(1), cy: y, r: 3, fill: c }));
        g.append(sv("title", {}, `${nameOf(d.a.vendor)} → ${nameOf(d.a.buyer)} (${kind}): first seen ${d.a.first_seen}` +
          (d.a.last_seen && d.a.last_seen !== d.a.first_seen ? `, last seen ${d.a.last_seen}` : "") +
          `; ${(d.a.sources || []).length} article(s)`));
        svg.append(g);
      });
      box.append(svg);
    } else {
      box.append(el("p", { class: "hint", text: "No allocation has a dated article." }));
    }
    if (undated.length)
      box.append(el("p", { class: "undated", text: `Not dated (no article gave a published date), ${undated.length}: ` +
        undated.map((a) => `${nameOf(a.vendor)} → ${nameOf(a.buyer)}`).join(", ") }));
  })();

  // --- Deals table with filters -------------------------------------------------
  const tbody = document.querySelector("#deals tbody");
  const form = document.getElementById("filters");
  const FILTERS = ["buyer", "vendor", "kind", "lang", "status"];
  const valuesOf = (d, f) => (f === "lang" ? d.langs || [] : d[f] == null ? [] : [d[f]]);
  const rows = deals.map((d) => {
    const tr = el("tr", { class: "deal" + (d.conflicts && d.conflicts.length ? " conflict" : ""),
                          "data-buyer": d.buyer, "data-vendor": d.vendor, "data-kind": d.kind,
                          "data-langs": (d.langs || []).join(" "), "data-status": d.status });
    const valueCell = el("td", { class: "value", text: money(d.value) });
    if (d.conflicts && d.conflicts.length) {
      const fields = d.conflicts.map((c) => c.field).join(", ");
      valueCell.append(" ", el("span", { class: "flag", title: "the languages disagree on " + fields, text: "⚠ " + fields }));
    }
    tr.append(el("td", { class: "toggle", text: "▸" }), el("td", { text: nameOf(d.buyer) }), el("td", { text: nameOf(d.vendor) }),
      el("td", { text: d.product ? nameOf(d.product) : "" }),
      el("td", {}, el("span", { class: "kind k-" + (COLOURS[d.kind] ? d.kind : "unspecified"), text: d.kind })),
      el("td", { text: d.type || "" }), valueCell, el("td", { text: years(d.term) }), el("td", { text: d.status || "" }),
      el("td", { text: (d.langs || []).join(", ") }),
      el("td", { text: (d.article || "") + (d.published ? " (" + String(d.published).slice(0, 10) + ")" : "") }));
    let details = null;
    tr.addEventListener("click", () => {
      if (!details) {
        details = el("tr", { class: "details" }, el("td", { colspan: 11 }, detailsOf(d)));
        tr.after(details);
      } else details.hidden = !details.hidden;
      const open = !details.hidden;
      tr.classList.toggle("open", open);
      tr.firstChild.textContent = open ? "▾" : "▸";
    });
    tbody.append(tr);
    return { d, tr, details: () => details };
  });

  function detailsOf(d) {
    const box = el("div", { class: "evidence" });
    const facts = [];
    if (d.provider) facts.push("provider " + nameOf(d.provider));
    if (d.quantity) facts.push("quantity " + quantity(d.quantity));
    if (d.purpose) facts.push("purpose: " + d.purpose);
    if (typeof d.confidence === "number") facts.push("confidence " + d.confidence.toFixed(2));
    if (d.sources) facts.push(d.sources + " article(s)");
    const p = el("p", { class: "facts" });
    if (d.title) p.append(el("strong", { text: d.title }), " ");
    p.append(facts.join(" · "));
    if (typeof d.url === "string" && /^https?:\/\//i.test(d.url)) {
      p.append(" · ", el("a", { href: d.url, rel: "noreferrer noopener", target: "_blank", text: d.url }));
    }
    box.append(p);
    if (d.conflicts && d.conflicts.length) {
      const c = el("div", { class: "conflicts" });
      for (const x of d.conflicts) {
        const vals = Array.isArray(x.values) ? x.values : [];
        const langs = Array.isArray(x.langs) ? x.langs : [];
        c.append(el("div", { text: `⚠ The languages disagree on ${x.field}: ` +
          vals.map((v, i) => `${fieldValue(x.field, v, d)} (${langs[i] || "?"})`).join(" vs ") +
          ". The record keeps the first; sentences stating another are marked." }));
      }
      box.append(c);
    }
    const byLang = new Map();
    for (const e of d.evidence || []) {
      if (!byLang.has(e.lang)) byLang.set(e.lang, []);
      byLang.get(e.lang).push(e);
    }
    if (!byLang.size) box.append(el("p", { class: "hint", text: "No evidence sentences for this row." }));
    for (const [lang, list] of byLang) {
      box.append(el("div", { class: "lang", text: { zh: "Chinese (zh)", en: "English (en)" }[lang] || lang || "?" }));
      for (const e of list) {
        const s = el("p", { class: "sentence", lang: lang || null });
        if (Array.isArray(e.segs)) {
          for (const seg of e.segs) {
            if (seg.length < 2) s.append(seg[0]);
            else s.append(el("mark", { class: `m-${seg[1]} ${seg[2] || ""}`.trim(), title: seg[1] + (seg[2] ? " (" + seg[2] + ")" : ""), text: seg[0] }));
          }
        } else {
          s.append(el("span", { class: "range", text: `bytes ${e.start}–${e.end}: ` }));
          for (const m of e.mentions || []) s.append(el("mark", { class: `m-${m[1]} ${m[2] || ""}`.trim(), text: m[0] }), " ");
        }
        box.append(s);
      }
    }
    return box;
  }

  // Filter menus list what the rows hold.
  for (const f of FILTERS) {
    const select = form.elements[f];
    const seen = new Map();
    for (const d of deals) for (const v of valuesOf(d, f)) seen.set(v, f === "buyer" || f === "vendor" ? nameOf(v) : v);
    select.append(el("option", { value: "", text: "all" }));
    [...seen].sort((a, b) => a[1].localeCompare(b[1])).forEach(([v, label]) => select.append(el("option", { value: v, text: label })));
    select.addEventListener("change", apply);
  }
  document.getElementById("reset").addEventListener("click", () => setFilters({}));

  function current() {
    const out = {};
    for (const f of FILTERS) if (form.elements[f].value) out[f] = form.elements[f].value;
    return out;
  }
  function setFilters(values) {
    for (const f of FILTERS) {
      const select = form.elements[f], want = values[f] || "";
      // A value the menu lacks (a company with no deal rows) still filters, to nothing.
      if (want && ![...select.options].some((o) => o.value === want))
        select.append(el("option", { value: want, text: f === "buyer" || f === "vendor" ? nameOf(want) : want }));
      select.value = want;
    }
    apply();
  }
  function apply() {
    const want = current();
    let shown = 0;
    for (const r of rows) {
      const ok = FILTERS.every((f) => !want[f] || valuesOf(r.d, f).includes(want[f]));
      r.tr.hidden = !ok;
      const det = r.details();
      if (det) det.hidden = !ok || !r.tr.classList.contains("open");
      if (ok) shown++;
    }
    document.getElementById("count").textContent = `${shown} of ${rows.length} deals`;
    for (const n of nodes) n.classList.toggle("on", n.dataset.key === want.buyer || n.dataset.key === want.vendor);
    // The filters live in the address (#buyer=meta&kind=gpu), so a view can be shared or bookmarked.
    const hash = new URLSearchParams(want).toString();
    if (("#" + hash) !== location.hash && !(hash === "" && location.hash === "")) {
      try {
        history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
      } catch (e) {
        // Some browsers refuse history changes on file:// pages; the filters still work.
      }
    }
  }
  function fromHash() {
    const h = location.hash.slice(1);
    if (h.includes("=")) setFilters(Object.fromEntries(new URLSearchParams(h)));
    else apply();
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  document.body.dataset.ready = "1";
})();
