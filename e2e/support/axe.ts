import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";

/**
 * Runs axe over the page as it stands; any violation, whatever its impact, fails the test.
 *
 * In legacy mode axe runs and reports in the page itself. The default opens a second, blank page
 * for every run to merge the results of cross-origin frames, which doubled each run's time; our
 * pages have no such frame (the operator's sandboxed e-mail frame is never shown during a run).
 */
export async function expectNoAxeViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
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
