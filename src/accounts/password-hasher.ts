import argon2 from 'argon2';

/**
 * argon2id with OWASP's first recommended setting: 19 MiB of memory, 2 passes, 1 lane
 * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id).
 */
export const OWASP_ARGON2ID = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export type Argon2Parameters = { memoryCost: number; timeCost: number; parallelism: number };

export interface PasswordCheck {
  ok: boolean;
  /** The hash was made with other parameters than today's: store a new one. */
  needsRehash: boolean;
}

/** Hashes and checks passwords; the hash is a PHC string that names its own parameters. */
export class PasswordHasher {
  /** Checked against when there is no user, so that an unknown name costs what a known one does. */
  private dummy: Promise<string> | null = null;

  constructor(private readonly parameters: Argon2Parameters = OWASP_ARGON2ID) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.parameters });
  }

  async verify(hash: string, password: string): Promise<PasswordCheck> {
    const ok = await argon2.verify(hash, password).catch(() => false);
    return { ok, needsRehash: ok && argon2.needsRehash(hash, this.parameters) };
  }

  /** Spends the time of a check and answers no. */
  async verifyNothing(password: string): Promise<PasswordCheck> {
    this.dummy ??= this.hash('no user has this password');
    await argon2.verify(await this.dummy, password).catch(() => false);
    return { ok: false, needsRehash: false };
  }
}
