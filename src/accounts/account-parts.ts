import type { ApiKeyService } from '../profiles/api-key.service.js';
import type { ProfileService } from '../profiles/profile.service.js';
import type { StoreEngine } from '../store/ports.js';
import { AccessService, type OverlayTokenCheck } from './access.service.js';
import { AccountService, type SessionLimits } from './account.service.js';
import { AuditService } from './audit.service.js';
import { FirstRunService } from './first-run.service.js';
import { MembershipService } from './membership.service.js';
import { PasswordHasher } from './password-hasher.js';
import { ProfileCreationService } from './profile-creation.service.js';
import { UserAdminService } from './user-admin.service.js';

/** Users and their logins. */
export interface AccountParts {
  accounts: AccountService;
  firstRun: FirstRunService;
  audit: AuditService;
  access: AccessService;
  users: UserAdminService;
  members: MembershipService;
  profileCreation: ProfileCreationService;
}

/** Who may create profiles, and where they are created. */
export interface ProfileCreationPolicy {
  profiles: ProfileService;
  /** Profiles a user who is not an admin may create (and own); 0: only admins create profiles. */
  profilesPerUser: number;
}

export function createAccountParts(
  engine: StoreEngine,
  sessions: SessionLimits,
  tokens: { apiKeys: ApiKeyService; overlayTokens: OverlayTokenCheck },
  creation: ProfileCreationPolicy,
): AccountParts {
  const accounts = new AccountService(engine.accounts, new PasswordHasher(), sessions);
  return {
    accounts,
    firstRun: new FirstRunService(accounts),
    audit: new AuditService(engine.audit),
    access: new AccessService(accounts, tokens.apiKeys, tokens.overlayTokens),
    users: new UserAdminService(accounts),
    members: new MembershipService(accounts, creation.profiles),
    profileCreation: new ProfileCreationService(accounts, creation.profiles, creation.profilesPerUser),
  };
}
