// Writes manifest.schema.json from the zod schema; a test fails when the checked-in file is stale.
import { writeFileSync } from 'node:fs';
import { manifestJsonSchemaText } from '../src/manifest/json-schema.ts';

writeFileSync(new URL('../manifest.schema.json', import.meta.url), manifestJsonSchemaText());
process.stdout.write('wrote manifest.schema.json\n');
