package io.eventkit.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.eventkit.proto.v1.Attachment;
import io.eventkit.proto.v1.AttachmentOwner;
import io.eventkit.proto.v1.DeleteAttachmentRequest;
import io.eventkit.proto.v1.DeleteAttachmentResponse;
import io.eventkit.proto.v1.FileServiceGrpc;
import io.eventkit.proto.v1.GetAttachmentRequest;
import io.eventkit.proto.v1.ListAttachmentsRequest;
import io.eventkit.proto.v1.ListAttachmentsResponse;
import io.eventkit.proto.v1.UpdateAttachmentRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code eventkit files}: attachments of a product, asset, event, quote or repair ticket
 * (files.proto, docs/files.md). Listing, renaming, captions and deleting are FileService RPCs (over
 * Connect or gRPC); uploading and downloading are HTTP on the node's HTTP port ({@code POST
 * /files/<owner>/<owner_id>}, {@code GET /files/<id>}), so those two need {@code --node
 * http://HOST:PORT}.
 */
@Command(
    name = "files",
    description = {
      "Attachments: files kept with a product (images, manuals), an asset, an event (riders,"
          + " stage plots), a quote (the signed PDF) or a repair ticket (damage photos).",
      "Reading needs the owner's read permission, uploading, changing and deleting its write"
          + " permission (a repair ticket's: scan). Upload and download go over HTTP: --node must"
          + " be the node's http://HOST:PORT for them."
    },
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      FilesCommands.ListFiles.class,
      FilesCommands.Show.class,
      FilesCommands.Upload.class,
      FilesCommands.Download.class,
      FilesCommands.Rename.class,
      FilesCommands.Caption.class,
      FilesCommands.Delete.class
    })
final class FilesCommands {
  @Mixin HelpOption help;

  static final String OWNERS = "product, asset, event, quote or repair";

  private static final Map<String, AttachmentOwner> OWNER_NAMES = new LinkedHashMap<>();

  static {
    OWNER_NAMES.put("product", AttachmentOwner.ATTACHMENT_OWNER_PRODUCT);
    OWNER_NAMES.put("asset", AttachmentOwner.ATTACHMENT_OWNER_ASSET);
    OWNER_NAMES.put("event", AttachmentOwner.ATTACHMENT_OWNER_EVENT);
    OWNER_NAMES.put("quote", AttachmentOwner.ATTACHMENT_OWNER_QUOTE);
    OWNER_NAMES.put("repair", AttachmentOwner.ATTACHMENT_OWNER_REPAIR);
  }

  /** The owner kind as typed (product, asset, event, quote, repair; any case), or a usage error. */
  static AttachmentOwner owner(ApiCommand c, String text) {
    AttachmentOwner o = OWNER_NAMES.get(text.trim().toLowerCase(Locale.ROOT));
    if (o == null) {
      throw c.usage("unknown owner '" + text + "': use " + OWNERS);
    }
    return o;
  }

  /** product, asset, … as in the upload path; "-" for none. */
  static String ownerName(AttachmentOwner o) {
    for (Map.Entry<String, AttachmentOwner> e : OWNER_NAMES.entrySet()) {
      if (e.getValue() == o) {
        return e.getKey();
      }
    }
    return Text.NONE;
  }

  /** One path segment or query value, percent-encoded (a space as %20). */
  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static void requireId(ApiCommand c, String id, String what) {
    if (id == null || id.isBlank()) {
      throw c.usage(what + " must not be empty");
    }
  }

  /** A file name of the attachment: no directory, not empty. */
  static void checkFileName(ApiCommand c, String name, String what) {
    if (name.isBlank()) {
      throw c.usage(what + " must not be empty");
    }
    if (name.contains("/") || name.contains("\\")) {
      throw c.usage(what + " must be a file name without a directory (got '" + name + "')");
    }
  }

  static String type(Attachment a) {
    return Text.orNone(a.getContentType());
  }

