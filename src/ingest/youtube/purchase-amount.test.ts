import { describe, expect, test } from 'vitest';
import { parsePurchaseAmount } from './purchase-amount.js';

describe('parsePurchaseAmount', () => {
  test.each([
    ['$5.00', 'USD', 500, 5],
    ['$1,000.00', 'USD', 100_000, 1000],
    ['€2,00', 'EUR', 200, 2],
    ['2,00 €', 'EUR', 200, 2],
    ['1.234,56 €', 'EUR', 123_456, 1234.56],
    ['¥500', 'JPY', 500, 500],
    ['￥1,000', 'JPY', 1000, 1000],
    ['¥5,000', 'JPY', 5000, 5000],
    ['CA$10.00', 'CAD', 1000, 10],
    ['A$2.00', 'AUD', 200, 2],
    ['R$5,00', 'BRL', 500, 5],
    ['CN¥30.00', 'CNY', 3000, 30],
    ['₩1,000', 'KRW', 1000, 1000],
    ['₹100.00', 'INR', 10_000, 100],
    ['PLN 20.00', 'PLN', 2000, 20],
    ['KWD 1.500', 'KWD', 1500, 1.5],
    ['£1', 'GBP', 100, 1],
  ])('reads %s as %s with %i minor units', (text, currency, minor, amount) => {
    expect(parsePurchaseAmount(text)).toEqual({ currency, minor, amount });
  });

  test('does not guess an ambiguous symbol or a missing number', () => {
    expect(parsePurchaseAmount('kr 50,00')).toBeUndefined();
    expect(parsePurchaseAmount('$')).toBeUndefined();
    expect(parsePurchaseAmount('')).toBeUndefined();
  });
});
