/** What one profile used on one UTC day (`day` is `YYYY-MM-DD`). */
export interface UsageDay {
  profile: string;
  day: string;
  /** Events stored. */
  events: number;
  /** Their size as stored, roughly: text, data and a fixed part per event. */
  bytes: number;
  /** API requests naming the profile. */
  requests: number;
  /** Clips collected for the profile. */
  clips: number;
}

/** Daily usage per profile; counts only grow (instances add what they counted). */
export interface UsageStore {
  /** Adds the counts to the stored ones; rows of profiles that no longer exist are left out. */
  addUsage(rows: readonly UsageDay[]): Promise<void>;
  /** The days `from <= day <= to` with any use, in order. */
  listUsage(profile: string, from: string, to: string): Promise<UsageDay[]>;
}
