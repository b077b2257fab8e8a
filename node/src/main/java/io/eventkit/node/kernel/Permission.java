package io.eventkit.node.kernel;

/**
 * What a caller may do: the {@code eventkit.v1.Permission} enum of access.proto without its prefix
 * and without UNSPECIFIED, in the same order (kernel code does not see generated proto types;
 * {@code PermissionMirrorTest} keeps the two equal). Which role holds which permission is in
 * identity's {@code identity.RolePermissions} and docs/access.md.
 */
public enum Permission {
  /** No credential needed; nobody "holds" it. */
  PUBLIC,
  SELF,
  INVENTORY_READ,
  INVENTORY_WRITE,
  PLANNING_READ,
  PLANNING_WRITE,
  SUBHIRE_READ,
  SUBHIRE_WRITE,
  TRUST_READ,
  TRUST_ADMIN,
  USERS_ADMIN,
  AUDIT_READ,
  SCAN,
  SCAN_OVERRIDE,
  STOCKTAKE_APPROVE,
  CRM_READ,
  CRM_WRITE,
  QUOTES_READ,
  QUOTES_WRITE,
  QUOTES_APPROVE,
  PRICING_ADMIN,
  CREW_READ,
  CREW_WRITE,
  CREW_RESPOND,
  CREW_MANAGE,
  TRANSPORT_READ,
  TRANSPORT_WRITE,
  REPORTS_READ,
  REPORTS_FINANCE,
  DATA_EXPORT,
  DATA_IMPORT,
  WEBHOOKS_ADMIN,
  TENANTS_ADMIN
}
