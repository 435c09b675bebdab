import { XMLParser } from 'fast-xml-parser';

/**
 * XML from devices is hostile: entities are never expanded (billion laughs, external entities),
 * namespaces are dropped so `d:Scopes` and `Scopes` read alike, and every value stays a string.
 */
const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

export type XmlNode = string | { readonly [name: string]: XmlNode | readonly XmlNode[] };

// No device protocol we read (SADP, WS-Discovery, UPnP descriptions) carries a DTD: one that does is
// hostile (entity bombs, external entities), and leaving its references unexpanded would still store
// the attacker's document as if it were a device's answer. Such a document is refused as a whole.
const DOCTYPE = /<!DOCTYPE/i;

/** Parses or returns null (also for any document with a DOCTYPE); never throws on bad input. */
export function parseXml(text: string): Record<string, unknown> | null {
  if (DOCTYPE.test(text)) return null;
  try {
    const doc: unknown = parser.parse(text);
    return doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Finds the first element named `name` (case-insensitive) anywhere below `node`, depth-bounded. */
export function findElement(node: unknown, name: string, depth = 12): unknown {
  if (depth < 0 || !node || typeof node !== 'object') return undefined;
  const want = name.toLowerCase();
  for (const [key, value] of Object.entries(node)) {
    if (key.toLowerCase() === want) return Array.isArray(value) ? value[0] : value;
  }
  for (const value of Object.values(node)) {
    const found = findElement(Array.isArray(value) ? value[0] : value, name, depth - 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Text of the first element named `name`, or null when absent or not text. */
export function elementText(node: unknown, name: string): string | null {
  const el = findElement(node, name);
  if (typeof el === 'string') return el;
  if (typeof el === 'number' || typeof el === 'boolean') return String(el);
  return null;
}
