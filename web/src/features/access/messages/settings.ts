/** The Settings screen's own texts (its tabs bring theirs). */
export const settingsEn = {
  "settings.title": "Settings",
  "settings.needPermission": "Settings need the Users admin or the Audit read permission.",
  "settings.tab.users": "Users",
  "settings.tab.roles": "Roles",
  "settings.tab.keys": "API keys",
  "settings.tab.audit": "Sign-in log",
};

export const settingsDe: Record<keyof typeof settingsEn, string> = {
  "settings.title": "Einstellungen",
  "settings.needPermission": "Für die Einstellungen braucht es die Berechtigung „Benutzer verwalten“ oder „Protokoll lesen“.",
  "settings.tab.users": "Benutzer",
  "settings.tab.roles": "Rollen",
  "settings.tab.keys": "API-Schlüssel",
  "settings.tab.audit": "Anmeldeprotokoll",
};

export const settingsAr: Record<keyof typeof settingsEn, string> = {
  "settings.title": "الإعدادات",
  "settings.needPermission": "تتطلب الإعدادات صلاحية إدارة المستخدمين أو قراءة السجل.",
  "settings.tab.users": "المستخدمون",
  "settings.tab.roles": "الأدوار",
  "settings.tab.keys": "مفاتيح API",
  "settings.tab.audit": "سجل الدخول",
};

export const settingsMessages = { en: settingsEn, de: settingsDe, ar: settingsAr };
