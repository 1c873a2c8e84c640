import type { Page } from 'playwright-core';

/** The fields of the page's main part that no label names (every page should have none). */
export const unlabelledFields = (page: Page): Promise<string[]> =>
  page
    .locator('main')
    .locator('input, select, textarea')
    .evaluateAll((fields) =>
      fields
        .filter((f) => {
          // Inputs, selects and text areas all have `labels`; the tests' types know no DOM.
          const { labels } = f as unknown as { labels: { length: number } | null };
          return (labels?.length ?? 0) === 0 && !f.getAttribute('aria-label');
        })
        .map((f) => f.outerHTML),
    );
