/**
 * A change in a device's state that may deserve an alert when the device is covered. Change
 * tracking and triage produce them; alerts decide and deliver.
 */
export const ALERT_REASONS = ['new', 'reappeared', 'removed-reappeared', 'waiver-expired', 'newly-flagged'] as const;
export type AlertReason = (typeof ALERT_REASONS)[number];

export interface StateChange {
  readonly deviceId: number;
  readonly reason: AlertReason;
  /** The event or triage decision that is the change ("event:12", "triage:3"): alerts are once per version. */
  readonly stateVersion: string;
}
