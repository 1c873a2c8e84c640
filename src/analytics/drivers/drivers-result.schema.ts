import { z } from 'zod';
import type { CounterField } from '../../core/counters.js';

/** The activities whose effect on viewers is measured, and the rollup counter each one reads. */
export const DRIVER_ACTIVITIES = [
  'likes',
  'comments',
  'gifts',
  'gift_value',
  'follows',
  'shares',
  'joins',
] as const;
export type DriverActivity = (typeof DRIVER_ACTIVITIES)[number];

export const ACTIVITY_COUNTER: Readonly<Record<DriverActivity, CounterField>> = {
  likes: 'likes',
  comments: 'comments',
  gifts: 'gifts',
  gift_value: 'coins',
  follows: 'followers',
  shares: 'shares',
  joins: 'joins',
};

/** `ok`: at least one significant driver; otherwise why there is none. */
export const DRIVERS_STATUSES = ['ok', 'no_clear_driver', 'not_enough_data'] as const;

const lagSchema = z.object({
  lag_minutes: z.number().int(),
  r: z.number().nullable().describe('Pearson r of viewer change with the activity this many minutes earlier'),
  p: z.number().nullable(),
  p_adjusted: z.number().nullable().describe('Holm-corrected over every test made'),
});

export const driverSchema = z
  .object({
    activity: z.enum(DRIVER_ACTIVITIES),
    best_lag_minutes: z
      .number()
      .int()
      .nullable()
      .describe('the lag with the smallest p; null if not measured'),
    r: z.number().nullable().describe('Pearson r at the best lag'),
    p: z.number().nullable(),
    p_adjusted: z.number().nullable().describe('Holm-corrected p of the best lag'),
    significant: z.boolean().describe('p_adjusted < 0.05'),
    spearman: z.object({ rho: z.number().nullable(), p: z.number().nullable() }).describe('at the best lag'),
    coefficient: z
      .number()
      .nullable()
      .describe('viewers per unit of activity, from the multiple regression at the best lags'),
    standardized_coefficient: z.number().nullable(),
    ci95: z.tuple([z.number(), z.number()]).nullable().describe('95% confidence interval of the coefficient'),
    coefficient_p: z
      .number()
      .nullable()
      .describe('regression p-value; it does not account for choosing the best lag'),
    effect: z
      .object({ viewers: z.number(), per: z.number(), unit: z.string() })
      .nullable()
      .describe('the coefficient in natural units: `viewers` per `per` `unit`'),
    lags: z.array(lagSchema),
    verdict: z.string(),
  })
  .meta({ id: 'Driver' });

export const driversResultSchema = z
  .object({
    status: z.enum(DRIVERS_STATUSES),
    from: z.number().describe('epoch ms, inclusive'),
    to: z.number().describe('epoch ms, exclusive'),
    stream: z.string().nullable().describe('null: every stream combined'),
    max_lag: z.number().int(),
    n: z.number().int().describe('minutes with a viewer change (a reading in the minute and the one before)'),
    tests: z.number().int().describe('correlation tests made (what the p-values are corrected for)'),
    r2: z.number().nullable(),
    adjusted_r2: z.number().nullable(),
    verdict: z.string(),
    drivers: z.array(driverSchema),
    notes: z.array(z.string()),
  })
  .meta({ id: 'DriversResult' });

export type Driver = z.infer<typeof driverSchema>;
export type DriversResult = z.infer<typeof driversResultSchema>;
