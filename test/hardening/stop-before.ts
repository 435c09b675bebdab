/**
 * A barrier for the crash test, preloaded into a real `lanaudit` (node --import tsx --import <this>):
 * the process stops itself (SIGSTOP) just before the inventory method named by
 * LANAUDIT_TEST_STOP_BEFORE ("ObservationLog.record", "ScanLock.finish") first runs, so the test kills
 * it at a point it knows instead of racing a phase that may be over already. It patches the class
 * the compiled CLI itself loads (the same dist module).
 */
const MODULES: Record<string, string> = { ScanLock: 'scan-lock', ObservationLog: 'observation-log', VerdictStore: 'verdict-store' };

const [className = '', method = ''] = (process.env['LANAUDIT_TEST_STOP_BEFORE'] ?? '').split('.');
const module = MODULES[className];
if (module === undefined) throw new Error(`LANAUDIT_TEST_STOP_BEFORE: no inventory class "${className}"`);
const exports = (await import(new URL(`../../dist/inventory/${module}.js`, import.meta.url).href)) as Record<string, { prototype: unknown }>;
const proto = exports[className]?.prototype as Record<string, (...args: unknown[]) => unknown> | undefined;
const original = proto?.[method];
if (proto === undefined || typeof original !== 'function') throw new Error(`LANAUDIT_TEST_STOP_BEFORE: ${className} has no method "${method}"`);
proto[method] = function stopOnce(this: unknown, ...args: unknown[]) {
  proto[method] = original; // once: after SIGCONT the scan runs on as usual
  process.kill(process.pid, 'SIGSTOP');
  return original.apply(this, args);
};
