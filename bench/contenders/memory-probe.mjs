// Loaded into every benchmarked server (`node --expose-gc --import …`). On SIGUSR2 it collects
// garbage and writes `process.memoryUsage()` to the file `memoryReportPath(pid)` names, so that
// the idle scenario compares what connections retain rather than garbage that a lazy collector
// has not reclaimed yet (which made B look three times heavier than it is).
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (typeof globalThis.gc === 'function') {
  process.on('SIGUSR2', () => {
    globalThis.gc();
    globalThis.gc();
    // Let the sweeper hand freed pages back before RSS is read.
    setTimeout(() => {
      const file = join(tmpdir(), `bench-memory-${process.pid}.json`);
      writeFileSync(file, JSON.stringify(process.memoryUsage()));
    }, 500);
  });
}
