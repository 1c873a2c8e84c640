import type { paths } from '../../api/openapi.gen.js';

type KeysPath = paths['/api/profiles/{profile}/keys'];

/** A profile's API key as listed: never the key itself, only its last characters. */
export type ApiKey = KeysPath['get']['responses'][200]['content']['application/json']['keys'][number];

/** A key just created, with the key itself: the only answer that holds it. */
export type IssuedKey = KeysPath['post']['responses'][201]['content']['application/json'];

export type ApiKeyScope = ApiKey['scopes'][number];
