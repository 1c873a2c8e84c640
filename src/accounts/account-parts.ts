import type { StoreEngine } from '../store/ports.js';
import { AccountService, type SessionLimits } from './account.service.js';
import { PasswordHasher } from './password-hasher.js';

/** Users and their logins. */
export interface AccountParts {
  accounts: AccountService;
}

export function createAccountParts(engine: StoreEngine, sessions: SessionLimits): AccountParts {
  return { accounts: new AccountService(engine.accounts, new PasswordHasher(), sessions) };
}
