// The browser test of the corpus: logged in, in Chinese and in English, the corpus page is
// paged, narrowed by a facet and searched by organ name; a stored report is opened from it and
// its year-over-year view followed to the year before. Saves a screenshot of the corpus page
// and of the stored report in each language.
//
//   node tests/browser/corpus.mjs URL USER PASSWORD SHOTS_PREFIX
import { fail, login } from "./session.mjs";

const [url, user, password, prefix] = process.argv.slice(2);

const words = {
  zh: { reports: "份报告", next: "下一页", year: "年度", search: "搜索", yoy: "与上一年度对比", foreign: "Facets" },
  en: { reports: "reports", next: "Next", year: "Year", search: "Search", yoy: "Against the year before", foreign: "分面" },
};

const rows = (page) => page.locator("table.corpus tbody tr");
const total = async (page) => Number((await page.locator("p.summary strong").first().textContent()).trim());

const { browser, page } = await login(url, user, password);
try {
  for (const lang of ["zh", "en"]) {
    const w = words[lang];
    await page.goto(`${url}/corpus?per=10&lang=${lang}`);
    const all = await total(page);
    if (all < 20) fail(`${lang}: ${all} reports listed, expected the whole corpus`);
    if ((await rows(page).count()) !== 10) fail(`${lang}: a page of ${await rows(page).count()} rows, not 10`);
    const text = await page.locator("main").textContent();
    if (!text.includes(w.reports)) fail(`${lang}: no “${w.reports}”`);
    if (text.includes(w.foreign)) fail(`${lang}: “${w.foreign}” on the page`);

    // The next page: other rows, the same total.
    const first = await rows(page).first().textContent();
    await Promise.all([page.waitForURL(/page=2/), page.click(`nav.pages a[rel=next]`)]);
    if ((await rows(page).first().textContent()) === first) fail(`${lang}: page 2 shows page 1's rows`);
    if ((await total(page)) !== all) fail(`${lang}: the total changed with the page`);

    // A year chosen in its facet: fewer reports, the value marked chosen, the others offered.
    const facet = page.locator("section.facet").filter({ has: page.locator(`h3:text-is("${w.year}")`) });
    const values = facet.locator("li");
    if ((await values.count()) < 2) fail(`${lang}: the year facet offers ${await values.count()} values`);
    const offered = Number((await values.first().locator(".count").textContent()).trim());
    await Promise.all([page.waitForURL(/year=/), values.first().locator("a").click()]);
    if ((await total(page)) !== offered) fail(`${lang}: the facet said ${offered}, the page lists ${await total(page)}`);
    if ((await facet.locator("li.selected").count()) !== 1) fail(`${lang}: the chosen year is not marked`);
    if ((await facet.locator("li").count()) < 2) fail(`${lang}: choosing a year hid the other years`);
    if (/page=2/.test(page.url())) fail(`${lang}: a facet kept the page number`);

    // Search by part of an organ's name: every row holds it.
    const organ = (await rows(page).first().locator("td a").textContent()).trim();
    const part = organ.slice(0, Math.min(4, organ.length));
    await page.fill("input[name=q]", part);
    await Promise.all([page.waitForURL(/q=/), page.click(`form.search button`)]);
    const found = await rows(page).locator("td:first-child").allTextContents();
    if (!found.length || !found.every((t) => t.includes(part))) fail(`${lang}: searching “${part}” found ${JSON.stringify(found)}`);
    if (!/year=/.test(page.url())) fail(`${lang}: the search dropped the year chosen`);
    await page.screenshot({ path: `${prefix}-corpus-${lang}.png`, fullPage: true });

    // A stored report of the latest year opened, then the year before from its comparison.
    await page.goto(`${url}/corpus?sort=year&lang=${lang}`);
    const link = rows(page).first().locator("td a");
    await Promise.all([page.waitForURL(/\/corpus\/reports\/\d+/), link.click()]);
    if ((await page.locator("section.tables table").count()) < 3) fail(`${lang}: the stored report has no tables`);
    const yoy = page.locator("section.yoy");
    if (!(await yoy.textContent()).includes(w.yoy)) fail(`${lang}: no year-over-year view`);
    const here = page.url();
    await page.screenshot({ path: `${prefix}-report-${lang}.png`, fullPage: true });
    const before = yoy.locator("a").first();
    if ((await before.count()) !== 1) fail(`${lang}: the latest year's report has no year before`);
    await Promise.all([page.waitForURL((u) => u.toString() !== here && /\/corpus\/reports\/\d+/.test(u.toString())), before.click()]);
    if ((await page.locator("section.tables table").count()) < 3) fail(`${lang}: the year before has no tables`);
  }
  console.log(`browser test: the corpus paged, faceted, searched and a report opened in both languages; screenshots ${prefix}-*.png`);
} finally {
  await browser.close();
}
