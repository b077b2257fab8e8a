import {
  EmailDigest,
  NotificationChannel,
  type EventType,
  type EventTypePreference,
  type NotificationPreferences,
  type UpdateNotificationPreferencesRequest,
} from "../../../gen/eventkit/v1/notifications_pb";

/** The channels the matrix shows, in its column order. */
export const CHANNELS = [NotificationChannel.IN_APP, NotificationChannel.EMAIL, NotificationChannel.WEB_PUSH] as const;
export type Channel = (typeof CHANNELS)[number];

export interface PrefRow {
  eventType: string;
  description: string;
  channels: ReadonlySet<Channel>;
  /** The role's defaults (ListEventTypes), what "Reset" goes back to. */
  defaults: ReadonlySet<Channel>;
  /** The caller chose these channels (false: the defaults apply). */
  customised: boolean;
  /** Changed on screen, not saved yet. */
  dirty: boolean;
  /** "Reset to defaults" pressed, not saved yet. */
  reset: boolean;
}

export interface PrefMatrix {
  rows: PrefRow[];
  digest: EmailDigest;
  digestDirty: boolean;
}

const channelSet = (cs: readonly NotificationChannel[]): Set<Channel> =>
  new Set(cs.filter((c): c is Channel => (CHANNELS as readonly NotificationChannel[]).includes(c)));

const sameSet = (a: ReadonlySet<Channel>, b: ReadonlySet<Channel>) => a.size === b.size && [...a].every((c) => b.has(c));

/**
 * The matrix from the caller's preferences (GetNotificationPreferences: every type the caller may
 * receive) and the catalogue (descriptions and defaults); the rows follow the preferences' types,
 * in catalogue order, unknown ones last.
 */
export function buildMatrix(prefs: NotificationPreferences, catalogue: readonly EventType[]): PrefMatrix {
  const byName = new Map(catalogue.map((t) => [t.name, t]));
  const order = new Map(catalogue.map((t, i) => [t.name, i]));
  const rows = prefs.preferences
    .map((p: EventTypePreference): PrefRow => {
      const t = byName.get(p.eventType);
      return {
        eventType: p.eventType,
        description: t?.description ?? "",
        channels: channelSet(p.channels),
        defaults: channelSet(t?.defaultChannels ?? []),
        customised: p.customised,
        dirty: false,
        reset: false,
      };
    })
    .sort((a, b) => (order.get(a.eventType) ?? Infinity) - (order.get(b.eventType) ?? Infinity));
  const digest = prefs.emailDigest === EmailDigest.UNSPECIFIED ? EmailDigest.IMMEDIATE : prefs.emailDigest;
  return { rows, digest, digestDirty: false };
}

function updateRow(m: PrefMatrix, eventType: string, f: (r: PrefRow) => PrefRow): PrefMatrix {
  return { ...m, rows: m.rows.map((r) => (r.eventType === eventType ? f(r) : r)) };
}

/** Turns one channel of one type on or off. */
export function toggle(m: PrefMatrix, eventType: string, channel: Channel, on: boolean): PrefMatrix {
  return updateRow(m, eventType, (r) => {
    const channels = new Set(r.channels);
    if (on) channels.add(channel);
    else channels.delete(channel);
    return { ...r, channels, dirty: true, reset: false };
  });
}

/** Back to the role's defaults for one type (saved as a reset, so later default changes apply). */
export function resetRow(m: PrefMatrix, eventType: string): PrefMatrix {
  return updateRow(m, eventType, (r) => ({ ...r, channels: new Set(r.defaults), dirty: true, reset: true }));
}

export function setDigest(m: PrefMatrix, digest: EmailDigest): PrefMatrix {
  return { ...m, digest, digestDirty: true };
}

export function isDirty(m: PrefMatrix): boolean {
  return m.digestDirty || m.rows.some((r) => r.dirty);
}

/** Whether "Reset" has anything to do for a row. */
export function canReset(r: PrefRow): boolean {
  return !r.reset && (r.customised || !sameSet(r.channels, r.defaults));
}

/**
 * The update that saves what changed: changed rows' channels, reset rows as reset_event_types,
 * the digest only when changed. Untouched rows are not sent (the node keeps theirs).
 */
export function toUpdate(m: PrefMatrix): Pick<UpdateNotificationPreferencesRequest, "resetEventTypes" | "emailDigest"> & {
  preferences: { eventType: string; channels: Channel[] }[];
} {
  const changed = m.rows.filter((r) => r.dirty);
  return {
    preferences: changed.filter((r) => !r.reset).map((r) => ({ eventType: r.eventType, channels: CHANNELS.filter((c) => r.channels.has(c)) })),
    resetEventTypes: changed.filter((r) => r.reset).map((r) => r.eventType),
    emailDigest: m.digestDirty ? m.digest : EmailDigest.UNSPECIFIED,
  };
}
