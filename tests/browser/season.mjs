// The filing season in a browser: a filer and a reviewer take one report through it. The filer
// fills in the form with a mistake in table 三 (the live identities fail), puts it right,
// writes the six sections, saves, gives a reason for each warning and submits; the reviewer
// comments on a cell and returns the report; the filer changes it and submits again (the
// second submission says what changed); the reviewer approves. Screenshots: PREFIX-failing.png
// (the identity failing), PREFIX-returned.png (the return) and LAST (the approval).
//
//   node tests/browser/season.mjs URL EDITOR PASSWORD FILER REVIEWER PASSWORD SEASON ORGAN PREFIX LAST
import { fail, login } from "./session.mjs";

const [url, , , filer, reviewer, password, season, organ, prefix, last] = process.argv.slice(2);
const filing = `${url}/seasons/${season}/organs/${organ}`;

const { browser, page } = await login(url, filer, password);
page.setDefaultTimeout(15000);

const cell = (key) => page.locator(`form.filing input[data-key="${key}"]`);
const summary = page.locator("#identities-summary");

async function type(key, value) {
  const input = cell(key);
  if (await input.count() !== 1) fail(`no input for ${key} on the form`);
  await input.fill(String(value));
}

// A form that was refused says why above it: the test stops with the reason.
async function refused(what) {
  const r = page.locator("p.refusal");
  if (await r.count()) fail(`${what} was refused: ${(await r.innerText()).trim()}`);
}

// Clicks what posts a form, and waits for the page the server answers with.
async function post(locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), locator.click()]);
}

async function relogin(user) {
  await Promise.all([page.waitForURL(/\/login/), page.click("form[action='/logout'] button")]);
  await page.fill("input[name=name]", user);
  await page.fill("input[name=password]", password);
  await Promise.all([page.waitForURL(url + "/"), page.click("form[action='/login'] button")]);
}

// The state shown on the organ's filing page.
async function state() {
  return (await page.locator("h1 + p span.state").first().innerText()).trim();
}

