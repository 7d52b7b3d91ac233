import type { Locator, Page } from "playwright-core";

/** Whether the element's centre is the element itself on screen: in the viewport, under nothing. */
export async function uncovered(locator: Locator): Promise<boolean> {
  return locator.first().evaluate((element) => {
    const box = element.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    if (y < 0 || y > window.innerHeight || x < 0 || x > window.innerWidth) return false;
    const top = document.elementFromPoint(x, y);
    return top !== null && (element === top || element.contains(top));
  });
}

/** The two widths issue 18 checks a page at: a laptop and a phone. */
export const widths = [
  { width: 1280, height: 800 },
  { width: 375, height: 667 },
] as const;

/**
 * Runs a check on the page as it stands at each width (resized in place, then put back): a flow
 * walked once checks its layout at both widths (decision 0036).
 */
export async function atEachWidth(page: Page, check: (width: number) => Promise<void>) {
  const viewport = page.viewportSize();
  try {
    for (const size of widths) {
      await page.setViewportSize(size);
      await check(size.width);
    }
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
}
