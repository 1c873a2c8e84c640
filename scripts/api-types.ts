import { readFileSync } from 'node:fs';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';

/** Where the web app's API types live; committed, so `tsc -p web` works on a fresh clone. */
export const API_TYPES_FILE = new URL('../web/src/api/openapi.gen.ts', import.meta.url);

/**
 * Renders the web app's API types from the committed `openapi.json`: `paths` for the typed
 * client, and each component schema as a type of its own (`Session`, `GoalProgress`, …).
 */
export async function renderApiTypes(): Promise<string> {
  const document = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as OpenAPI3;
  const ast = await openapiTS(document, { rootTypes: true, rootTypesNoSchemaPrefix: true });
  return `${COMMENT_HEADER}// From openapi.json by \`npm run openapi\` (and \`npm run build:web\`).\n\n${astToString(ast)}`;
}
