import type { Locator } from "playwright-core";

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