// Saves the form; then gives a reason for each warning the server asks about, and submits.
async function saveAndSubmit(note) {
  await post(page.locator("button[name=action][value=save]"));
  await page.waitForSelector("form.filing");
  await refused("saving the form");
  const acks = page.locator("form.filing input[name^='ack:']");
  const n = await acks.count();
  for (let i = 0; i < n; i++) await acks.nth(i).fill("数字已逐项核对，情况属实");
  if (n) console.log(`browser test: ${n} warning(s) explained before submitting`);
  if (note) await page.fill("form.filing textarea[name=comment]", note);
  await post(page.locator("button[name=action][value=submit]"));
  await refused("submitting the form");
  if (page.url().replace(/[#?].*$/, "") !== filing) fail(`submitting did not lead to the filing page but to ${page.url()}`);
}

const sections = (received, forward) => [
  `（一）主动公开情况。2023年，甲县财政局在门户网站主动公开政府信息126条，发布政策解读5篇。` +
    `（二）依申请公开情况。2023年，甲县财政局新收政府信息公开申请${received}件，上年结转0件，办结3件，` +
    `结转下年度继续办理${forward}件。其中予以公开3件。` +
    `（三）政府信息管理情况。严格执行信息发布保密审查制度，及时清理更新公开目录。` +
    `（四）平台建设情况。优化门户网站财政资金专栏，方便公众查阅预决算信息。` +
    `（五）监督保障情况。将政务公开工作纳入年度考核，组织业务培训2次。`,
  "本机关主动公开政府信息情况见下表。",
  `本机关收到和处理政府信息公开申请情况见下表。`,
  "本机关政府信息公开行政复议、行政诉讼情况见下表。",
  "一是依申请公开答复的规范化程度有待提高，二是预决算信息的解读不够通俗。下一步，将制定答复文书范本，采用图解等形式加强解读。",
  "2023年，甲县财政局未收取政府信息公开信息处理费。",
];

try {
  // The filer opens the form from the organ's page.
  await page.goto(filing);
  await Promise.all([page.waitForURL(filing + "/form"), page.click("a.button[href$='/form']")]);
  if (await summary.count() !== 1) fail("no live identity panel on the form");

  // Nothing happened in most cells: every cell 0 first, as the template asks.
  const keys = await page.locator("form.filing input[data-key]").evaluateAll((l) => l.map((i) => i.dataset.key));
  if (keys.length < 150) fail(`the form has only ${keys.length} cells`);
  for (const k of keys) await type(k, 0);
  if (!/(^| )ok( |$)/.test(await summary.getAttribute("class"))) fail("a form of zeros does not hold");

  // Table 三 with a mistake: 5 new, 3 disclosed, 1 carried forward (5 + 0 ≠ 3 + 1).
  await type("t3.new.natural", 5);
  await type("t3.granted.natural", 3);
  await type("t3.results_total.natural", 3);
  await type("t3.carried_forward.natural", 1);
  for (const [k, v] of [["t3.new.total", "5"], ["t3.results_total.total", "3"], ["t3.carried_forward.total", "1"]]) {
    if ((await cell(k).inputValue()) !== v) fail(`the total ${k} was not computed: ${await cell(k).inputValue()}, not ${v}`);
  }
  const said = (await summary.innerText()).trim();
  if (!/sev-error/.test(await summary.getAttribute("class")) || !/不成立/.test(said)) fail(`the live identities do not fail: ${said}`);
  const failing = page.locator("#identities li.identity-fails");
  if (await failing.count() < 1) fail("no failing identity listed");
  if (!(await failing.first().getAttribute("data-cells")).includes("t3.carried_forward.natural")) {
    fail(`the failing identity does not name the cell carried forward: ${await failing.first().innerText()}`);
  }
  if (!/fails/.test(await cell("t3.carried_forward.natural").getAttribute("class"))) fail("the cell carried forward is not marked");
  console.log(`browser test: the mistake is caught as typed: ${said}; ${(await failing.first().innerText()).trim()}`);
  await cell("t3.carried_forward.natural").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${prefix}-failing.png` });

  // Put right: 2 carried forward. Every identity holds.
  await type("t3.carried_forward.natural", 2);
  const held = (await summary.innerText()).trim();
  if (!/(^| )ok( |$)/.test(await summary.getAttribute("class")) || !/全部成立/.test(held)) fail(`the identities still fail: ${held}`);
  if (await failing.count() !== 0) fail("a failing identity is still listed");

  // The six sections, then save, explain and submit.
  const text = sections(5, 2);
  for (let i = 0; i < 6; i++) await page.fill(`form.filing textarea[name=s${i + 1}]`, text[i]);
  await saveAndSubmit("");
  if ((await state()) !== "已报送") fail(`the filing page says ${await state()}, not 已报送`);
  console.log("browser test: submitted (已报送)");

  // The reviewer: a comment on a cell, then the report returned with a comment.
  await relogin(reviewer);
  await page.goto(filing);
  const comment = page.locator("details.submission[open] form.comment").first();
  await comment.locator("select[name=pin]").selectOption("cell");
  await comment.locator("input[name=pinned]").fill("t3.carried_forward.natural");
  await comment.locator("textarea[name=body]").fill("结转下年度继续办理的2件请在正文中说明原因。");
  await post(comment.locator("button"));
  if (await page.locator("li.comment .pin").count() < 1) fail("the comment pinned to a cell is not shown");
  const ret = page.locator("form.step:has(input[name=decision][value=return])");
  if (await ret.count() !== 1) fail("the reviewer has no return form");
  await ret.locator("textarea[name=comment]").fill("请核实本年新收申请数，补充结转原因后重新报送。");
  await post(ret.locator("button"));
  if ((await state()) !== "退回修改") fail(`after the return the page says ${await state()}, not 退回修改`);
  console.log("browser test: returned (退回修改)");
  await page.screenshot({ path: `${prefix}-returned.png`, fullPage: true });

  // The filer sees the comment, changes the report consistently (one more request, carried
  // forward) and submits it again.
  await relogin(filer);
  await page.goto(filing);
  const seen = await page.locator("li.comment").allInnerTexts();
  if (!seen.some((c) => c.includes("结转下年度继续办理的2件"))) fail(`the filer does not see the reviewer's comment: ${seen}`);
  if (!(await page.locator("table.timeline").innerText()).includes("请核实本年新收申请数")) fail("the return's comment is not in the timeline");
  await Promise.all([page.waitForURL(filing + "/form"), page.click("a.button[href$='/form']")]);
  if ((await cell("t3.carried_forward.natural").inputValue()) !== "2") fail("the form does not hold what was submitted");
  await type("t3.new.natural", 6);
  await type("t3.carried_forward.natural", 3);
  if (!/(^| )ok( |$)/.test(await summary.getAttribute("class"))) fail(`the changed report does not hold: ${await summary.innerText()}`);
  const changed = sections(6, 3);
  changed[0] += "结转下年度继续办理的3件均为12月下旬收到的申请，尚在法定答复期限内。";
  await page.fill("form.filing textarea[name=s1]", changed[0]);
  await saveAndSubmit("已补充结转原因，新收申请数已更正。");
  if ((await state()) !== "已报送") fail(`the second submission's page says ${await state()}, not 已报送`);
  const second = page.locator("details.submission[open]");
  const secondText = await second.innerText();
  if (!secondText.includes("与上次报送相比")) fail("the second submission does not say what changed");
  if (await second.locator("table.changed tr").count() < 3) fail("the changed cells are not listed");
  if (await page.locator("li.comment span.answered").count() < 1) fail("the comment on the changed cell is not marked as answered");
  console.log("browser test: submitted again; the changes are shown");

  // The reviewer approves.
  await relogin(reviewer);
  await page.goto(filing);
  const approve = page.locator("form.step:has(input[name=decision][value=approve])");
  if (await approve.count() !== 1) fail("the reviewer has no approve form");
  await post(approve.locator("button"));
  if ((await state()) !== "已通过") fail(`after the approval the page says ${await state()}, not 已通过`);
  console.log("browser test: approved (已通过)");
  await page.screenshot({ path: last, fullPage: true });
  console.log(`browser test: screenshots ${prefix}-failing.png, ${prefix}-returned.png, ${last}`);
} finally {
  await browser.close();
}
