import { writeFileSync } from 'node:fs';
import { renderOpenApiDocument } from './openapi-document.js';

writeFileSync(new URL('../openapi.json', import.meta.url), await renderOpenApiDocument());
console.log('wrote openapi.json');
