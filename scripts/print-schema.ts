// `npm run schema`: prints the Pothos schema to schema.graphql (client SDL) and
// schema.subgraph.graphql (federation subgraph SDL); both are checked in, and a test fails when
// either is stale.
import { writeFileSync } from 'node:fs';
import { schemaSdl, schemaSdlPath, subgraphSdl, subgraphSdlPath } from '../src/schema/sdl.js';

writeFileSync(schemaSdlPath, schemaSdl());
writeFileSync(subgraphSdlPath, subgraphSdl());
console.log('Wrote schema.graphql and schema.subgraph.graphql');
