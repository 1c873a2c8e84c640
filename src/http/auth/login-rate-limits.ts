import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Attempts per minute from one address, then at one name; past them, 429 with `Retry-After`. */
export const LOGIN_ATTEMPTS_PER_ADDRESS = 10;
export const LOGIN_ATTEMPTS_PER_NAME = 5;
export const LOGIN_WINDOW_MS = 60_000;

type Check = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * The limits in front of password checks, by address and by the name tried, so guessing does not
 * pay from many addresses at one name or from one address at many. An attempt made while limited
 * doubles the wait (the store's exponential backoff, see `installRateLimit`). Returns the
 * preHandler of a route that checks a password; `byName` only where the body names a user.
 */
export function loginRateLimits(app: FastifyInstance, options: { byName: boolean }) {
  const checks: Check[] = [
    app.createRateLimit({
      max: LOGIN_ATTEMPTS_PER_ADDRESS,
      timeWindow: LOGIN_WINDOW_MS,
      keyGenerator: (req) => `login-address:${req.ip}`,
    }),
  ];
  if (options.byName) {
    checks.push(
      app.createRateLimit({
        max: LOGIN_ATTEMPTS_PER_NAME,
        timeWindow: LOGIN_WINDOW_MS,
        keyGenerator: (req) => {
          const name = (req.body as { name?: unknown } | undefined)?.name;
          return `login-name:${typeof name === 'string' ? name.toLowerCase() : ''}`;
        },
      }),
    );
  }
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    for (const check of checks) {
      const limit = await check(req);
      if (limit.isAllowed || !limit.isExceeded) continue;
      // Narrowed: a refused check says when to come back.
      void reply.header('retry-after', String(limit.ttlInSeconds));
      throw Object.assign(new Error(`too many attempts; retry in ${limit.ttlInSeconds} s`), {
        statusCode: 429,
        code: 'RATE_LIMITED',
      });
    }
  };
}
