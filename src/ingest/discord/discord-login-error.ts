const TOKEN_REFUSED = 'Discord refused the bot token (wrong, or reset in the developer portal)';
/** Gateway close codes after which discord.js gives up (see the gateway's close event codes). */
const TOKEN_CLOSE_CODE = 4004;

/** A login that failed, or a connection Discord closed for good; `isTokenRefused` when the token is to blame. */
export class DiscordLoginError extends Error {
  override name = 'DiscordLoginError';
  constructor(
    message: string,
    readonly isTokenRefused: boolean,
  ) {
    super(message);
  }
}

/** The error of a gateway connection Discord closed with `code` (4004: the token was refused). */
export function closedFor(code: number): DiscordLoginError {
  return code === TOKEN_CLOSE_CODE
    ? new DiscordLoginError(TOKEN_REFUSED, true)
    : new DiscordLoginError(`Discord closed the gateway connection (code ${code})`, false);
}

/** What a failed `client.login` means: a refused token, or a Discord that could not be reached. */
export function loginError(err: unknown): DiscordLoginError {
  if (err instanceof DiscordLoginError) return err;
  const error = err instanceof Error ? err : new Error(String(err));
  const code = (error as { code?: unknown }).code;
  if (code === 'TokenInvalid' || error.message === 'Authentication failed') {
    return new DiscordLoginError(TOKEN_REFUSED, true);
  }
  return new DiscordLoginError(`could not log in to Discord: ${error.message}`, false);
}
