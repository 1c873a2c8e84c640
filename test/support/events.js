export const T0 = Date.UTC(2026, 0, 10, 18, 0, 0);
/** Builds a normalised event with defaults a test can override. */
export function ev(partial) {
    return { stream: 'tiktok-a', at: T0, count: 1, value: 0, ...partial };
}
export const user = (n) => ({ id: `u${n}`, name: `user${n}` });
//# sourceMappingURL=events.js.map