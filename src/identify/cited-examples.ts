/**
 * Schema pieces the knowledge files of oui/ share (families.json, mentions.json, versions.json): the
 * observation kind an example is given as, and a counter-example, a real string that must not be read,
 * with where it was seen.
 */
import { z } from 'zod';
import { OBSERVATION_KINDS } from '../observations/observation.js';

export const observationKind = z.enum(OBSERVATION_KINDS);

export const kindedCounterExample = z.object({ kind: observationKind, value: z.string().min(1), source: z.string().min(1) }).strict();
