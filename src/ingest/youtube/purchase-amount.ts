/** A Super Chat / Super Sticker price, read from YouTube's display text. */
export interface PurchaseAmount {
  /** ISO 4217 code, e.g. `USD`. */
  currency: string;
  /** The amount in the currency's minor units (cents for USD, yen for JPY): exact, no rounding. */
  minor: number;
  /** The amount in major units (`minor / 10^exponent`), e.g. 5 for "$5.00". */
  amount: number;
}

// Symbols as YouTube prints them (CLDR narrow/short symbols); longest first so "CA$" wins over "$".
const SYMBOLS: readonly (readonly [string, string])[] = [
  ['CA$', 'CAD'],
  ['US$', 'USD'],
  ['A$', 'AUD'],
  ['NZ$', 'NZD'],
  ['HK$', 'HKD'],
  ['NT$', 'TWD'],
  ['MX$', 'MXN'],
  ['R$', 'BRL'],
  ['S$', 'SGD'],
  ['CN¥', 'CNY'],
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
  ['￥', 'JPY'],
  ['₩', 'KRW'],
  ['₹', 'INR'],
  ['₱', 'PHP'],
  ['₫', 'VND'],
  ['₪', 'ILS'],
  ['฿', 'THB'],
  ['₺', 'TRY'],
  ['₽', 'RUB'],
  ['zł', 'PLN'],
  ['RM', 'MYR'],
  ['Rp', 'IDR'],
];

// ISO 4217 minor-unit exponents that differ from 2 (the default).
const EXPONENTS: Readonly<Record<string, number>> = {
  JPY: 0,
  KRW: 0,
  VND: 0,
  CLP: 0,
  ISK: 0,
  PYG: 0,
  UGX: 0,
  XAF: 0,
  XOF: 0,
  RWF: 0,
  KMF: 0,
  GNF: 0,
  DJF: 0,
  VUV: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

function exponentOf(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

function findCurrency(text: string): string | undefined {
  const code = /(?:^|[^A-Za-z])([A-Z]{3})(?:$|[^A-Za-z])/.exec(text);
  if (code?.[1]) return code[1];
  return SYMBOLS.find(([symbol]) => text.includes(symbol))?.[1];
}

/** Splits "1.234,56" / "1,234.56" / "2,00" / "1,000" into whole and fraction digits for `exponent`. */
function splitNumber(numeric: string, exponent: number): { whole: string; fraction: string } | undefined {
  const cleaned = numeric.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d[\d.,]*$/.test(cleaned)) return undefined;
  const lastSep = Math.max(cleaned.lastIndexOf('.'), cleaned.lastIndexOf(','));
  if (lastSep < 0) return { whole: cleaned, fraction: '' };
  const tail = cleaned.slice(lastSep + 1);
  const head = cleaned.slice(0, lastSep).replace(/[.,]/g, '');
  const hasBothKinds = cleaned.includes('.') && cleaned.includes(',');
  // A last separator followed by exactly three digits is a thousands separator, unless the
  // currency has three decimals and the text shows it is the decimal one.
  const isDecimal =
    exponent > 0 &&
    tail.length <= exponent &&
    (tail.length !== 3 || hasBothKinds || cleaned[lastSep] === '.');
  if (!isDecimal && exponent === 0 && tail.length !== 3) return undefined;
  return isDecimal ? { whole: head, fraction: tail } : { whole: head + tail, fraction: '' };
}

/**
 * Reads a localised price such as "$5.00", "€2,00", "2,00 €", "¥500", "￥1,000", "CA$10.00" or
 * "PLN 20.00". Returns undefined when the currency or the number cannot be told for sure (an
 * unknown symbol such as "kr" is not guessed). Pure and deterministic: no FX conversion.
 */
export function parsePurchaseAmount(text: string): PurchaseAmount | undefined {
  const currency = findCurrency(text);
  const numeric = /\d[\d.,\s\u00a0\u202f']*/.exec(text)?.[0].trim();
  if (!currency || !numeric) return undefined;
  const exponent = exponentOf(currency);
  const parts = splitNumber(numeric, exponent);
  if (!parts) return undefined;
  const fraction = parts.fraction.padEnd(exponent, '0');
  const minor = Number(parts.whole + fraction);
  if (!Number.isSafeInteger(minor)) return undefined;
  return { currency, minor, amount: minor / 10 ** exponent };
}
