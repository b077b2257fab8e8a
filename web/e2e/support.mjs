// What the browser tests share: Chromium, steps with screenshots on failure, axe, Connect calls.
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";

const axeScript = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export const CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"];

/** Headless Debian Chromium. */
export function launch(executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium") {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
}

/** A Connect JSON call with a bearer token: { status, json }. */
export async function connect(base, method, body, token) {
  const r = await fetch(`${base}/eventkit.v1.${method}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: r.status, json };
}

/** As connect, but throws with the answer unless it is 200. */
export async function call(base, method, body, token) {
  const r = await connect(base, method, body, token);
  if (r.status !== 200) throw new Error(`${method}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

export function expect(cond, message) {
  if (!cond) throw new Error(message);
}

/**
 * Named steps that log "ok"/"FAIL" with their time and screenshot every page in `pages()` on
 * failure into `out` (failed-<step>.png, or failed-<step>-<page>.png for several pages). `summary(label)` prints "<label>: N passed, M failed".
 */
export function steps(out, pages) {
  let passed = 0;
  let failed = 0;
  return {
    async step(name, fn) {
      const started = Date.now();
      try {
        await fn();
        passed++;
        console.log(`ok   ${name} (${Date.now() - started} ms)`);
      } catch (e) {
        failed++;
        console.log(`FAIL ${name}: ${e instanceof Error ? e.message.split("\n")[0] : e}`);
        const all = pages();
        for (const [i, p] of all.entries()) {
          const name = all.length === 1 ? `failed-${passed + failed}` : `failed-${passed + failed}-${i}`;
          await p.screenshot({ path: join(out, `${name}.png`), fullPage: true }).catch(() => {});
        }
      }
    },
    get failed() {
      return failed;
    },
    summary(label) {
      console.log(`${label}: ${passed} passed, ${failed} failed`);
      return failed;
    },
  };
}

/** axe-core (WCAG 2.1 A/AA) on the page as it is: no serious or critical violation. */
export async function accessible(page, name) {
  await page.waitForLoadState("networkidle");
  // Let opening dialogs and toasts finish their transitions: mid-fade colours fail contrast. A
  // transition may start a frame or a timer after the click, so give it that, then wait for the
  // running animations to end and every dialog and toast (and what holds them) to be fully opaque.
  await page.waitForTimeout(120);
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity),
  );
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[role="dialog"], [role="alert"], .mantine-Notification-root')].every((d) => {
      for (let e = d; e; e = e.parentElement) if (getComputedStyle(e).opacity !== "1") return false;
      return true;
    }),
  );
  await page.addScriptTag({ path: axeScript });
  const r = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.length === 0, `${name}: ${bad.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0]?.target.join(" ")}`).join("; ")}`);
}

/** Signs in on the login page the browser is on. */
export async function login(page, email, password) {
  await page.getByLabel("Email").fill(email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}
