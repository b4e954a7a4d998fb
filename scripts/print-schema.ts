// `npm run schema`: prints the Pothos schema to schema.graphql (checked in; a test fails when
// it is stale).
import { writeFileSync } from 'node:fs';
import { schemaSdl, schemaSdlPath } from '../src/schema/sdl.js';

writeFileSync(schemaSdlPath, schemaSdl());
console.log('Wrote schema.graphql');
