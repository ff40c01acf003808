#!/usr/bin/env node
// The baseline of tests/bench/article_extraction.py: @mozilla/readability over
// jsdom, the way the article-extraction benchmark runs it (a JSDOM document,
// Readability.parse(), its textContent). Pages are read and gunzipped before
// the clock starts, so the time is parse + extraction only, as for newsdeal's
// html_extract_tool.
// Usage: node readability_bench.js OUT.json PAGE.html.gz...
//   OUT.json gets {"<key>": "<text>", ...}; stdout one line "pages seconds".
const fs = require('fs');
const zlib = require('zlib');
const path = require('path');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const [out, ...files] = process.argv.slice(2);
const pages = files.map((f) => ({
  key: path.basename(f).split('.')[0],
  html: zlib.gunzipSync(fs.readFileSync(f)).toString('utf8'),
}));
// jsdom reports every CSS rule it cannot parse; the benchmark does not need them.
const quiet = new VirtualConsole();
const texts = {};
const start = process.hrtime.bigint();
for (const p of pages) {
  let text = '';
  try {
    const dom = new JSDOM(p.html, { url: 'https://example.com/', virtualConsole: quiet });
    const article = new Readability(dom.window.document).parse();
    text = article && article.textContent ? article.textContent : '';
    dom.window.close();
  } catch (e) {
    process.stderr.write(`${p.key}: ${e.message}\n`);
  }
  texts[p.key] = text;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
fs.writeFileSync(out, JSON.stringify(texts));
console.log(`${pages.length} ${seconds}`);
