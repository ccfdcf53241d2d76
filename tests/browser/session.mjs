// What the browser tests begin with: Debian's chromium launched headless, a login, and (for
// the review page's tests) a report uploaded for review.
import { chromium } from "playwright-core";

export const fail = (why) => { console.error("browser test: " + why); process.exit(1); };

// Chromium launched headless and logged in: the browser, and the start page.
export async function login(url, user, password) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
  await page.goto(url + "/login");
  await page.fill("input[name=name]", user);
  await page.fill("input[name=password]", password);
  await Promise.all([page.waitForURL(url + "/"), page.click("form[action='/login'] button")]);
  return { browser, page };
}

export async function review(url, user, password, report) {
  const { browser, page } = await login(url, user, password);
  await page.setInputFiles("#file", report);
  await Promise.all([page.waitForURL(/\/drafts\/\d+/), page.click("form.upload button[type=submit]")]);
  return { browser, page };
}
