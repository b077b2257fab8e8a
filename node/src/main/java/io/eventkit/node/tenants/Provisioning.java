package io.eventkit.node.tenants;

import io.eventkit.node.data.DataModule;
import io.eventkit.node.identity.AuditLog;
import io.eventkit.node.identity.IdentityModule;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.tenancy.TenantEraser;
import io.eventkit.node.platform.tenancy.TenantRouting;
import io.eventkit.node.platform.tenancy.Tenants;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The companies of a shared deployment: the {@code tenant} registry (V97) and what a new company
 * needs to start, its first administrator. The operator's calls run as the default tenant; work
 * inside a company runs as it ({@link TenantContext#callAs}), so row-level security puts its rows
 * there.
 *
 * <p>Creation is all or nothing: the registry row is written suspended (nobody can use it yet),
 * then the administrator and their set-password token, then the row turns active. If a step fails
 * the earlier ones are undone and the error reported.
 */
final class Provisioning {
  private static final Logger LOG = LoggerFactory.getLogger(Provisioning.class);

  private final Jdbi jdbi;
  private final Clock clock;
  private final TenantRouting routing;
  private final IdentityModule identity;
  private final AuditLog audit;
  private final Supplier<String> publicUrl;
  private final DataModule data;
  private final Path exportDir;

  Provisioning(
      Jdbi jdbi,
      Clock clock,
      TenantRouting routing,
      IdentityModule identity,
      Supplier<String> publicUrl,
      DataModule data,
      Path exportDir) {
    this.data = data;
    this.exportDir = exportDir;
    this.jdbi = jdbi;
    this.clock = clock;
    this.routing = routing;
    this.identity = identity;
    this.audit = identity.auditLog();
    this.publicUrl = publicUrl;
  }

  record Tenant(String id, String displayName, Tenants.Status status, Instant createdAt) {}

  /** A new company, and the one-time link for its first administrator. */
  record Created(Tenant tenant, IdentityModule.FirstAdmin admin) {
    @Override
    public String toString() {
      return "Created[" + tenant + ", admin=" + admin.userId() + "]";
    }
  }

  Created create(String id, String displayName, String adminEmail, String adminName) {
    requireShared();
    String tenant = id.trim().toLowerCase(Locale.ROOT);
    String name = displayName.trim();
    new Validation()
        .check(
            TenantContext.isValid(tenant),
            "tenant_id",
            "must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit")
        .check(
            !TenantContext.DEFAULT_TENANT.equals(tenant),
            "tenant_id",
            "'default' is the operator's own company account and always exists")
        .notBlank(name, "display_name")
        .notBlank(adminName, "admin_display_name")
        .throwIfInvalid();
    IdentityModule.checkEmail(adminEmail.trim());
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          int inserted =
              h.createUpdate(
                      "INSERT INTO tenant (id, display_name, status, created_at)"
                          + " VALUES (:id, :name, 'suspended', :now) ON CONFLICT (id) DO NOTHING")
                  .bind("id", tenant)
                  .bind("name", name)
                  .bind("now", now)
                  .execute();
          if (inserted == 0) {
            throw new DomainException(
                ErrorCode.ALREADY_EXISTS, "there is already a company account '" + tenant + "'");
          }
        });
    IdentityModule.FirstAdmin admin;
    try {
      admin =
          TenantContext.callAs(
              tenant, () -> identity.createFirstAdmin(adminEmail.trim(), adminName.trim()));
      jdbi.useTransaction(
          h -> {
            h.createUpdate("UPDATE tenant SET status = 'active' WHERE id = :id")
                .bind("id", tenant)
                .execute();
            audit.record(
                h,
                "TENANT_CREATE",
                "tenant:" + tenant,
                "name=" + name + "; first admin user:" + admin.userId());
          });
    } catch (RuntimeException e) {
      undo(tenant, e);
      throw e;
    }
    routing.tenants().changed();
    LOG.info("company account {} created, first admin user:{}", tenant, admin.userId());
    return new Created(new Tenant(tenant, name, Tenants.Status.ACTIVE, now), admin);
  }

  /** A failed creation's compensation: the administrator (if made) and the registry row. */
  private void undo(String tenant, RuntimeException cause) {
    try {
      TenantContext.runAs(tenant, identity::eraseFirstAdmins);
      jdbi.useTransaction(
          h ->
              h.createUpdate("DELETE FROM tenant WHERE id = :id AND status = 'suspended'")
                  .bind("id", tenant)
                  .execute());
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      LOG.error(
          "company account {}: creation failed and could not be undone; it stays suspended",
          tenant,
          e);
    }
  }

  /** A deleted company: where its export is, and how many rows were kept there and erased. */
  record Deleted(String tenant, Path export, long exportedRows, long erasedRows) {}

  /**
   * Exports a suspended company to {@link #exportDir}, erases its rows, then its registry entry.
   * The export comes first and must succeed; the erasure is one transaction.
   */
  Deleted delete(String id, String confirm) {
    requireShared();
    if (TenantContext.DEFAULT_TENANT.equals(id)) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "the 'default' company account is the operator's own and can't be deleted");
    }
    new Validation()
        .check(id.equals(confirm), "confirm", "must repeat the company account ID '" + id + "'")
        .throwIfInvalid();
    Tenant t = get(id);
    if (t.status() != Tenants.Status.SUSPENDED) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "suspend the company account '"
              + id
              + "' first (eventkit tenants suspend "
              + id
              + "), so that nobody changes its data while it is exported and erased");
    }
    Path file =
        exportDir.resolve(
            id
                + "-"
                + java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
                    .withZone(java.time.ZoneOffset.UTC)
                    .format(clock.instant())
                + ".zip");
    long exported;
    try {
      Files.createDirectories(exportDir);
      try (OutputStream out =
          Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ownerOnly(file);
        exported = TenantContext.callAs(id, () -> data.exportCurrentTenant(out));
      }
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // the failure below is what matters
      }
      throw new DomainException(
          ErrorCode.UNAVAILABLE,
          "could not write the export of '"
              + id
              + "' to "
              + file
              + ": "
              + e.getMessage()
              + "; nothing was erased");
    }
    long erased = TenantEraser.erase(jdbi, id).values().stream().mapToLong(Long::longValue).sum();
    jdbi.useTransaction(
        h -> {
          h.createUpdate("DELETE FROM tenant WHERE id = :id AND status = 'suspended'")
              .bind("id", id)
              .execute();
          audit.record(
              h,
              "TENANT_DELETE",
              "tenant:" + id,
              "exported " + exported + " rows to " + file + "; erased " + erased + " rows");
        });
    routing.tenants().changed();
    LOG.info(
        "company account {} deleted: {} rows exported to {}, {} erased",
        id,
        exported,
        file,
        erased);
    return new Deleted(id, file, exported, erased);
  }

  private static void ownerOnly(Path file) {
    try {
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: the directory's permissions are what protect it.
    }
  }

  List<Tenant> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT id, display_name, status, created_at FROM tenant ORDER BY id")
                .map((rs, ctx) -> tenant(rs))
                .list());
  }

  Tenant get(String id) {
    return jdbi.withHandle(h -> find(h, id))
        .orElseThrow(() -> DomainException.notFound("company account '" + id + "'"));
  }

  Tenant suspend(String id, String reason) {
    requireShared();
    if (TenantContext.DEFAULT_TENANT.equals(id)) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "the 'default' company account is the operator's own and can't be suspended");
    }
    return setStatus(id, Tenants.Status.SUSPENDED, "TENANT_SUSPEND", reason);
  }

  Tenant resume(String id, String reason) {
    requireShared();
    return setStatus(id, Tenants.Status.ACTIVE, "TENANT_RESUME", reason);
  }

  /**
   * Sets a tenant's status, recorded in the operator's audit log and in the tenant's own (so its
   * administrators see why). Setting the status it already has changes and records nothing.
   */
  private Tenant setStatus(String id, Tenants.Status to, String action, String reason) {
    String status = to.name().toLowerCase(Locale.ROOT);
    String detail = reason.isBlank() ? "" : "reason=" + reason.trim();
    boolean changed =
        jdbi.inTransaction(
            h -> {
              Tenant t =
                  find(h, id)
                      .orElseThrow(() -> DomainException.notFound("company account '" + id + "'"));
              if (t.status() == to) {
                return false;
              }
              h.createUpdate("UPDATE tenant SET status = :s WHERE id = :id")
                  .bind("s", status)
                  .bind("id", id)
                  .execute();
              audit.record(h, action, "tenant:" + id, detail);
              return true;
            });
    if (changed) {
      routing.tenants().changed();
      TenantContext.runAs(
          id, () -> jdbi.useTransaction(h -> audit.record(h, action, "tenant:" + id, detail)));
    }
    return get(id);
  }

  /** What a company's users open: its own host name, or the node's address. */
  String url(String tenant) {
    return routing.publicUrl(publicUrl.get(), tenant);
  }

  private void requireShared() {
    if (!routing.isShared()) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "this node is self-hosted (saas.enabled is off): it serves one company, 'default'");
    }
  }

  private static Optional<Tenant> find(Handle h, String id) {
    return h.createQuery("SELECT id, display_name, status, created_at FROM tenant WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> tenant(rs))
        .findOne();
  }

  private static Tenant tenant(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Tenant(
        rs.getString("id"),
        rs.getString("display_name"),
        Tenants.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        rs.getTimestamp("created_at").toInstant());
  }
}
