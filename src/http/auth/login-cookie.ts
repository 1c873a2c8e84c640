import { fastifyCookie } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The cookie holding a login's token: HttpOnly, SameSite=Lax, Secure when served over TLS. */
export const LOGIN_COOKIE = 'sp_session';

/** The login token a request carries, if any. */
export function loginToken(req: FastifyRequest): string | null {
  const token = req.cookies[LOGIN_COOKIE];
  return typeof token === 'string' && token.length > 0 ? token : null;
}

/** The login token in a `Cookie` header (a socket's upgrade request), if any. */
export function loginTokenOfCookies(header: string | undefined): string | null {
  const token = typeof header === 'string' ? fastifyCookie.parse(header)[LOGIN_COOKIE] : undefined;
  return typeof token === 'string' && token.length > 0 ? token : null;
}

export function setLoginCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeMs: number,
): void {
  void reply.setCookie(LOGIN_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearLoginCookie(req: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(LOGIN_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
  });
}

/** Where a login comes from: the client's User-Agent and address. */
export function loginClient(req: FastifyRequest): { device: string; address: string } {
  const agent = req.headers['user-agent'];
  return { device: typeof agent === 'string' && agent.length > 0 ? agent : 'unknown', address: req.ip };
}
