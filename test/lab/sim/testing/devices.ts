/** Test helper: devices for the simulator's tests, validated by the real profile schema. */
import { deviceSchema, type LabDevice } from '../../profile-schema.js';

export function device(fields: Record<string, unknown>): LabDevice {
  return deviceSchema.parse({
    truth: { maker: null, brand: null, covered: null, type: 'test' },
    ...fields,
  });
}

/** A log that tests can read back. */
export function memoryLog(): { lines: string[]; log: (m: string) => void } {
  const lines: string[] = [];
  return { lines, log: (m) => lines.push(m) };
}
