import { findCatalogueGift } from './gift-catalogue.js';

/** Where a gift's coin value came from, recorded in the event's `data.value_source`. */
export type GiftValueSource = 'platform' | 'catalogue' | 'estimate';

/** The coins one gift is worth, with the source of that figure, and the best name known. */
export interface GiftValue {
  diamondsEach: number;
  source: GiftValueSource;
  name: string;
}

/** Value assumed for a gift neither the platform nor the catalogue prices: the cheapest gift. */
export const ESTIMATED_DIAMONDS = 1;

/**
 * Prices one gift: the platform's diamond count when it gives one (> 0), else the bundled
 * catalogue, else an estimate of {@link ESTIMATED_DIAMONDS} coin.
 */
export function resolveGiftValue(
  giftId: string,
  platformDiamonds: number | undefined,
  platformName: string | undefined,
): GiftValue {
  const catalogued = findCatalogueGift(giftId);
  const name = nonEmpty(platformName) ?? catalogued?.name ?? `gift ${giftId}`;
  if (platformDiamonds !== undefined && Number.isFinite(platformDiamonds) && platformDiamonds > 0) {
    return { diamondsEach: platformDiamonds, source: 'platform', name };
  }
  if (catalogued) return { diamondsEach: catalogued.diamonds, source: 'catalogue', name };
  return { diamondsEach: ESTIMATED_DIAMONDS, source: 'estimate', name };
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s.trim() === '' ? undefined : s;
}
