/**
 * The shape of the fingerprint knowledge in oui/: the vendor vocabulary (oui/vendors.json) and
 * one rule file per observation kind (oui/rules/<kind>.json). Checked with zod when loaded so a
 * bad edit is reported by file and rule id instead of failing at match time.
 */
import { z } from 'zod';
import { ENTITY_IDS } from '../verdict.js';

export const entityId = z.enum(ENTITY_IDS);

export const vendorSchema = z
  .object({
    /** The one display name used everywhere ("Hikvision"). */
    name: z.string().min(1),
    /** Legal or registrant name, for reports. */
    official: z.string().min(1),
    /** Other spellings and brands a device may print; matched case-insensitively by lookups. */
    aliases: z.array(z.string().min(1)).default([]),
    /** The covered entity this maker belongs to (subsidiary, brand), or null. */
    entity: entityId.nullable(),
    /** The maker it belongs to when it is a brand or subsidiary, by vocabulary name. */
    parent: z.string().min(1).optional(),
    /** Why it is (or is not) tied to a covered entity, with the source. */
    note: z.string().min(1).optional(),
    /**
     * 'module': a maker of NICs, Wi-Fi or cellular modules whose MAC prefixes sit inside other
     * makers' devices: its registrant names neither the device's maker nor its brand.
     * 'os': the maker of a general-purpose operating system (Windows, macOS): when the firmware
     * says the device runs it, a covered maker named in its text is software on a host
     * (identify/host-software.ts).
     */
    role: z.enum(['module', 'os']).optional(),
    /**
     * An OEM relabeler: a brand known to sell a covered entity's products for many models, though
     * not all (some lines are declared compliant). Its label alone sends a device to review, never
     * flags it; the device's own firmware voice decides (identify/relabel.ts).
     */
    relabels: z
      .object({
        entity: entityId,
        /** When the brand sold the entity's products, when the sources bound it ("2018 to 2022-11"). */
        period: z.string().min(1).optional(),
        /**
         * Only these model lines (the brand's grammars in families.json) are the entity's: the brand
         * also sells others' products under its name (TRENDnet switches, Intelbras routers), so its
         * name alone ties nothing to the entity.
         */
        lines: z.string().min(1).optional(),
        source: z.string().min(1),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((v) => v.relabels === undefined || v.entity === null, { message: 'a relabeler is no covered entity of its own (entity must be null)' });

export const vendorsFileSchema = z
  .object({
    $comment: z.string().optional(),
    vendors: z.array(vendorSchema).min(1),
  })
  .strict();

const captureIndex = z.number().int().min(1).max(9);

export const capturesSchema = z
  .object({
    model: captureIndex.optional(),
    firmware: captureIndex.optional(),
    serial: captureIndex.optional(),
    deviceType: captureIndex.optional(),
    /** The label the device carries in its own words (ONVIF name, UPnP manufacturer); percent-decoded. */
    brand: captureIndex.optional(),
  })
  .strict();

/** What a rule must extract from one of its examples; absent keys must extract nothing. */
export const expectSchema = z
  .object({
    model: z.string().optional(),
    firmware: z.string().optional(),
    serial: z.string().optional(),
    deviceType: z.string().optional(),
    brand: z.string().optional(),
  })
  .strict();

export const exampleSchema = z
  .object({
    value: z.string(),
    expect: expectSchema.default({}),
    /** Where the string was seen: a facts-sheet section or a public fingerprint database entry. */
    source: z.string().min(1),
  })
  .strict();

export const counterExampleSchema = z
  .object({
    value: z.string(),
    source: z.string().min(1).optional(),
  })
  .strict();

export const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:\.[a-z0-9]+)*\.[a-z0-9-]+\.[a-z0-9-]+$/, 'id must be <kind>.<vendor>.<what> in lower case'),
    pattern: z.string().min(1),
    /** JavaScript RegExp flags; only the ones that change meaning (no g/y: matching is stateless). */
    flags: z.string().regex(/^[imsu]*$/, 'flags may only use i, m, s, u').default(''),
    description: z.string().min(1),
    /** What the evidence behind the rule lacks (no real capture found, a prefix rather than a full value), said plainly. */
    note: z.string().min(1).optional(),
    certainty: z.number().min(0).max(1),
    voice: z.enum(['label', 'firmware']),
    /** A name from oui/vendors.json, or null for a generic banner that names no maker. */
    vendor: z.string().min(1).nullable(),
    /** Overrides the entity derived from the vendor (e.g. HiSilicon-SoC DVRs point at Huawei only for review). */
    entity: entityId.nullable().optional(),
    /** 'review': this match alone may at most send a device to review, never flag it. */
    ceiling: z.literal('review').optional(),
    /** A fixed device type ("IP camera", "router") when the rule knows it. */
    deviceType: z.string().min(1).optional(),
    captures: capturesSchema.default({}),
    /** The captured brand counts only when the vocabulary knows it (a one-word ONVIF name may be "Lobby"). */
    brandKnownOnly: z.literal(true).optional(),
    examples: z.array(exampleSchema).min(1).max(20),
    counterExamples: z.array(counterExampleSchema).default([]),
  })
  .strict();

export const ruleFileSchema = z
  .object({
    $comment: z.string().optional(),
    kind: z.string().min(1),
    rules: z.array(ruleSchema).min(1),
  })
  .strict();

export type VendorSpec = z.infer<typeof vendorSchema>;
export type VendorsFile = z.infer<typeof vendorsFileSchema>;
export type RuleSpec = z.infer<typeof ruleSchema>;
export type RuleFile = z.infer<typeof ruleFileSchema>;
export type Captures = z.infer<typeof capturesSchema>;
export type Expect = z.infer<typeof expectSchema>;
