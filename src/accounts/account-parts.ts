import type { ApiKeyService } from '../profiles/api-key.service.js';
import type { StoreEngine } from '../store/ports.js';
import { AccessService, type OverlayTokenCheck } from './access.service.js';
import { AccountService, type SessionLimits } from './account.service.js';
import { AuditService } from './audit.service.js';
import { FirstRunService } from './first-run.service.js';
import { PasswordHasher } from './password-hasher.js';

/** Users and their logins. */
export interface AccountParts {
  accounts: AccountService;
  firstRun: FirstRunService;
  audit: AuditService;
  access: AccessService;
}

export function createAccountParts(
  engine: StoreEngine,
  sessions: SessionLimits,
  apiKeys: ApiKeyService,
  overlayTokens: OverlayTokenCheck,
): AccountParts {
  const accounts = new AccountService(engine.accounts, new PasswordHasher(), sessions);
  return {
    accounts,
    firstRun: new FirstRunService(accounts),
    audit: new AuditService(engine.audit),
    access: new AccessService(accounts, apiKeys, overlayTokens),
  };
}
