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
 * <p>Creation is all or nothing: the registry row is written as 'provisioning' (nobody can use it,
 * and suspend or resume are refused), then the administrator and their set-password token, then the
 * row turns active. If a step fails, every row the attempt wrote is erased and the error reported.
 * Deletion claims a suspended account as 'deleting' atomically, exports it, then erases it and its
 * registry entry in one transaction.
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
  private final io.eventkit.node.files.FileModule files;
  private final Path exportDir;

  Provisioning(
      Jdbi jdbi,
      Clock clock,
      TenantRouting routing,
      IdentityModule identity,
      Supplier<String> publicUrl,
      DataModule data,
      io.eventkit.node.files.FileModule files,
      Path exportDir) {
    this.data = data;
    this.files = files;
    this.exportDir = exportDir;
    this.jdbi = jdbi;
    this.clock = clock;
    this.routing = routing;
    this.identity = identity;
    this.audit = identity.auditLog();
    this.publicUrl = publicUrl;
  }

  record Tenant(
      String id,
      String displayName,
      Tenants.Status status,
      Instant createdAt,
      Instant statusChangedAt) {}

  /**
   * How long a company must have been suspended before it can be deleted: every replica has then
   * stopped serving it (each reads the registry at least every {@link Tenants#REFRESH}).
   */
  static final java.time.Duration DELETE_AFTER = Tenants.REFRESH.multipliedBy(2);

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
        .check(
            !TenantRouting.RESERVED.contains(tenant),
            "tenant_id",
            "is reserved for the service's own host names; choose another")
        .notBlank(name, "display_name")
        .notBlank(adminName, "admin_display_name")
        .throwIfInvalid();
    IdentityModule.checkEmail(adminEmail.trim());
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          boolean inserted =
              h.createQuery(
                      "SELECT eventkit_tenant_register(:id, :name, CAST(:now AS timestamptz))")
                  .bind("id", tenant)
                  .bind("name", name)
                  .bind("now", now)
                  .mapTo(Boolean.class)
                  .one();
          if (!inserted) {
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
            move(h, tenant, "provisioning", "active", clock.instant());
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
    return new Created(new Tenant(tenant, name, Tenants.Status.ACTIVE, now, now), admin);
  }

  /**
   * A failed creation's compensation: every row the attempt wrote in the tenant (the administrator,
   * their reset token, the audit entries and events), and the registry row, in one transaction.
   */
  private void undo(String tenant, RuntimeException cause) {
    try {
      TenantEraser.erase(jdbi, tenant, h -> unregister(h, tenant, "provisioning"));
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      LOG.error(
          "company account {}: creation failed and could not be undone; it stays in the registry"
              + " as 'provisioning' (refused to everyone): remove its rows and registry entry by"
              + " hand",
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
          t.status() == Tenants.Status.DELETING
              ? "the company account '" + id + "' is already being deleted"
              : "suspend the company account '"
                  + id
                  + "' first (eventkit tenants suspend "
                  + id
                  + "), so that nobody changes its data while it is exported and erased");
    }
    Instant now = clock.instant();
    Instant allowed = t.statusChangedAt().plus(DELETE_AFTER);
    if (now.isBefore(allowed)) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "the company account '"
              + id
              + "' was suspended less than "
              + DELETE_AFTER.toSeconds()
              + " s ago, and replicas may still serve it: try again in "
              + Math.max(1, java.time.Duration.between(now, allowed).toSeconds() + 1)
              + " s");
    }
    // Claimed atomically: a concurrent resume or second deletion finds it no longer suspended.
    if (!jdbi.withHandle(h -> move(h, id, "suspended", "deleting", now))) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "the company account '" + id + "' changed meanwhile (resumed, or being deleted)");
    }
    routing.tenants().changed();
    Path file =
        exportDir.resolve(
            id
                + "-"
                + java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
                    .withZone(java.time.ZoneOffset.UTC)
                    .format(now)
                + ".zip");
    // Its files' bytes, beside the rows' export: the rows name them by storage key.
    Path filesFile = exportDir.resolve(file.getFileName().toString().replace(".zip", "-files.zip"));
    long exported;
    List<String> storedFiles;
    try {
      Files.createDirectories(exportDir);
      createOwnerOnly(file);
      try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
        exported = TenantContext.callAs(id, () -> data.exportCurrentTenant(out));
      }
      // Read while the rows are there; they are deleted from the store once the rows are erased.
      storedFiles = TenantContext.callAs(id, files::storedKeys);
      createOwnerOnly(filesFile);
      try (OutputStream out = Files.newOutputStream(filesFile, StandardOpenOption.WRITE)) {
        files.exportStored(storedFiles, out);
      }
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(file);
        Files.deleteIfExists(filesFile);
      } catch (IOException ignored) {
        // the failure below is what matters
      }
      backToSuspended(id);
      LOG.error("company account {}: the export for its deletion failed", id, e);
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "could not write the export of '"
              + id
              + "' to "
              + file
              + " ("
              + e.getMessage()
              + "): nothing was erased and the account stays suspended");
    }
    long erased;
    try {
      erased =
          TenantEraser.erase(
                  jdbi,
                  id,
                  h -> {
                    if (!unregister(h, id, "deleting")) {
                      throw new IllegalStateException("the registry entry changed meanwhile");
                    }
                  })
              .values()
              .stream()
              .mapToLong(Long::longValue)
              .sum();
    } catch (RuntimeException e) {
      backToSuspended(id);
      throw e;
    }
    routing.tenants().changed();
    int filesLeft = files.deleteStored(id, storedFiles);
    if (filesLeft > 0) {
      LOG.error(
          "company account {} deleted, but {} of its {} files' bytes could not be deleted from the"
              + " store (their keys start with '{}/'): remove them by hand",
          id,
          filesLeft,
          storedFiles.size(),
          id);
    }
    try {
      jdbi.useTransaction(
          h ->
              audit.record(
                  h,
                  "TENANT_DELETE",
                  "tenant:" + id,
                  "exported "
                      + exported
                      + " rows to "
                      + file
                      + " and "
                      + storedFiles.size()
                      + " files to "
                      + filesFile
                      + "; erased "
                      + erased
                      + " rows and "
                      + (storedFiles.size() - filesLeft)
                      + " of "
                      + storedFiles.size()
                      + " stored files"));
    } catch (RuntimeException e) {
      LOG.error("company account {} was deleted, but the audit entry could not be written", id, e);
    }
    LOG.info(
        "company account {} deleted: {} rows exported to {}, {} erased",
        id,
        exported,
        file,
        erased);
    return new Deleted(id, file, exported, erased);
  }

  /** A deletion that failed before its erasure committed leaves the account suspended. */
  private void backToSuspended(String id) {
    try {
      jdbi.useHandle(h -> move(h, id, "deleting", "suspended", null));
      routing.tenants().changed();
    } catch (RuntimeException e) {
      LOG.error("company account {} stays 'deleting' after a failed deletion", id, e);
    }
  }

  /** Creates {@code file} readable by the node's user alone, from the start (POSIX). */
  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(
          file,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the directory's permissions are what protect it.
      Files.createFile(file);
    }
  }

  List<Tenant> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, display_name, status, created_at, status_changed_at FROM tenant"
                        + " ORDER BY id")
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
   * Sets a tenant's status between active and suspended, recorded in the operator's audit log and
   * (best effort) in the tenant's own, so its administrators see why. Setting the status it already
   * has changes and records nothing; one being set up or deleted is refused.
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
              if (t.status() != Tenants.Status.ACTIVE && t.status() != Tenants.Status.SUSPENDED) {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "the company account '"
                        + id
                        + "' is "
                        + (t.status() == Tenants.Status.DELETING
                            ? "being deleted"
                            : "still being set up"));
              }
              if (!move(
                  h, id, t.status().name().toLowerCase(Locale.ROOT), status, clock.instant())) {
                throw new DomainException(
                    ErrorCode.ABORTED, "the company account '" + id + "' changed meanwhile: retry");
              }
              audit.record(h, action, "tenant:" + id, detail);
              return true;
            });
    if (changed) {
      routing.tenants().changed();
      try {
        TenantContext.runAs(
            id, () -> jdbi.useTransaction(h -> audit.record(h, action, "tenant:" + id, detail)));
      } catch (RuntimeException e) {
        LOG.error("company account {}: {} is not in its own audit log", id, action, e);
      }
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
    return h.createQuery(
            "SELECT id, display_name, status, created_at, status_changed_at FROM tenant"
                + " WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> tenant(rs))
        .findOne();
  }

  private static Tenant tenant(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Tenant(
        rs.getString("id"),
        rs.getString("display_name"),
        Tenants.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("status_changed_at").toInstant());
  }

  /**
   * Moves the registry entry of {@code id} from status {@code was} to {@code becomes} (V102's
   * owner-run function: the serving role can't write the registry); false if it was not {@code
   * was}. {@code at} null keeps the time of the last change.
   */
  private static boolean move(Handle h, String id, String was, String becomes, Instant at) {
    return h.createQuery(
            "SELECT eventkit_tenant_move(:id, :was, :becomes, CAST(:at AS timestamptz))")
        .bind("id", id)
        .bind("was", was)
        .bind("becomes", becomes)
        .bind("at", at)
        .mapTo(Boolean.class)
        .one();
  }

  /** Removes the registry entry of {@code id} if it is {@code was} (V102); false if it was not. */
  private static boolean unregister(Handle h, String id, String was) {
    return h.createQuery("SELECT eventkit_tenant_unregister(:id, :was)")
        .bind("id", id)
        .bind("was", was)
        .mapTo(Boolean.class)
        .one();
  }
}
