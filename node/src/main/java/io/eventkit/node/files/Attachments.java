package io.eventkit.node.files;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Permission;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.kernel.TenantContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachments: the rows, the bytes in the {@link FileStore}, and who may see and change them (the
 * owner's read and write permissions, see files.proto). Upload writes the bytes, then the row in a
 * transaction that checks the owner exists; if the row fails, the bytes are deleted. Delete removes
 * the row, then the bytes.
 */
public final class Attachments {
  private static final Logger LOG = LoggerFactory.getLogger(Attachments.class);
  static final int MAX_NAME = 255;
  static final int MAX_CAPTION = 500;

  /** Whose attachment it is: the table its owner lives in, and the permissions that apply. */
  public enum Owner {
    PRODUCT("product", Permission.INVENTORY_READ, Permission.INVENTORY_WRITE),
    ASSET("asset", Permission.INVENTORY_READ, Permission.INVENTORY_WRITE),
    EVENT("event", Permission.PLANNING_READ, Permission.PLANNING_WRITE),
    QUOTE("quote", Permission.QUOTES_READ, Permission.QUOTES_WRITE),
    REPAIR("repair_ticket", Permission.INVENTORY_READ, Permission.SCAN);

    final String table;
    final Permission read;
    final Permission write;

    Owner(String table, Permission read, Permission write) {
      this.table = table;
      this.read = read;
      this.write = write;
    }

    /** From the upload path's segment (product, asset, event, quote, repair). */
    static Optional<Owner> fromPath(String segment) {
      for (Owner o : values()) {
        if (o.name().toLowerCase(Locale.ROOT).equals(segment)) {
          return Optional.of(o);
        }
      }
      return Optional.empty();
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One attachment as stored. */
  public record Attachment(
      UUID id,
      Owner owner,
      UUID ownerId,
      String fileName,
      String contentType,
      long sizeBytes,
      String sha256,
      String caption,
      String storageKey,
      Instant uploadedAt,
      String uploadedBy) {
    boolean image() {
      return FileTypes.isImage(contentType);
    }
  }

  private final Jdbi jdbi;
  private final FileStore store;
  private final FileTypes types = new FileTypes();
  private final Clock clock;
  private final long maxBytes;
  private final long quotaBytes;

  Attachments(Jdbi jdbi, FileStore store, Clock clock, long maxBytes) {
    this(jdbi, store, clock, maxBytes, 0);
  }

  /** {@code quotaBytes}: the most all files of the company account may take; 0: no limit. */
  Attachments(Jdbi jdbi, FileStore store, Clock clock, long maxBytes, long quotaBytes) {
    this.jdbi = jdbi;
    this.store = store;
    this.clock = clock;
    this.maxBytes = maxBytes;
    this.quotaBytes = quotaBytes;
  }

  long maxBytes() {
    return maxBytes;
  }

  FileStore store() {
    return store;
  }

  static void require(Principal p, Permission permission, Owner owner, boolean write) {
    if (p == null || !p.holds(permission)) {
      throw new DomainException(
          ErrorCode.PERMISSION_DENIED,
          (write ? "changing " : "reading ")
              + owner.label()
              + " attachments needs the permission "
              + permission.name()
              + ", which "
              + (p == null ? "this caller" : p.label())
              + " does not have (see docs/access.md)");
    }
  }

  /** A file too large, of a refused type, or named badly: the HTTP layer maps these. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int httpStatus;

    Refused(int httpStatus, String message) {
      super(message);
      this.httpStatus = httpStatus;
    }
  }

  /**
   * Uploads {@code body} as a new attachment of the owner. The bytes are spooled to a temporary
   * file (counted and hashed on the way; refused as soon as they pass the limit), checked, stored,
   * and only then recorded.
   */
  Attachment upload(
      Principal p, Owner owner, UUID ownerId, String name, String caption, InputStream body)
      throws IOException {
    require(p, owner.write, owner, true);
    String fileName = checkName(name);
    String text = checkCaption(caption);
    ensureOwner(owner, ownerId);
    Path tmp = Files.createTempFile("eventkit-upload-", ".bin");
    try {
      MessageDigest sha;
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      long size = 0;
      try (InputStream in = new DigestInputStream(body, sha);
          var out = Files.newOutputStream(tmp)) {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
          size += n;
          if (size > maxBytes) {
            throw new Refused(413, tooLarge());
          }
          out.write(buffer, 0, n);
        }
      }
      if (size == 0) {
        throw new Refused(400, "the file is empty");
      }
      FileTypes.Verdict verdict = types.check(tmp, fileName);
      if (!verdict.accepted()) {
        throw new Refused(415, verdict.refusal());
      }
      long stored = size;
      if (quotaBytes > 0) {
        // Early, before the bytes go to the store; checked again, locked, where the row is written.
        jdbi.useHandle(h -> checkQuota(h, stored));
      }
      UUID id = UUID.randomUUID();
      String key = TenantContext.current() + "/" + id.toString().substring(0, 2) + "/" + id;
      store.put(key, tmp, size, verdict.contentType());
      Attachment a =
          new Attachment(
              id,
              owner,
              ownerId,
              fileName,
              verdict.contentType(),
              size,
              HexFormat.of().formatHex(sha.digest()),
              text,
              key,
              clock.instant(),
              p.label());
      try {
        jdbi.useTransaction(
            h -> {
              ensureOwner(h, owner, ownerId, true);
              if (quotaBytes > 0) {
                // One upload of the account at a time past this point: two can't both fit in
                // what is left.
                h.execute(
                    "SELECT pg_advisory_xact_lock(hashtextextended('attachment-quota:' || ?, 0))",
                    TenantContext.current());
                checkQuota(h, stored);
              }
              h.createUpdate(
                      "INSERT INTO attachment (id, tenant_id, owner_type, owner_id, file_name,"
                          + " content_type, size_bytes, sha256, caption, storage_key, uploaded_at,"
                          + " uploaded_by) VALUES (:id, :t, :owner, :ownerId, :name, :type, :size,"
                          + " :sha, :caption, :key, :at, :by)")
                  .bind("id", a.id())
                  .bind("t", TenantContext.current())
                  .bind("owner", owner.name())
                  .bind("ownerId", ownerId)
                  .bind("name", a.fileName())
                  .bind("type", a.contentType())
                  .bind("size", a.sizeBytes())
                  .bind("sha", a.sha256())
                  .bind("caption", a.caption())
                  .bind("key", key)
                  .bind("at", a.uploadedAt())
                  .bind("by", a.uploadedBy())
                  .execute();
            });
      } catch (RuntimeException e) {
        deleteQuietly(key);
        throw e;
      }
      LOG.info(
          "attachment {} ({}, {} bytes) uploaded to {} {} by {}",
          id,
          a.contentType(),
          size,
          owner.label(),
          ownerId,
          p.label());
      return a;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Refuses (507) a file of {@code size} bytes that would take the account past its quota. */
  private void checkQuota(Handle h, long size) {
    long[] used =
        h.createQuery("SELECT coalesce(sum(size_bytes), 0), count(*) FROM attachment")
            .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .one();
    if (used[0] + size > quotaBytes) {
      throw new Refused(
          507,
          "this file ("
              + megabytes(size)
              + ") would take the company account's files past their storage quota of "
              + megabytes(quotaBytes)
              + " ("
              + megabytes(used[0])
              + " used by "
              + used[1]
              + (used[1] == 1 ? " file" : " files")
              + "): delete files that are no longer needed, or ask the administrator to raise"
              + " files.quotaBytes");
    }
  }

  private static String megabytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }

  String tooLarge() {
    return "the file is larger than the limit of "
        + (maxBytes >= 1024 * 1024 ? (maxBytes / (1024 * 1024)) + " MB" : maxBytes + " bytes")
        + " (files.maxBytes)";
  }

  PageSpec.Page<Attachment> list(Principal p, Owner owner, UUID ownerId, PageSpec page) {
    require(p, owner.read, owner, false);
    ensureOwner(owner, ownerId);
    return jdbi.withHandle(
        h -> {
          String after =
              page.isFirst()
                  ? ""
                  : " AND (uploaded_at, id) < (CAST(:afterAt AS timestamptz), CAST(:afterId AS"
                      + " uuid))";
          var q =
              h.createQuery(
                      "SELECT * FROM attachment WHERE tenant_id = :t AND owner_type = :owner AND"
                          + " owner_id = :ownerId"
                          + after
                          + " ORDER BY uploaded_at DESC, id DESC LIMIT :n")
                  .bind("t", TenantContext.current())
                  .bind("owner", owner.name())
                  .bind("ownerId", ownerId)
                  .bind("n", page.fetch());
          if (!page.isFirst()) {
            q.bind("afterAt", page.after(0)).bind("afterId", page.after(1));
          }
          List<Attachment> rows = q.map(Attachments::row).list();
          return page.page(rows, a -> List.of(a.uploadedAt().toString(), a.id().toString()));
        });
  }

  /** The attachment, if the caller may read it; NOT_FOUND (never a hint) otherwise unknown. */
  Attachment get(Principal p, UUID id) {
    Attachment a = find(id).orElseThrow(() -> DomainException.notFound("attachment " + id));
    require(p, a.owner().read, a.owner(), false);
    return a;
  }

  Optional<Attachment> find(UUID id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM attachment WHERE id = :id AND tenant_id = :t")
                .bind("id", id)
                .bind("t", TenantContext.current())
                .map(Attachments::row)
                .findOne());
  }

  Attachment update(Principal p, UUID id, String fileName, Optional<String> caption) {
    Attachment a = get(p, id);
    require(p, a.owner().write, a.owner(), true);
    String name = fileName.isEmpty() ? a.fileName() : checkName(fileName);
    if (!name.equals(a.fileName())) {
      String ext = extension(a.fileName());
      if (!extension(name).equalsIgnoreCase(ext)) {
        throw DomainException.invalid(
            "file_name must keep the extension '"
                + ext
                + "' (the file is "
                + FileTypes.ACCEPTED.getOrDefault(a.contentType(), a.contentType())
                + ")");
      }
    }
    String text = caption.map(Attachments::checkCaption).orElse(a.caption());
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE attachment SET file_name = :name, caption = :caption"
                        + " WHERE id = :id AND tenant_id = :t")
                .bind("name", name)
                .bind("caption", text)
                .bind("id", id)
                .bind("t", TenantContext.current())
                .execute());
    return new Attachment(
        a.id(),
        a.owner(),
        a.ownerId(),
        name,
        a.contentType(),
        a.sizeBytes(),
        a.sha256(),
        text,
        a.storageKey(),
        a.uploadedAt(),
        a.uploadedBy());
  }

  void delete(Principal p, UUID id) {
    Attachment a = get(p, id);
    require(p, a.owner().write, a.owner(), true);
    int deleted =
        jdbi.withHandle(
            h ->
                h.createUpdate("DELETE FROM attachment WHERE id = :id AND tenant_id = :t")
                    .bind("id", id)
                    .bind("t", TenantContext.current())
                    .execute());
    if (deleted == 1) {
      deleteQuietly(a.storageKey());
      LOG.info(
          "attachment {} of {} {} deleted by {}", id, a.owner().label(), a.ownerId(), p.label());
    }
  }

  /**
   * Deletes up to {@code limit} attachments whose owner no longer exists (of every tenant: a
   * background sweep), rows first, then their bytes. Such rows are never listed or served, so bytes
   * gone before a failed commit harm nothing: the next sweep deletes the rows. Returns how many.
   */
  int sweepOrphans(Handle h, int limit) {
    StringBuilder orphan = new StringBuilder();
    for (Owner o : Owner.values()) {
      orphan
          .append(orphan.length() == 0 ? "" : " OR ")
          .append("(a.owner_type = '")
          .append(o.name())
          .append("' AND NOT EXISTS (SELECT 1 FROM ")
          .append(o.table)
          .append(" x WHERE x.id = a.owner_id AND x.tenant_id = a.tenant_id))");
    }
    List<String> keys =
        h.createQuery(
                "DELETE FROM attachment WHERE id IN (SELECT a.id FROM attachment a WHERE "
                    + orphan
                    + " LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING storage_key")
            .bind("limit", limit)
            .mapTo(String.class)
            .list();
    keys.forEach(this::deleteQuietly);
    return keys.size();
  }

  InputStream open(Attachment a) throws IOException {
    return store.get(a.storageKey());
  }

  /** The store keys of all files of the current company account (its rows under RLS). */
  List<String> storedKeys() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT storage_key FROM attachment WHERE tenant_id = :t")
                .bind("t", TenantContext.current())
                .mapTo(String.class)
                .list());
  }

  /** These objects as a zip on {@code out}, one entry per key; missing ones left out (logged). */
  void exportObjects(List<String> keys, java.io.OutputStream out) throws IOException {
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
      for (String key : keys) {
        InputStream in;
        try {
          in = store.get(key);
        } catch (java.nio.file.NoSuchFileException gone) {
          LOG.warn("the bytes of {} are not in {}: left out of the export", key, store.describe());
          continue;
        }
        try (in) {
          zip.putNextEntry(new java.util.zip.ZipEntry(key));
          in.transferTo(zip);
          zip.closeEntry();
        }
      }
    }
  }

  /** Deletes these objects, each as best it can (logged); how many could not be deleted. */
  int deleteObjects(List<String> keys) {
    int failed = 0;
    for (String key : keys) {
      try {
        store.delete(key);
      } catch (IOException | RuntimeException e) {
        failed++;
        LOG.warn(
            "the bytes of {} could not be deleted from {}: {}",
            key,
            store.describe(),
            e.toString());
      }
    }
    return failed;
  }

  private void deleteQuietly(String key) {
    try {
      store.delete(key);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "the bytes of {} could not be deleted from {}: {}", key, store.describe(), e.toString());
    }
  }

  private void ensureOwner(Owner owner, UUID ownerId) {
    jdbi.useHandle(h -> ensureOwner(h, owner, ownerId, false));
  }

  /** NOT_FOUND unless the owner exists; {@code lock}: keep it from being deleted until commit. */
  private static void ensureOwner(Handle h, Owner owner, UUID ownerId, boolean lock) {
    boolean exists =
        h.createQuery(
                "SELECT 1 FROM "
                    + owner.table
                    + " WHERE id = :id AND tenant_id = :t"
                    + (lock ? " FOR KEY SHARE" : ""))
            .bind("id", ownerId)
            .bind("t", TenantContext.current())
            .mapTo(Integer.class)
            .findOne()
            .isPresent();
    if (!exists) {
      throw DomainException.notFound(owner.label() + " " + ownerId);
    }
  }

  static String checkName(String name) {
    String n = name == null ? "" : name.strip();
    int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
    if (slash >= 0) {
      n = n.substring(slash + 1);
    }
    if (n.isEmpty()) {
      throw DomainException.invalid("name is required: the file's name, e.g. stage-plot.pdf");
    }
    if (n.length() > MAX_NAME) {
      throw DomainException.invalid("name must be at most " + MAX_NAME + " characters");
    }
    if (n.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || n.equals(".") || n.equals("..")) {
      throw DomainException.invalid("name must not contain control characters");
    }
    if (extension(n).isEmpty()) {
      throw DomainException.invalid(
          "name must end in the file's extension (.pdf, .jpg, .png, .docx ...), got '" + n + "'");
    }
    return n;
  }

  static String checkCaption(String caption) {
    String c = caption == null ? "" : caption.strip();
    if (c.length() > MAX_CAPTION) {
      throw DomainException.invalid("caption must be at most " + MAX_CAPTION + " characters");
    }
    if (c.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' && ch != '\t')) {
      throw DomainException.invalid("caption must not contain control characters");
    }
    return c;
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot <= 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1);
  }

  private static Attachment row(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Attachment(
        rs.getObject("id", UUID.class),
        Owner.valueOf(rs.getString("owner_type")),
        rs.getObject("owner_id", UUID.class),
        rs.getString("file_name"),
        rs.getString("content_type"),
        rs.getLong("size_bytes"),
        rs.getString("sha256"),
        rs.getString("caption"),
        rs.getString("storage_key"),
        rs.getTimestamp("uploaded_at").toInstant(),
        rs.getString("uploaded_by"));
  }
}
