/** The one vocabulary of maker names (oui/vendors.json): one maker, one name, its aliases and covered entity. */
import type { EntityId } from '../verdict.js';
import type { VendorSpec } from './schema.js';

export interface Vendor {
  readonly name: string;
  readonly official: string;
  readonly aliases: readonly string[];
  readonly entity: EntityId | null;
  readonly parent?: string;
  readonly note?: string;
  /** 'module': a NIC/Wi-Fi/cellular module maker, never a device's maker or brand; 'os': a general-purpose OS maker (host-software.ts). */
  readonly role?: 'module' | 'os';
  /** An OEM relabeler of this covered entity's products: its label alone means review (relabel.ts). */
  readonly relabels?: { readonly entity: EntityId; readonly period?: string | undefined; readonly lines?: string | undefined; readonly source: string };
}

export interface Vocabulary {
  /** By exact vocabulary name. */
  get(name: string): Vendor | undefined;
  /** By name or alias, ignoring case and surrounding space ("HIKVISION", "Lechange"). */
  lookup(text: string): Vendor | undefined;
  readonly vendors: readonly Vendor[];
}

const key = (text: string): string => text.trim().toLowerCase();

/** Builds the vocabulary; returns problems (duplicate names or aliases, unknown parents) instead of throwing. */
export function buildVocabulary(specs: readonly VendorSpec[]): { vocabulary: Vocabulary; problems: string[] } {
  const problems: string[] = [];
  const byName = new Map<string, Vendor>();
  const byKey = new Map<string, Vendor>();
  for (const spec of specs) {
    const vendor: Vendor = {
      name: spec.name,
      official: spec.official,
      aliases: spec.aliases,
      entity: spec.entity,
      ...(spec.parent === undefined ? {} : { parent: spec.parent }),
      ...(spec.note === undefined ? {} : { note: spec.note }),
      ...(spec.role === undefined ? {} : { role: spec.role }),
      ...(spec.relabels === undefined ? {} : { relabels: spec.relabels }),
    };
    if (byName.has(spec.name)) problems.push(`${spec.name}: duplicate vendor name`);
    byName.set(spec.name, vendor);
    for (const text of [spec.name, spec.official, ...spec.aliases]) {
      const other = byKey.get(key(text));
      if (other !== undefined && other !== vendor) problems.push(`${spec.name}: "${text}" already names ${other.name}`);
      else byKey.set(key(text), vendor);
    }
  }
  for (const vendor of byName.values()) {
    if (vendor.parent !== undefined && !byName.has(vendor.parent)) {
      problems.push(`${vendor.name}: parent "${vendor.parent}" is not in the vocabulary`);
    }
  }
  const vendors = [...byName.values()];
  return {
    vocabulary: {
      get: (name) => byName.get(name),
      lookup: (text) => byKey.get(key(text)),
      vendors,
    },
    problems,
  };
}
