// Driven by report_playwright.py: opens a report page in Chromium through
// Playwright and uses it as a reader would. Prints one JSON object of findings;
// the Python side judges them. Args: page.html screenshot.png
"use strict";
const { chromium } = require("playwright-core");

(async () => {
  const [page_path, shot] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const out = { requests: [], errors: [] };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("request", (r) => out.requests.push(r.url()));
    page.on("pageerror", (e) => out.errors.push(String(e)));
    await page.goto("file://" + page_path);
    await page.waitForSelector("body[data-ready='1']");
    const visible = () => page.$$eval("tr.deal", (rs) => rs.filter((r) => !r.hidden).map((r) => r.dataset.buyer));
    out.rows_all = (await visible()).length;

    // The buyer menu narrows the table; the kind menu narrows it further.
    await page.selectOption("select[name=buyer]", "meta");
    out.rows_meta = await visible();
    out.count_text = await page.textContent("#count");
    out.hash = await page.evaluate(() => location.hash);
    await page.selectOption("select[name=buyer]", "");

    // A row opens to its evidence: sentences grouped by language, mentions marked,
    // a conflict box where the languages disagree.
    const row = page.locator("tr.deal.conflict[data-buyer=mistral]");
    await row.click();
    const details = page.locator("tr.deal.conflict[data-buyer=mistral] + tr.details");
    out.details_langs = await details.locator(".lang").allTextContents();
    out.details_marks = await details.locator("mark").count();
    out.details_party = await details.locator("mark.party").allTextContents();
    out.details_conflict_marks = await details.locator("mark.conflict").allTextContents();
    out.details_conflict_box = await details.locator(".conflicts").textContent();
    await page.screenshot({ path: shot.replace(/\.png$/, "-evidence.png") });
    await row.click();
    out.details_hidden_after_second_click = await details.evaluate((e) => e.hidden);

    // A click on a graph node filters the table to that company.
    await page.locator("#graph g.node", { has: page.locator("title", { hasText: /^amazon$/ }) }).first().click();
    out.node_click_filters = await page.$$eval("select", (ss) => ss.map((s) => [s.name, s.value]));
    out.rows_after_node = await page.$$eval("tr.deal", (rs) => rs.filter((r) => !r.hidden).map((r) => [r.dataset.buyer, r.dataset.vendor]));
    await page.click("#reset");
    out.rows_after_reset = (await visible()).length;
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: shot, fullPage: true });
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(out));
})().catch((e) => {
  console.error(String(e && e.stack || e));
  process.exit(3);
});
