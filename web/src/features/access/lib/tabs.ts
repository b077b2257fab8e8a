/** The Settings screen's tabs, as `?tab=` names them (kept apart from the screen: the route's search check loads with the first page). */
export const SETTINGS_TABS = ["users", "roles", "keys", "audit"] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];
