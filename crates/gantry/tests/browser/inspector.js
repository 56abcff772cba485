// Drives gantry's request inspector page in real headless Chromium (Debian's
// /usr/bin/chromium) through playwright-core. Run by crates/gantry/tests/e2e/inspector/browser.rs:
//
//   node inspector.js BASE_URL UNAUTHORIZED_ID OK_ID SCREENSHOT DOCS_SCREENSHOT
//
// Asserts that the page lists the 401 and the 200 with their ids, that the 401 shows the
// JWT authorizer's explanation, that the 200 shows its event and its function's log lines
// (START..REPORT), that a new request appears without a reload, and the status filter.
// Saves a screenshot with the 200 selected (and to DOCS_SCREENSHOT when
// GANTRY_UPDATE_SCREENSHOT=1). Exits non-zero with the failed assertion on stderr.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { chromium } = require("playwright-core");

const [base, unauthorizedId, okId, screenshot, docsScreenshot] = process.argv.slice(2);
const CHROMIUM = "/usr/bin/chromium";
const WAIT = { timeout: 15000 };

function fail(message) {
  console.error(`inspector browser test: ${message}`);
  process.exit(1);
}

function check(condition, message) {
  if (!condition) fail(message);
}

async function record(id) {
  const answer = await (await fetch(`${base}/_gantry/api/requests`)).json();
  const found = answer.requests.find((r) => r.id === id);
  check(found, `request ${id} is not in /_gantry/api/requests`);
  return found;
}

async function main() {
  check(base && unauthorizedId && okId && screenshot, "usage: node inspector.js BASE UNAUTHORIZED_ID OK_ID SCREENSHOT [DOCS_SCREENSHOT]");
  check(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gantry-inspector-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    colorScheme: "light",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    const problems = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => { if (message.type() === "error") problems.push(`console error: ${message.text()}`); });
    let navigations = 0;
    page.on("framenavigated", (frame) => { if (frame === page.mainFrame()) navigations += 1; });

    await page.goto(`${base}/_gantry/`);
    const row = (id) => page.locator(`#requests tbody tr[data-id="${id}"]`);
    for (const [id, status] of [[unauthorizedId, "401"], [okId, "200"]]) {
      await row(id).waitFor(WAIT).catch(() => fail(`the list does not show request ${id}`));
      const text = await row(id).innerText();
      check(text.includes(status) && text.includes("GET") && text.includes("/test"),
        `the row of ${id} does not show GET /test ${status}: ${text}`);
    }

    // The 401: the JWT authorizer's decision and explanation.
    const denied = await record(unauthorizedId);
    check(denied.authorizer && denied.authorizer.explanation, `the 401 has no authorizer explanation in the JSON: ${JSON.stringify(denied)}`);
    await row(unauthorizedId).click();
    const authorizer = page.locator("#detail-authorizer");
    await authorizer.waitFor(WAIT).catch(() => fail("the 401's detail has no authorizer section"));
    const shownAuthorizer = await authorizer.innerText();
    check(shownAuthorizer.includes("JWT"), `the 401's authorizer section does not name JWT: ${shownAuthorizer}`);
    check(/deny/i.test(shownAuthorizer), `the 401's authorizer section does not say deny: ${shownAuthorizer}`);
    check(shownAuthorizer.includes(denied.authorizer.explanation.trim()),
      `the 401's authorizer section does not show the explanation "${denied.authorizer.explanation}": ${shownAuthorizer}`);

    // The 200: its event and its function's log lines, START to REPORT.
    const ok = await record(okId);
    const lambdaId = ok.integration && ok.integration.lambdaRequestId;
    check(lambdaId, `the 200 has no integration in the JSON: ${JSON.stringify(ok)}`);
    await row(okId).click();
    const event = page.locator("#detail-event");
    await event.waitFor(WAIT).catch(() => fail("the 200's detail has no event section"));
    const shownEvent = await event.innerText();
    check(shownEvent.includes('"routeKey": "GET /test"') && shownEvent.includes(okId),
      `the 200's event does not show its routeKey and request id: ${shownEvent}`);
    await page.waitForFunction((id) => {
      const logs = document.querySelector("#detail-logs");
      return logs && logs.innerText.includes(`START RequestId: ${id}`) && logs.innerText.includes(`REPORT RequestId: ${id}`);
    }, lambdaId, WAIT).catch(async () => fail(`the 200's logs do not show START..REPORT of ${lambdaId}: ${await page.locator("#detail-logs").innerText().catch(() => "(no logs section)")}`));
    const curl = await page.locator("#detail-curl").innerText();
    check(curl.includes('"authorization: Bearer $TOKEN"'), `copy as curl does not use the $TOKEN placeholder: ${curl}`);

    // The status filter hides the 200 under 4xx.
    await page.click('.status-filter button[data-class="4"]');
    check(await row(okId).isHidden(), "the 4xx filter still shows the 200");
    check(await row(unauthorizedId).isVisible(), "the 4xx filter hides the 401");
    await page.click('.status-filter button[data-class=""]');

    // A new request appears without a reload.
    await page.evaluate(() => { window.gantryLoadedOnce = true; });
    const navigationsBefore = navigations;
    const fresh = await fetch(`${base}/test?from=browser`);
    const freshId = fresh.headers.get("apigw-requestid");
    check(freshId, "the new request has no apigw-requestid");
    await row(freshId).waitFor(WAIT).catch(() => fail(`the new request ${freshId} did not appear without a reload`));
    check(await page.evaluate(() => window.gantryLoadedOnce === true) && navigations === navigationsBefore,
      "the page reloaded to show the new request");
    const first = await page.locator("#requests tbody tr").first().getAttribute("data-id");
    check(first === freshId, `the newest request is not first: ${first}, expected ${freshId}`);

    check(problems.length === 0, problems.join("\n"));
    await row(okId).click();
    await page.screenshot({ path: screenshot });
    if (process.env.GANTRY_UPDATE_SCREENSHOT === "1" && docsScreenshot) {
      fs.copyFileSync(screenshot, docsScreenshot);
    }
    console.log(`inspector browser test: passed; screenshot ${screenshot}`);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().catch((error) => fail(error.stack || String(error)));
