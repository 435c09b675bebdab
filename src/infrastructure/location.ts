/**
 * A device's place on the network as a 'location' observation's value: JSON with fixed keys in a
 * fixed order, so an unchanged place is the same fact, byte for byte, every scan.
 */
import type { Confidence, Placement } from './place-devices.js';

export function encodeLocation(p: Placement): string {
  return JSON.stringify({ switch: p.switchName, address: p.switchAddress, port: p.port, alias: p.portAlias, vlan: p.vlan, confidence: p.confidence });
}

const CONFIDENCES: readonly string[] = ['high', 'medium', 'low'] satisfies Confidence[];

/** The placement a stored value holds, or null when it is not one (an imported or older value). */
export function decodeLocation(value: string): Placement | null {
  let v: unknown;
  try {
    v = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' ? x : null);
  const [switchName, switchAddress, port, portAlias] = [str(o['switch']), str(o['address']), str(o['port']), str(o['alias'])];
  const vlan = typeof o['vlan'] === 'number' && Number.isInteger(o['vlan']) ? o['vlan'] : null;
  const confidence = str(o['confidence']);
  if (switchName === null || switchAddress === null || port === null || portAlias === null || confidence === null || !CONFIDENCES.includes(confidence)) return null;
  return { switchName, switchAddress, port, portAlias, vlan, confidence: confidence as Confidence };
}

/** "core-sw (10.1.0.3) Gi1/0/5 "Lobby camera" VLAN 20, high confidence": one line for terminals and reports (escape per output). */
export function describeLocation(p: Placement): string {
  const sw = p.switchName ? `${p.switchName} (${p.switchAddress})` : p.switchAddress;
  return `${sw} ${p.port}${p.portAlias ? ` "${p.portAlias}"` : ''}${p.vlan !== null ? ` VLAN ${p.vlan}` : ''}, ${p.confidence} confidence`;
}
