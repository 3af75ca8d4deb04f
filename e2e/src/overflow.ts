import type { Page } from "playwright-core";

// The horizontal-overflow check of the browser tests (WCAG 1.4.10 Reflow), shared by
// reflow.e2e.test.ts, accessibility.e2e.test.ts and the screenshots script.

/** How far the page is wider than the window, and which elements stick out (for the message). */
export async function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; culprits: string[] }> {
  return page.evaluate(() => {
    const innerWidth = window.innerWidth;
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const rect = el.getBoundingClientRect();
      if (rect.right <= innerWidth + 1 || rect.width === 0) continue;
      // Inside a scroll box that itself fits: fine. An absolutely positioned element (a visually
      // hidden text) is clipped only by its containing block and what contains that.
      let clipped = false;
      const start = getComputedStyle(el).position === "absolute" ? (el as HTMLElement).offsetParent : el.parentElement;
      for (let p = start; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (["auto", "scroll", "hidden", "clip"].includes(style.overflowX) && p.getBoundingClientRect().right <= innerWidth + 1) {
          clipped = true;
          break;
        }
      }
      if (clipped) continue;
      culprits.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""} (${Math.round(rect.right)}px)`);
      if (culprits.length >= 4) break;
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, culprits };
  });
}

/** "" when the page fits its window; otherwise what sticks out, for a failure message. */
export async function overflowProblem(page: Page): Promise<string> {
  const result = await overflow(page);
  return result.scrollWidth > result.innerWidth ? `${result.scrollWidth}px > ${result.innerWidth}px — ${result.culprits.join(", ")}` : "";
}
