/** Bits a simulated Twitch viewer cheers, and how often (relative weights). */
export const CHEER_AMOUNTS: readonly { bits: number; weight: number }[] = [
  { bits: 1, weight: 20 },
  { bits: 50, weight: 25 },
  { bits: 100, weight: 30 },
  { bits: 500, weight: 15 },
  { bits: 1000, weight: 7 },
  { bits: 5000, weight: 3 },
];

/** Twitch subscription plans as IRC names them (`msg-param-sub-plan`), with relative weights. */
export const SUB_PLANS: readonly { plan: string; weight: number }[] = [
  { plan: 'Prime', weight: 30 },
  { plan: '1000', weight: 60 },
  { plan: '2000', weight: 7 },
  { plan: '3000', weight: 3 },
];

/** Chat lines a Twitch audience plausibly sends: no TikTok gifts in them. */
export const TWITCH_CHAT_TEXTS: readonly string[] = [
  'hi chat',
  'PogChamp',
  'KEKW',
  'LUL',
  'Kappa',
  'GG',
  'first time chatter, hello!',
  'what rank are you?',
  'W streamer',
  'that was clean',
  'raid hype!',
  'lurking from work',
  'monkaS',
  'how long have you been live?',
  'can we get some hype in chat',
  'good night from Berlin',
];
