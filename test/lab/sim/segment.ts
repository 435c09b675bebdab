import type { LabDevice, LabProfile } from '../profile-schema.js';

/** The devices a segment's simulator serves (a device without `segment` is on the first one). */
export function devicesOfSegment(profile: LabProfile, segment: string): LabDevice[] {
  if (!profile.segments.some((s) => s.name === segment)) throw new Error(`profile ${profile.name} has no segment ${segment}`);
  const first = profile.segments[0]?.name;
  return profile.devices.filter((d) => (d.segment ?? first) === segment);
}
