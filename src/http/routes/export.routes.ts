import { READ } from '../../accounts/access-rule.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  EXPORT_FORMATS,
  EXPORT_RESOLUTIONS,
  EXPORT_SHEETS,
  parseSheetList,
  type ExportQueryInput,
  type ExportSheetKey,
} from '../../export/export-query.js';
import type { ExportService } from '../../export/export.service.js';
import { errorResponses } from '../error-responses.js';
import { instantParam, profileParams } from '../schemas.js';

const tags = ['export'];

const sheetsParam = z
  .string()
  .max(200)
  .transform((text, ctx) => {
    const { sheets, unknown } = parseSheetList(text);
    for (const name of unknown)
      ctx.addIssue({
        code: 'custom',
        message: `unknown sheet '${name}'; known: ${EXPORT_SHEETS.join(', ')}`,
      });
    return sheets;
  })
  .describe(`a comma-separated list of ${EXPORT_SHEETS.join(', ')} (default: all but events)`);

const rangeQuery = {
  from: instantParam.optional().describe('epoch ms or ISO-8601, included (default: 30 days before to)'),
  to: instantParam.optional().describe('epoch ms or ISO-8601, excluded (default: now)'),
  resolution: z
    .enum(EXPORT_RESOLUTIONS)
    .optional()
    .describe('the Analytics sheet interval, on the profile wall clock (default: hour)'),
};

const exportQuery = z.object({
  format: z.enum(EXPORT_FORMATS).optional().describe('default: xlsx'),
  ...rangeQuery,
  sheets: sheetsParam.optional(),
});

/** What a query string names, without the keys it leaves out (the service fills the defaults). */
function inputOf(query: {
  format?: ExportQueryInput['format'];
  from?: number;
  to?: number;
  resolution?: ExportQueryInput['resolution'];
  sheets?: ExportSheetKey[];
}): ExportQueryInput {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
}

const binary = (what: string) => ({ schema: z.string().describe(what) });

const estimateSchema = z
  .object({
    from: z.number().describe('epoch ms'),
    to: z.number().describe('epoch ms'),
    resolution: z.enum(EXPORT_RESOLUTIONS),
    rows: z.object(
      Object.fromEntries(EXPORT_SHEETS.map((s) => [s, z.number()])) as Record<ExportSheetKey, z.ZodNumber>,
    ),
  })
  .meta({ id: 'ExportEstimate' });

/** Content-Disposition for a download: a plain ASCII name, and the exact one for those who read it. */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Exports of a profile's range, and the row counts to expect from one. */
export const exportRoutes =
  ({ exports }: { exports: ExportService }): FastifyPluginAsyncZod =>
  (app) => {
    app.get(
      '/profiles/:profile/export',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: "Download a profile's sessions, analytics, contributions, drivers and clips over a range",
          description:
            'xlsx (sheets Sessions, Analytics, Contributions, Correlations, Clips, Summary; a sheet past 1,048,576 rows ' +
            'continues in "<name> (2)"), csv (a zip of one UTF-8 CSV per sheet), json (one document) or ndjson (one ' +
            'line per row with its `sheet`). Streamed as it is written. Dates are in the profile time zone: Excel ' +
            'dates in xlsx, ISO-8601 with the offset elsewhere. A session counts in the range it started in. ' +
            '`events` adds the raw log of the range.',
          params: profileParams,
          querystring: exportQuery,
          response: {
            200: {
              description: 'The export, as an attachment',
              content: {
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': binary('xlsx workbook'),
                'application/zip': binary('one CSV file per sheet'),
                'application/json': {
                  schema: z
                    .object({
                      profile: z.string(),
                      from: z.string(),
                      to: z.string(),
                      time_zone: z.string(),
                      resolution: z.enum(EXPORT_RESOLUTIONS),
                      generated_at: z.string(),
                      sheets: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
                    })
                    .meta({ id: 'ExportDocument' }),
                },
                'application/x-ndjson': binary('one JSON object per row'),
              },
            },
            ...errorResponses(404, 503),
          },
        },
      },
      async (req, reply) => {
        const download = await exports.start(req.params.profile, inputOf(req.query));
        return (
          reply
            .header('content-disposition', attachment(download.filename))
            .header('cache-control', 'no-store')
            .type(download.contentType)
            // A stream: Fastify pipes it out as it is written (the schemas type only whole bodies).
            .send(download.body as never)
        );
      },
    );

    app.get(
      '/profiles/:profile/export/estimate',
      {
        config: { access: READ },
        schema: {
          tags,
          summary: 'About how many rows each sheet of an export of the range holds (for progress)',
          params: profileParams,
          querystring: z.object(rangeQuery),
          response: { 200: estimateSchema, ...errorResponses(404, 503) },
        },
      },
      (req) => exports.estimate(req.params.profile, inputOf(req.query)),
    );
    return Promise.resolve();
  };
