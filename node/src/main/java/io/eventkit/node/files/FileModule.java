package io.eventkit.node.files;

import io.eventkit.node.kernel.TokenAuthenticator;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.node.platform.crypto.KeyVault;
import io.grpc.BindableService;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files feature's one public face (docs/files.md): attachments of products, assets, events,
 * quotes and repair tickets — {@code FileService}, and the upload and download endpoint at {@link
 * #PATH}.
 */
public final class FileModule {
  private static final Logger LOG = LoggerFactory.getLogger(FileModule.class);

  /** Where {@link #servlet()} is mapped. */
  public static final String PATH = "/files/*";

  private final List<BindableService> services;
  private final FileServlet servlet;
  private final Optional<Path> localDirectory;
  private final Attachments attachments;

  private FileModule(
      List<BindableService> services,
      FileServlet servlet,
      Optional<Path> localDirectory,
      Attachments attachments) {
    this.attachments = attachments;
    this.services = services;
    this.servlet = servlet;
    this.localDirectory = localDirectory;
  }

  /**
   * Opens the configured store (an S3 bucket is checked now, so a wrong setting stops the start
   * with its reason) and builds the feature.
   */
  public static FileModule create(
      FileConfig config,
      Path dataDir,
      Jdbi jdbi,
      Clock clock,
      KeyVault vault,
      TokenAuthenticator authenticator,
      java.util.function.Predicate<String> activeTenant) {
    FileStore store;
    Optional<Path> local = Optional.empty();
    try {
      if (config.isS3()) {
        S3FileStore s3 = new S3FileStore(config.getS3());
        s3.check();
        store = s3;
      } else {
        LocalFileStore l = new LocalFileStore(config.resolve(dataDir));
        local = Optional.of(l.root());
        store = l;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LOG.info("attachments are stored in {}", store.describe());
    Attachments attachments =
        new Attachments(jdbi, store, clock, config.getMaxBytes(), config.getQuotaBytes());
    FileLinks links = new FileLinks(jdbi, vault, clock);
    return new FileModule(
        List.of(new FileGrpcService(attachments, links)),
        new FileServlet(authenticator, attachments, links, activeTenant),
        local,
        attachments);
  }

  /**
   * For the hourly retention run: the attachments of products, assets, events, quotes and repair
   * tickets that were deleted go, with their bytes (docs/files.md).
   */
  public List<io.eventkit.node.platform.retention.Retention.Task> retention() {
    return List.of(
        new io.eventkit.node.platform.retention.Retention.Task(
            "attachments of deleted owners",
            java.time.Duration.ZERO,
            (h, before, limit) -> attachments.sweepOrphans(h, limit)));
  }

  public List<BindableService> services() {
    return services;
  }

  public void registerValidators(RequestValidators validators) {
    FileValidators.register(validators);
  }

  /** Upload and download; it checks the bearer credential or the signed link itself. */
  public HttpServlet servlet() {
    return servlet;
  }

  /**
   * The store keys of the current company account's files: read before a company account's rows are
   * erased, to delete their bytes ({@link #deleteStored}) once the erasure has committed.
   */
  public List<String> storedKeys() {
    return attachments.storedKeys();
  }

  /**
   * Writes these objects to {@code out} as a zip, one entry per key (an object the store no longer
   * has is left out, and logged).
   */
  public void exportStored(List<String> keys, java.io.OutputStream out) throws java.io.IOException {
    attachments.exportObjects(keys, out);
  }

  /**
   * Deletes {@code tenant}'s objects among these from the store (keys of another are skipped), each
   * as best it can; how many could not be deleted.
   */
  public int deleteStored(String tenant, List<String> keys) {
    return attachments.deleteObjects(
        keys.stream().filter(k -> k.startsWith(tenant + "/")).toList());
  }

  /** The local store's directory (backed up with the embedded database); empty with S3. */
  public Optional<Path> localDirectory() {
    return localDirectory;
  }
}
