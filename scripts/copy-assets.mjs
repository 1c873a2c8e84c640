// Copies the SQL migrations next to the compiled store code (tsc copies only .ts output).
import { cpSync } from 'node:fs';

cpSync('src/store/sqlite/migrations', 'dist/store/sqlite/migrations', { recursive: true });
cpSync('src/store/postgres/migrations', 'dist/store/postgres/migrations', { recursive: true });
