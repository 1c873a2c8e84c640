import { isOverlayKind, type OverlayKind } from '../../../src/core/overlay-kinds.js';

/** Options every overlay reads from its URL. */
export interface OverlayOptions {
  kind: OverlayKind | null;
  profile: string | null;
  token: string | null;
  theme: 'dark' | 'light';
  /** Accent colour (bars, highlights). */
  color: string;
  /** Text colour. */
  text: string;
  /** Background behind the overlay's boxes; the page itself stays transparent. */
  box: string;
  fontSize: number;
  params: URLSearchParams;
}

const THEMES = {
  dark: { text: '#ffffff', box: 'rgba(0,0,0,0.55)' },
  light: { text: '#111111', box: 'rgba(255,255,255,0.8)' },
};

/**
 * A colour from the URL: hex with or without `#` (`ff0066`, `#f06`), a CSS colour name, or
 * `transparent`. Anything else falls back, so a URL cannot inject CSS.
 */
export function parseColour(value: string | null, fallback: string): string {
  if (!value) return fallback;
  const v = value.trim();
  if (/^#?([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(v))
    return v.startsWith('#') ? v : `#${v}`;
  if (/^[a-z]{3,20}$/i.test(v)) return v.toLowerCase();
  return fallback;
}

/** A whole number from the URL within `[min, max]`, else `fallback`. */
export function parseInteger(value: string | null, fallback: number, min: number, max: number): number {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

/** A comma-separated list from the URL restricted to `allowed`, else `fallback`. */
export function parseList<T extends string>(value: string | null, allowed: readonly T[], fallback: T[]): T[] {
  if (!value) return fallback;
  const picked = value.split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
  return picked.length > 0 ? picked : fallback;
}

/** Reads an overlay's options from its location. */
export function readOverlayOptions(location: { pathname: string; search: string }): OverlayOptions {
  const params = new URLSearchParams(location.search);
  const kindName = /^\/overlay\/([\w-]+)/.exec(location.pathname)?.[1] ?? '';
  const kind = isOverlayKind(kindName) ? kindName : null;
  const theme = params.get('theme') === 'light' ? 'light' : 'dark';
  return {
    kind,
    profile: params.get('profile'),
    token: params.get('token'),
    theme,
    color: parseColour(params.get('color'), '#4f8cff'),
    text: parseColour(params.get('text'), THEMES[theme].text),
    box: parseColour(params.get('box'), THEMES[theme].box),
    fontSize: parseInteger(params.get('font'), 28, 8, 200),
    params,
  };
}
