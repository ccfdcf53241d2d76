// The browser test of gongkai serve: Debian's chromium, headless, driven by playwright-core.
// Logs in, uploads a report with one wrong cell, and checks that the page marks that cell
// and that clicking its finding selects it, and clicking the cell fills the correction form
// without scrolling the page away; saves a screenshot.
//
//   node tests/browser/check.mjs URL USER PASSWORD REPORT CELL SCREENSHOT
import { fail, review } from "./session.mjs";

const [url, user, password, report, cell, screenshot] = process.argv.slice(2);

const { browser, page } = await review(url, user, password, report);
try {
  const td = page.locator(`[id="c-${cell}"]`);
  if (await td.count() !== 1) fail(`no cell ${cell} on the page`);
  const cls = await td.getAttribute("class");
  if (!/has-finding/.test(cls) || !/sev-error/.test(cls)) fail(`cell ${cell} is not marked: ${cls}`);
  if (await td.locator("a.badge").count() < 1) fail(`cell ${cell} has no numbered badge`);

  // Click the finding that names the cell: the cell is selected.
  const finding = page.locator(`li.finding[data-cells~="${cell}"]`).first();
  await finding.click();
  if (!/selected/.test(await td.getAttribute("class"))) fail("clicking the finding did not select its cell");

  // Click the cell: the edit form takes its key, in view, and the page stays where it was.
  const before = await page.evaluate(() => window.scrollY);
  await td.click({ position: { x: 4, y: 4 } });
  if ((await page.inputValue("#edit-key")) !== cell) fail("clicking the cell did not fill the edit form");
  const after = await page.evaluate(() => window.scrollY);
  if (Math.abs(after - before) > 2) fail(`clicking the cell scrolled the page from ${before} to ${after}`);
  const form = await page.locator("form.edit").boundingBox();
  const height = page.viewportSize().height;
  if (!form || form.y < 0 || form.y + form.height > height + 1) fail(`the edit form is out of view: ${JSON.stringify(form)}`);

  await td.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot, fullPage: false });
  console.log(`browser test: ${cell} highlighted; screenshot ${screenshot}`);
} finally {
  await browser.close();
}
