// Drives Debian's Chromium (playwright-core, no downloaded browser) through a page, as a user
// would, for the kit's browser tests. Usage: node browse.mjs PLAN.json; PLAN:
//   {"url": "...", "har": "out.har"?, "screenshots": "dir"?, "steps": [...], "timeoutMs": 20000}
// Steps: {"waitForText": [selector, text]}, {"click": selector}, {"fill": [selector, value]},
//        {"select": [selector, value]}, {"screenshot": name}, {"evaluate": "js expression"},
//        {"waitFor": "js expression"} (until truthy), {"request": {method, url, headers?, body?}}
//        (sent by Node, outside the browser, as curl would; its status is a result), and
//        "timeoutMs" on any step for a bound of its own (a wait with one adds the milliseconds
//        it took to the results). A failing step is named by its index in the error.
// Prints one JSON line: {"ok": bool, "console": [errors], "results": [...], "error"?: "..."}.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
const timeout = plan.timeoutMs ?? 20000;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext(plan.har ? { recordHar: { path: plan.har, content: "embed" } } : {});
const page = await context.newPage();
const consoleErrors = [];
page.on("console", (message) => { if (message.type() === "error") consoleErrors.push(message.text()); });
page.on("pageerror", (error) => consoleErrors.push(String(error)));
const results = [];
let error;
let at = -1;
try {
  await page.goto(plan.url, { timeout });
  for (const [index, step] of (plan.steps ?? []).entries()) {
    at = index;
    const started = Date.now();
    const bound = { timeout: step.timeoutMs ?? timeout };
    if (step.waitForText || step.waitFor) {
      // Polled with evaluate: waitForFunction's polling inside the page stops under a CSP
      // without 'unsafe-eval' (the dashboard's), and evaluate is not bound by the page's CSP.
      const [selector, text] = step.waitForText ?? [];
      const holds = () => step.waitFor ? page.evaluate(step.waitFor) : page.evaluate(
        ([s, t]) => document.querySelector(s)?.textContent?.includes(t), [selector, text]);
      while (!(await holds())) {
        if (Date.now() - started > bound.timeout) {
          throw new Error(`timed out after ${bound.timeout} ms: ${step.waitFor ?? `${selector} showing ${text}`}`);
        }
        await page.waitForTimeout(50);
      }
      if (step.timeoutMs) results.push(Date.now() - started);
    } else if (step.request) {
      const { method, url, headers, body } = step.request;
      const answer = await fetch(url, { method, headers, body: body && JSON.stringify(body) });
      results.push(answer.status);
    } else if (step.click) {
      await page.click(step.click, { timeout });
    } else if (step.fill) {
      await page.fill(step.fill[0], step.fill[1], { timeout });
    } else if (step.select) {
      await page.selectOption(step.select[0], step.select[1], { timeout });
    } else if (step.screenshot) {
      await page.screenshot({ path: `${plan.screenshots}/${step.screenshot}.png`, fullPage: true });
    } else if (step.evaluate) {
      results.push(await page.evaluate(step.evaluate));
    }
  }
} catch (caught) {
  error = `step ${at}: ${String(caught).split("\n")[0]}`;
}
await context.close();  // writes the HAR
await browser.close();
console.log(JSON.stringify({ ok: error === undefined, console: consoleErrors, results, error }));
