package io.eventkit.node.files;

import static io.eventkit.node.platform.api.grpc.ProtoTime.timestamp;

import io.eventkit.proto.v1.AttachmentOwner;

/** Attachments to and from their proto form (the API's edge). */
final class FileProtos {
  private FileProtos() {}

  static io.eventkit.proto.v1.Attachment toProto(Attachments.Attachment a, FileLinks links) {
    FileLinks.Link link = links.link(a.id());
    return io.eventkit.proto.v1.Attachment.newBuilder()
        .setId(a.id().toString())
        .setOwner(owner(a.owner()))
        .setOwnerId(a.ownerId().toString())
        .setFileName(a.fileName())
        .setContentType(a.contentType())
        .setSizeBytes(a.sizeBytes())
        .setSha256(a.sha256())
        .setCaption(a.caption())
        .setUploadedAt(timestamp(a.uploadedAt()))
        .setUploadedBy(a.uploadedBy())
        .setDownloadUrl(link.url())
        .setDownloadUrlExpiresAt(timestamp(link.expires()))
        .setImage(a.image())
        .build();
  }

  static AttachmentOwner owner(Attachments.Owner o) {
    return AttachmentOwner.valueOf("ATTACHMENT_OWNER_" + o.name());
  }

  static Attachments.Owner owner(AttachmentOwner o) {
    return Attachments.Owner.valueOf(o.name().substring("ATTACHMENT_OWNER_".length()));
  }
}
