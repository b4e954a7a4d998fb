// `npm run db:migrate`: applies pending migrations to DATABASE_URL (the server also does this
// at every start).
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';

const config = loadConfig();
const database = await openDatabase(config.databaseUrl);
await database.close();
const applied = database.appliedMigrations;
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date.');
