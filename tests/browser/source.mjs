// The browser test of the review page's source panel: a web page uploaded, a finding clicked;
// the panel must show the page's text (never its markup) and bring the finding's line into
// view inside the panel. Saves a screenshot.
//
//   node tests/browser/source.mjs URL USER PASSWORD REPORT SCREENSHOT
import { fail, review } from "./session.mjs";

const [url, user, password, report, screenshot] = process.argv.slice(2);

const { browser, page } = await review(url, user, password, report);
try {
  const source = await page.locator(".source ol").innerText();
  if (/<\/?(td|tr|span|p|div)\b/i.test(source)) fail("the source panel shows markup");

  // The last finding that points at a line: the farthest down the panel.
  const findings = page.locator("li.finding[data-line]");
  const n = await findings.count();
  if (n < 1) fail("no finding points at a line");
  const finding = findings.nth(n - 1);
  const lineNo = await finding.getAttribute("data-line");
  await finding.click();
  const line = page.locator(`[id="L${lineNo}"]`);
  if (!/active/.test(await line.getAttribute("class") || "")) fail(`line ${lineNo} is not marked`);
  const [box, at] = await Promise.all([
    page.locator(".source ol").boundingBox(),
    line.boundingBox(),
  ]);
  if (!box || !at || at.y < box.y || at.y + at.height > box.y + box.height) {
    fail(`line ${lineNo} is outside the panel: ${JSON.stringify({ box, at })}`);
  }
  await line.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot, fullPage: false });
  console.log(`browser test: line ${lineNo} shown in the source panel; screenshot ${screenshot}`);
} finally {
  await browser.close();
}
