import { createTestApp } from '../test/support/test-server.js';

/** Renders the OpenAPI document of the current routes as stable, pretty JSON. */
export async function renderOpenApiDocument(): Promise<string> {
  const t = await createTestApp();
  try {
    await t.app.ready();
    const doc = t.app.swagger() as { info: { version: string } };
    doc.info.version = 'current';
    return `${JSON.stringify(doc, null, 2)}\n`;
  } finally {
    await t.close();
  }
}
