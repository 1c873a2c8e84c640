import type { StoreEngine } from '../store/ports.js';
import { AccountService, type SessionLimits } from './account.service.js';
import { AuditService } from './audit.service.js';
import { FirstRunService } from './first-run.service.js';
import { PasswordHasher } from './password-hasher.js';

/** Users and their logins. */
export interface AccountParts {
  accounts: AccountService;
  firstRun: FirstRunService;
  audit: AuditService;
}

export function createAccountParts(engine: StoreEngine, sessions: SessionLimits): AccountParts {
  const accounts = new AccountService(engine.accounts, new PasswordHasher(), sessions);
  return { accounts, firstRun: new FirstRunService(accounts), audit: new AuditService(engine.audit) };
}
