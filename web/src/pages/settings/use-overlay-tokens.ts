import { useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import type { IssuedOverlayToken, OverlayToken } from '../../api/openapi.gen.js';
import { useApi } from '../../app/use-api.js';
import type { OverlayKind } from '../../../../src/core/overlay-kinds.js';

export interface OverlayTokens {
  /** The profile's tokens, without their secrets. */
  list: OverlayToken[];
  loadError: string | null;
  /** The last change that failed. */
  error: unknown;
  /** A token whose secret this page holds (made or rotated here) for `kind`: one for it, else one for any overlay. */
  heldFor(kind: OverlayKind): IssuedOverlayToken | null;
  create(name: string, overlay: OverlayKind): void;
  rotate(token: OverlayToken): void;
  revoke(token: OverlayToken): void;
}

/**
 * A profile's overlay tokens, and the secrets of those made or rotated on this page: the server
 * shows a secret once, so a token made before can be put in a link again only by rotating it.
 */
export function useOverlayTokens(profile: string): OverlayTokens {
  const tokens = useApi(profile, (signal) =>
    unwrap(api.GET('/api/profiles/{profile}/overlay-tokens', { params: { path: { profile } }, signal })),
  );
  const [held, setHeld] = useState<{ profile: string; tokens: IssuedOverlayToken[] }>({
    profile,
    tokens: [],
  });
  const [error, setError] = useState<unknown>(null);
  const heldNow = held.profile === profile ? held.tokens : [];
  const hold = (issued: IssuedOverlayToken): void => {
    setHeld({ profile, tokens: [issued, ...heldNow.filter((t) => t.id !== issued.id)] });
    setError(null);
    tokens.reload();
  };
  const path = (token: OverlayToken) => ({ params: { path: { profile, id: token.id } } });
  return {
    list: tokens.data?.tokens ?? [],
    loadError: tokens.error,
    error,
    heldFor: (kind) =>
      heldNow.find((t) => t.overlay === kind) ?? heldNow.find((t) => t.overlay === null) ?? null,
    create(name, overlay) {
      const body = { name, overlay };
      unwrap(
        api.POST('/api/profiles/{profile}/overlay-tokens', { params: { path: { profile } }, body }),
      ).then(hold, setError);
    },
    rotate(token) {
      unwrap(api.POST('/api/profiles/{profile}/overlay-tokens/{id}/rotate', path(token))).then(
        hold,
        setError,
      );
    },
    revoke(token) {
      unwrap(api.DELETE('/api/profiles/{profile}/overlay-tokens/{id}', path(token))).then(() => {
        setHeld({ profile, tokens: heldNow.filter((t) => t.id !== token.id) });
        setError(null);
        tokens.reload();
      }, setError);
    },
  };
}
