/**
 * A barrier for the crash test, preloaded into a real `lanaudit` (node --import tsx --import <this>):
 * the process stops itself (SIGSTOP) just before the Inventory method named by
 * LANAUDIT_TEST_STOP_BEFORE first runs, so the test kills it at a point it knows instead of racing a phase
 * that may be over already. It patches the class the compiled CLI itself loads (the same dist module).
 */
const dist = new URL('../../dist/inventory/inventory.js', import.meta.url).href;
const { Inventory } = (await import(dist)) as typeof import('../../src/inventory/inventory.js');

const method = process.env['LANAUDIT_TEST_STOP_BEFORE'] ?? '';
const proto = Inventory.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
const original = proto[method];
if (typeof original !== 'function') throw new Error(`LANAUDIT_TEST_STOP_BEFORE: Inventory has no method "${method}"`);
proto[method] = function stopOnce(this: unknown, ...args: unknown[]) {
  proto[method] = original; // once: after SIGCONT the scan runs on as usual
  process.kill(process.pid, 'SIGSTOP');
  return original.apply(this, args);
};
