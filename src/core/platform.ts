/** Platforms a stream can live on; `custom` is for anything pushed through the API. */
export const PLATFORMS = ['tiktok', 'twitch', 'youtube', 'custom'] as const;
export type Platform = (typeof PLATFORMS)[number];
