// The browser test of the charts page: logged in, the page is opened in Chinese and in
// English; each of its four charts must be drawn (an SVG image named by its title, with bars
// of some width) and followed by its table, the labels in words; saves a screenshot of each.
//
//   node tests/browser/charts.mjs URL USER PASSWORD SCREENSHOT_ZH SCREENSHOT_EN
import { fail, login } from "./session.mjs";

const [url, user, password, shotZh, shotEn] = process.argv.slice(2);

const languages = [
  ["zh", shotZh, ["（一）予以公开", "件 · ", "公开率", "复议纠错率"], "Disclosed"],
  ["en", shotEn, ["Disclosed", "Partly disclosed", "requests · ", "Disclosure rate"], "予以公开"],
];

const { browser, page } = await login(url, user, password);
try {
  for (const [lang, shot, words, foreign] of languages) {
    await page.goto(`${url}/corpus/charts?lang=${lang}`);
    const charts = page.locator("div.chart > svg[role=img]");
    const n = await charts.count();
    if (n !== 4) fail(`${lang}: ${n} charts, not 4`);
    for (let i = 0; i < n; i++) {
      const svg = charts.nth(i);
      const box = await svg.boundingBox();
      if (!box || box.width < 300 || box.height < 50) fail(`${lang}: chart ${i} is not drawn: ${JSON.stringify(box)}`);
      const [titleId] = (await svg.getAttribute("aria-labelledby")).split(" ");
      const title = (await svg.locator(`[id="${titleId}"]`).textContent()).trim();
      if (!title) fail(`${lang}: chart ${i} has no title`);
      const bars = svg.locator("rect");
      if ((await bars.count()) < 1) fail(`${lang}: chart ${i} has no bar`);
      const widths = await bars.evaluateAll((rs) => rs.map((r) => r.getBoundingClientRect().width));
      if (!widths.some((w) => w >= 1)) fail(`${lang}: chart ${i}'s bars have no width`);
      const caption = await svg.locator("xpath=../following-sibling::table[1]/caption").textContent();
      if (caption.trim() !== title) fail(`${lang}: chart ${i} (${title}) is followed by the table of ${caption}`);
    }
    const text = await page.locator("main").textContent();
    for (const w of words) if (!text.includes(w)) fail(`${lang}: no “${w}” on the page`);
    if (text.includes(foreign)) fail(`${lang}: “${foreign}” on the page`);
    if (/t3\./.test(await page.content())) fail(`${lang}: a cell key on the page`);
    await page.screenshot({ path: shot, fullPage: true });
  }
  console.log(`browser test: the charts drawn in both languages; screenshots ${shotZh} ${shotEn}`);
} finally {
  await browser.close();
}
