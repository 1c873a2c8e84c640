/** A clip's game as shown: clips without one are grouped under "(no game)". */
export const gameLabel = (name: string): string => (name === '' ? '(no game)' : name);
