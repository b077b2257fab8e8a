package io.eventkit.node.data;

import io.eventkit.node.kernel.TokenAuthenticator;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.node.platform.retention.Retention;
import io.eventkit.node.platform.retention.RetentionConfig;
import io.grpc.BindableService;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The data feature's one public face (docs/data.md): the full export (an HTTP download, {@link
 * #EXPORT_PATH}) and the CSV import ({@code DataService}). It reads every feature's tables for the
 * export and writes inventory's and CRM's on import, in its own SQL.
 */
public final class DataModule {
  /** Where {@link #exportServlet()} is mapped. */
  public static final String EXPORT_PATH = "/data/export";

  private final List<BindableService> services;
  private final ExportServlet export;
  private final Exporter exporter;

  private DataModule(List<BindableService> services, ExportServlet export, Exporter exporter) {
    this.services = services;
    this.export = export;
    this.exporter = exporter;
  }

  public static DataModule create(
      Jdbi jdbi, Clock clock, String nodeId, TokenAuthenticator authenticator) {
    DataAudit audit = new DataAudit(jdbi, clock);
    DataImports imports = new DataImports(jdbi, clock, audit);
    Exporter exporter = new Exporter(jdbi, clock, nodeId);
    return new DataModule(
        List.of(new DataGrpcService(imports)),
        new ExportServlet(authenticator, exporter, audit, clock),
        exporter);
  }

  public List<BindableService> services() {
    return services;
  }

  public void registerValidators(RequestValidators validators) {
    DataValidators.register(validators);
  }

  /**
   * Writes the current tenant's full export (the download's zip, NDJSON) to {@code out}, not
   * closed; returns the number of rows. For the export a company account's deletion keeps.
   */
  public long exportCurrentTenant(java.io.OutputStream out) {
    return exporter.write(Exporter.Format.NDJSON, out).counts().values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  /** The export download; it checks the bearer credential and DATA_EXPORT itself. */
  public HttpServlet exportServlet() {
    return export;
  }

  /**
   * What retention purges here: data audit entries (exports and imports) older than {@code
   * retention.audit}; the purge is itself recorded in the trail.
   */
  public static java.util.List<Retention.Task> retention(RetentionConfig c) {
    return java.util.List.of(
        new Retention.Task(
            "data audit",
            c.getAudit().toJavaDuration(),
            Retention.byAge("data_audit"),
            (h, before, count, now) ->
                h.createUpdate(
                        "INSERT INTO data_audit (id, at, actor, action, detail)"
                            + " VALUES (:id, :now, 'retention', 'PURGE', :detail)")
                    .bind("id", java.util.UUID.randomUUID())
                    .bind("now", now)
                    .bind("detail", Retention.purgeDetail(count, before))
                    .execute()));
  }
}
