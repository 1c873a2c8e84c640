import { writeFileSync } from 'node:fs';
import { API_TYPES_FILE, renderApiTypes } from './api-types.js';

writeFileSync(API_TYPES_FILE, await renderApiTypes());
console.log('wrote web/src/api/openapi.gen.ts');