  static void print(ApiCommand c, Attachment a) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("id", a.getId());
    m.put("name", a.getFileName());
    m.put("type", type(a) + (a.getImage() ? " (image)" : ""));
    m.put("size", DataCommands.size(a.getSizeBytes()) + " (" + a.getSizeBytes() + " bytes)");
    m.put("sha256", Text.orNone(a.getSha256()));
    m.put("caption", Text.orNone(a.getCaption()));
    m.put("owner", ownerName(a.getOwner()) + " " + a.getOwnerId());
    m.put(
        "uploaded",
        Text.instant(a.getUploadedAt())
            + (a.getUploadedBy().isEmpty() ? "" : " by " + a.getUploadedBy()));
    Text.keyValues(c.out(), m);
  }

  /**
   * A files command: the node's errors are printed after their status code ({@code error:
   * NOT_FOUND: product …}), since the node's messages name the thing without saying what is wrong
   * with it.
   */
  abstract static class FileCommand extends ApiCommand {
    abstract int files(NodeClient client);

    @Override
    final int run(NodeClient client) {
      try {
        return files(client);
      } catch (CliException e) {
        throw e.withCodeInText();
      }
    }
  }

  @Command(
      name = "list",
      description = "An owner's attachments, newest first.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit files list product 3f2c9a1e-6d1b-4b7e-9a51-2f0c8d7e4b10",
        "  eventkit files list event EVENT_ID -o json"
      })
  static final class ListFiles extends FileCommand {
    @Parameters(index = "0", paramLabel = "OWNER", description = OWNERS + ".")
    String owner;

    @Parameters(
        index = "1",
        paramLabel = "OWNER_ID",
        description = "The product's, asset's, event's, quote's or repair ticket's ID.")
    String ownerId;

    @ArgGroup(exclusive = false)
    CrmCommands.Paging paging = new CrmCommands.Paging();

    @Override
    void validate() {
      owner(this, owner);
      requireId(this, ownerId, "OWNER_ID");
    }

    @Override
    int files(NodeClient client) {
      ListAttachmentsResponse r =
          client.call(
              FileServiceGrpc.getListAttachmentsMethod(),
              ListAttachmentsRequest.newBuilder()
                  .setOwner(owner(this, owner))
                  .setOwnerId(ownerId)
                  .setPage(paging.request(this))
                  .build());
      return emit(
          r,
          () -> {
            String o = ownerName(owner(this, owner));
            if (r.getAttachmentsCount() == 0) {
              out()
                  .println(
                      "No attachments on "
                          + o
                          + " "
                          + ownerId
                          + ". Upload one with 'eventkit files upload "
                          + o
                          + " "
                          + ownerId
                          + " FILE'.");
              return;
            }
            Text.Table t =
                new Text.Table("NAME", "TYPE", "SIZE", "UPLOADED BY", "UPLOADED AT", "ID").right(2);
            for (Attachment a : r.getAttachmentsList()) {
              t.row(
                  a.getFileName(),
                  type(a),
                  DataCommands.size(a.getSizeBytes()),
                  a.getUploadedBy(),
                  Text.instant(a.getUploadedAt()),
                  a.getId());
            }
            t.print(out());
            CrmCommands.next(this, r.getPage().getNextPageToken());
          });
    }
  }

  @Command(
      name = "show",
      description = "One attachment: name, type, size, SHA-256, caption, owner, who uploaded it.")
  static final class Show extends FileCommand {
    @Parameters(index = "0", paramLabel = "ATTACHMENT_ID")
    String id;

    @Override
    void validate() {
      requireId(this, id, "ATTACHMENT_ID");
    }

    @Override
    int files(NodeClient client) {
      Attachment a =
          client.call(
              FileServiceGrpc.getGetAttachmentMethod(),
              GetAttachmentRequest.newBuilder().setId(id).build());
      return emit(a, () -> print(this, a));
    }
  }

  @Command(
      name = "upload",
      description = {
        "Upload a file and attach it to a product, asset, event, quote or repair ticket; prints"
            + " the new attachment and its ID.",
        "The node decides what the file is from its bytes: JPEG, PNG, WebP, GIF, PDF, plain text"
            + " or CSV, and Office documents (docx, xlsx, pptx), up to its size limit (25 MB by"
            + " default). The name's extension must agree with the bytes.",
        "Uploads over HTTP: --node must be the node's http://HOST:PORT."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit files upload product PRODUCT_ID sm58-front.jpg --caption 'Front view'",
        "  eventkit files upload event EVENT_ID ./plans/v3.pdf --name stage-plot.pdf",
        "  eventkit files upload repair TICKET_ID IMG_0042.jpg --caption 'dent on the lid'"
      })
  static final class Upload extends FileCommand {
    @Parameters(index = "0", paramLabel = "OWNER", description = OWNERS + ".")
    String owner;

    @Parameters(
        index = "1",
        paramLabel = "OWNER_ID",
        description = "The product's, asset's, event's, quote's or repair ticket's ID.")
    String ownerId;

    @Parameters(index = "2", paramLabel = "FILE", description = "The file to upload.")
    Path file;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "The attachment's file name. Default: FILE's name.")
    String name;

    @Option(names = "--caption", paramLabel = "TEXT", description = "A caption shown with it.")
    String caption;

    @Override
    void validate() {
      owner(this, owner);
      requireId(this, ownerId, "OWNER_ID");
      if (Files.isDirectory(file)) {
        throw usage(file + " is a directory: give a file");
      }
      if (!Files.isRegularFile(file)) {
        throw usage("no such file: " + file);
      }
      if (!Files.isReadable(file)) {
        throw usage("cannot read " + file + ": permission denied");
      }
      if (name != null) {
        checkFileName(this, name, "--name");
      } else if (file.getFileName() == null) {
        throw usage("give the attachment's name with --name");
      }
    }

    @Override
    Duration defaultTimeout() {
      // The connection timeout; sending the file may take as long as its size needs.
      return Duration.ofSeconds(30);
    }

    @Override
    int files(NodeClient client) {
      client.requireHttp("files upload sends the file");
      String fileName = name != null ? name : file.getFileName().toString();
      String path =
          "/files/"
              + ownerName(owner(this, owner))
              + "/"
              + encode(ownerId)
              + "?name="
              + encode(fileName)
              + (caption == null ? "" : "&caption=" + encode(caption));
      byte[] body = client.upload(path, file, Duration.ofHours(1), client::filesError);
      Attachment a = parseAttachment(body);
      return emit(
          a,
          () -> {
            out()
                .println(
                    "Uploaded "
                        + file
                        + " to "
                        + ownerName(owner(this, owner))
                        + " "
                        + ownerId
                        + ":");
            print(this, a);
          });
    }
  }

  /** The Attachment the node answered an upload with (its API JSON). */
  static Attachment parseAttachment(byte[] json) {
    Attachment.Builder b = Attachment.newBuilder();
    try {
      JsonFormat.parser()
          .ignoringUnknownFields()
          .merge(new String(json, StandardCharsets.UTF_8), b);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new CliException(
          CliException.FAILURE, "the node sent an unreadable answer: " + e.getMessage());
    }
    if (b.getId().isEmpty()) {
      throw new CliException(
          CliException.FAILURE,
          "the node's answer has no attachment ID: the upload may have failed");
    }
    return b.build();
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  @Command(
      name = "download",
      description = {
        "Download an attachment's bytes to a file (its name in the current directory unless"
            + " --out says otherwise); an existing file is kept unless --force. The bytes are"
            + " checked against the attachment's SHA-256 before the file is written.",
        "Downloads over HTTP: --node must be the node's http://HOST:PORT."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit files download ATTACHMENT_ID",
        "  eventkit files download ATTACHMENT_ID --out ~/Downloads/",
        "  eventkit files download ATTACHMENT_ID --out rider.pdf --force"
      })
  static final class Download extends FileCommand {
    @Parameters(index = "0", paramLabel = "ATTACHMENT_ID")
    String id;

    @Option(
        names = "--out",
        paramLabel = "PATH",
        description =
            "The file to write, or a directory to write it in under its name. Default: its name"
                + " in the current directory. (-o is the output format.)")
    Path out;

    @Option(
        names = {"-f", "--force"},
        description = "Replace the file if it exists.")
    boolean force;

    @Override
    void validate() {
      requireId(this, id, "ATTACHMENT_ID");
      if (out != null && !Files.isDirectory(out)) {
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
          throw usage("--out: the directory " + dir + " does not exist");
        }
        if (Files.exists(out) && !force) {
          throw usage("--out: " + out + " exists; add --force to replace it");
        }
      }
    }

    @Override
    Duration defaultTimeout() {
      return Duration.ofSeconds(30);
    }

    @Override
    int files(NodeClient client) {
      client.requireHttp("files download fetches the file");
      Attachment a =
          client.call(
              FileServiceGrpc.getGetAttachmentMethod(),
              GetAttachmentRequest.newBuilder().setId(id).build());
      String name = CrewCommands.safeName(a.getFileName(), a.getId());
      Path target = out == null ? Path.of(name) : Files.isDirectory(out) ? out.resolve(name) : out;
      if (Files.isDirectory(target)) {
        throw new CliException(
            CliException.USAGE, target + " is a directory: give another file with --out");
      }
      if (Files.exists(target) && !force) {
        throw new CliException(
            CliException.USAGE,
            target + " exists: add --force to replace it, or give another file with --out");
      }
      long bytes =
          client.download(
              "/files/" + encode(a.getId()),
              target,
              Duration.ofHours(1),
              force,
              downloaded -> {
                if (a.getSha256().isEmpty()) {
                  return;
                }
                String got = sha256(downloaded);
                if (!got.equalsIgnoreCase(a.getSha256())) {
                  throw new CliException(
                      CliException.FAILURE,
                      "the downloaded bytes are not the attachment's (SHA-256 "
                          + got
                          + ", expected "
                          + a.getSha256()
                          + "): nothing was written");
                }
              },
              client::filesError);
      if (json()) {
        JsonObject o = new JsonObject();
        o.addProperty("file", target.toString());
        o.addProperty("bytes", bytes);
        try {
          o.add("attachment", JsonParser.parseString(JsonFormat.printer().print(a)));
        } catch (InvalidProtocolBufferException e) {
          throw new CliException(
              CliException.FAILURE, "cannot print the response: " + e.getMessage());
        }
        out()
            .println(
                new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o));
      } else {
        out()
            .println(
                "Downloaded "
                    + a.getFileName()
                    + " ("
                    + type(a)
                    + ", "
                    + DataCommands.size(bytes)
                    + ") to "
                    + target);
      }
      return 0;
    }
  }

  @Command(
      name = "rename",
      description =
          "Rename an attachment (the bytes stay as they are; the extension must still agree with"
              + " them).",
      footerHeading = "%nExample:%n",
      footer = {"  eventkit files rename ATTACHMENT_ID stage-plot-v2.pdf"})
  static final class Rename extends FileCommand {
    @Parameters(index = "0", paramLabel = "ATTACHMENT_ID")
    String id;

    @Parameters(index = "1", paramLabel = "NEW_NAME")
    String newName;

    @Override
    void validate() {
      requireId(this, id, "ATTACHMENT_ID");
      checkFileName(this, newName, "NEW_NAME");
    }

    @Override
    int files(NodeClient client) {
      Attachment a =
          client.call(
              FileServiceGrpc.getUpdateAttachmentMethod(),
              UpdateAttachmentRequest.newBuilder().setId(id).setFileName(newName).build());
      return emit(a, () -> out().println("Renamed " + a.getId() + " to " + a.getFileName() + "."));
    }
  }

  @Command(
      name = "caption",
      description = "Set an attachment's caption; an empty TEXT ('') clears it.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit files caption ATTACHMENT_ID 'Stage left, as built'",
        "  eventkit files caption ATTACHMENT_ID ''"
      })
  static final class Caption extends FileCommand {
    @Parameters(index = "0", paramLabel = "ATTACHMENT_ID")
    String id;

    @Parameters(index = "1", paramLabel = "TEXT", description = "The caption ('' to clear it).")
    String text;

    @Override
    void validate() {
      requireId(this, id, "ATTACHMENT_ID");
    }

    @Override
    int files(NodeClient client) {
      Attachment a =
          client.call(
              FileServiceGrpc.getUpdateAttachmentMethod(),
              UpdateAttachmentRequest.newBuilder()
                  .setId(id)
                  .setCaption(text)
                  .setUpdateCaption(true)
                  .build());
      return emit(
          a,
          () ->
              out()
                  .println(
                      a.getCaption().isEmpty()
                          ? "Cleared the caption of " + a.getFileName() + " (" + a.getId() + ")."
                          : "Caption of "
                              + a.getFileName()
                              + " ("
                              + a.getId()
                              + "): "
                              + a.getCaption()));
    }
  }

  @Command(
      name = "delete",
      description =
          "Delete an attachment; its bytes are removed from the node's store (backups keep them"
              + " for their retention).")
  static final class Delete extends FileCommand {
    @Parameters(index = "0", paramLabel = "ATTACHMENT_ID")
    String id;

    @Override
    void validate() {
      requireId(this, id, "ATTACHMENT_ID");
    }

    @Override
    int files(NodeClient client) {
      DeleteAttachmentResponse r =
          client.call(
              FileServiceGrpc.getDeleteAttachmentMethod(),
              DeleteAttachmentRequest.newBuilder().setId(id).build());
      return emit(r, () -> out().println("Deleted attachment " + id + "."));
    }
  }
}
