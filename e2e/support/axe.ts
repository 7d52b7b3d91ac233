import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";

/** Runs axe over the page as it stands; any violation, whatever its impact, fails the test. */
export async function expectNoAxeViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).analyze();
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
