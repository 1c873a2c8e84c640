/** A gift's name and its price in diamonds (1 diamond = 1 coin spent by the viewer). */
export interface CatalogueGift {
  name: string;
  diamonds: number;
}

/**
 * Well-known TikTok gifts, for messages that arrive without the gift's diamond count. Entries
 * marked "recorded" were read from the real payloads in test/fixtures/real (tiktoklivejava-raw,
 * 2023; tiktok-live-connector-readme, 2022); the others come from public gift lists of 2023 and
 * may drift as TikTok reprices gifts. The platform's own diamond count always wins over this table.
 */
const CATALOGUE: ReadonlyMap<string, CatalogueGift> = new Map([
  ['5655', { name: 'Rose', diamonds: 1 }], // recorded
  ['5523', { name: 'Fire', diamonds: 1 }], // recorded
  ['9334', { name: 'LIVE Fest', diamonds: 1 }], // recorded
  ['7934', { name: 'Heart Me', diamonds: 1 }], // recorded
  ['5269', { name: 'TikTok', diamonds: 1 }],
  ['5827', { name: 'Ice Cream Cone', diamonds: 1 }],
  ['6064', { name: 'GG', diamonds: 1 }],
  ['5760', { name: 'Weights', diamonds: 1 }],
  ['5487', { name: 'Finger Heart', diamonds: 5 }], // recorded
  ['5658', { name: 'Perfume', diamonds: 20 }],
  ['5953', { name: 'Nevalyashka doll', diamonds: 25 }], // recorded
  ['5879', { name: 'Doughnut', diamonds: 30 }], // recorded
  ['6104', { name: 'Cap', diamonds: 99 }],
  ['6427', { name: 'Hat and Mustache', diamonds: 99 }],
  ['5585', { name: 'Confetti', diamonds: 100 }],
  ['5660', { name: 'Hand Hearts', diamonds: 100 }],
  ['9333', { name: 'LIVE Fest Clappers', diamonds: 100 }], // recorded
  ['5509', { name: 'Sunglasses', diamonds: 199 }],
  ['5586', { name: 'Hearts', diamonds: 199 }],
  ['5955', { name: 'Corgi', diamonds: 299 }],
  ['6007', { name: 'Boxing Gloves', diamonds: 299 }],
  ['7168', { name: 'Money Gun', diamonds: 500 }],
  ['5478', { name: 'Galaxy', diamonds: 1000 }],
  ['7312', { name: 'TikTok Shuttle', diamonds: 20000 }],
  ['6369', { name: 'Lion', diamonds: 29999 }],
  ['6751', { name: 'TikTok Universe', diamonds: 34999 }],
]);

/** The bundled entry for a gift id, or undefined when the gift is not in the table. */
export function findCatalogueGift(giftId: string): CatalogueGift | undefined {
  return CATALOGUE.get(giftId);
}
