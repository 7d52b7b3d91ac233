import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, RunOptions } from "axe-core";
import type { Page } from "playwright-core";
import { widths } from "./layout.js";

/** axe-core's browser build, read once per test process. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Only violations are gathered: passes and inapplicable rules are not collected node by node. */
const runOptions: RunOptions = { resultTypes: ["violations"] };

/**
 * Runs axe over the page as it stands; any violation, whatever its impact, fails the test.
 *
 * axe-core is put into a document once, on its first run there, and run in the page itself
 * (decision 0036): @axe-core/playwright injected its 580 KB script again before every run, about
 * 190 ms of each run's 450 ms on a 2-core machine. Our pages have no frame axe would need to enter
 * (the operator's sandboxed e-mail frame is never shown during a run).
 */
export async function expectNoAxeViolations(page: Page, state: string) {
  const present = await page.evaluate(() => "axe" in window);
  if (!present) await page.evaluate(axeSource);
  const results = await page.evaluate(
    (options) =>
      (window as unknown as { axe: { run(options: RunOptions): Promise<AxeResults> } }).axe.run(options),
    runOptions,
  );
  const found = results.violations.map(
    (violation) =>
      `${violation.impact ?? "?"} ${violation.id}: ${violation.help} — ${violation.nodes
        .map(
          (node) =>
            `${node.target.join(" ")}${node.failureSummary ? ` (${node.failureSummary.replaceAll("\n", " ")})` : ""}`,
        )
        .join("; ")}`,
  );
  if (found.length > 0) throw new Error(`axe, ${state}:\n${found.join("\n")}`);
}

type ColorScheme = "light" | "dark";

/** A rendering a state is checked in: a colour scheme, and a viewport (none: the page's own). */
interface Rendering {
  width?: number;
  height?: number;
  colorScheme: ColorScheme;
}

const everyScheme: readonly Rendering[] = [{ colorScheme: "light" }, { colorScheme: "dark" }];

/** The four renderings issue 18 checks every state in: 1280 and 375 px wide, light and dark. */
const everyRendering: readonly Rendering[] = everyScheme.flatMap(({ colorScheme }) =>
  widths.map((size) => ({ ...size, colorScheme })),
);

/**
 * Runs axe over the state the page is in, in each rendering (the page is resized and its colour
 * scheme switched in place, then put back as it was): one walk through a flow checks every
 * rendering of its states, instead of one walk per rendering (decision 0036).
 */
async function expectNoAxeViolationsIn(page: Page, state: string, renderings: readonly Rendering[]) {
  const viewport = page.viewportSize();
  const scheme = await page.evaluate(() =>
    matchMedia("(prefers-color-scheme: dark)").matches ? ("dark" as const) : ("light" as const),
  );
  try {
    for (const { width, height, colorScheme } of renderings) {
      if (width !== undefined && height !== undefined) await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme });
      const size = width === undefined ? "" : ` at ${width} px`;
      await expectNoAxeViolations(page, `${state}${size}, ${colorScheme}`);
    }
  } finally {
    if (viewport) await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme: scheme });
  }
}

/** The state in the four renderings: 1280 and 375 px, light and dark. */
export const expectNoAxeViolationsInEveryRendering = (page: Page, state: string) =>
  expectNoAxeViolationsIn(page, state, everyRendering);

/** The state at the page's size, light and dark. */
export const expectNoAxeViolationsInEveryScheme = (page: Page, state: string) =>
  expectNoAxeViolationsIn(page, state, everyScheme);
