import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';

export type { SchemaEngine };

const require = createRequire(import.meta.url);
let initialized: Promise<void> | undefined;

/**
 * Instantiates Prisma's WebAssembly schema engine once per process.
 *
 * The package's main entry imports its `.wasm` file directly, which Node 20 cannot do, so we
 * compile the binary ourselves and hand it to the wasm-bindgen glue. The glue keeps the
 * instance in module state, hence the once-only promise.
 */
function initializeWasm(): Promise<void> {
  initialized ??= (async () => {
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmPath = gluePath.replace(/\.js$/, '.wasm');
    const module = await WebAssembly.compile(await readFile(wasmPath));
    const instance = await WebAssembly.instantiate(module, {
      './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start(): void };
    glue.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return initialized;
}

/**
 * Opens a schema engine on the database the adapter factory connects to.
 *
 * The engine holds its own connection (SQLite answers `SQLITE_BUSY` to others meanwhile), so
 * callers must `free()` it before opening the application's client; prefer `withSchemaEngine`.
 */
export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  datamodel: { path: string; content: string },
  log: (message: string) => void = () => {},
): Promise<SchemaEngine> {
  await initializeWasm();
  // Unwrapped, the engine calls the factory's methods without `this` and fails.
  const boundFactory = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  return glue.SchemaEngine.new(
    { datamodels: [[datamodel.path, datamodel.content]] },
    log,
    boundFactory,
  ) as Promise<SchemaEngine>;
}

/** Runs `work` with a schema engine and always releases the engine's connection after. */
export async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  datamodel: { path: string; content: string },
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  // `free()` does not close the connections the engine opened, and an open SQLite connection
  // left behind keeps the file locked; so every connection is tracked and disposed here.
  const opened: SqlDriverAdapter[] = [];
  const track = async (connect: () => Promise<SqlDriverAdapter>) => {
    const adapter = await connect();
    opened.push(adapter);
    return adapter;
  };
  const trackingFactory: SqlMigrationAwareDriverAdapterFactory = {
    provider: adapterFactory.provider,
    adapterName: adapterFactory.adapterName,
    connect: () => track(() => adapterFactory.connect()),
    connectToShadowDb: () => track(() => adapterFactory.connectToShadowDb()),
  };
  const engine = await openSchemaEngine(trackingFactory, datamodel);
  try {
    return await work(engine);
  } finally {
    engine.free();
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
  }
}
