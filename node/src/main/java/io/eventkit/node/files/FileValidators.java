package io.eventkit.node.files;

import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.proto.v1.AttachmentOwner;
import io.eventkit.proto.v1.DeleteAttachmentRequest;
import io.eventkit.proto.v1.GetAttachmentRequest;
import io.eventkit.proto.v1.ListAttachmentsRequest;
import io.eventkit.proto.v1.UpdateAttachmentRequest;

/** Shape checks of every FileService request, run before the service sees it. */
final class FileValidators {
  private FileValidators() {}

  private static boolean uuid(String s) {
    try {
      java.util.UUID.fromString(s);
      return s.length() == 36;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static void register(RequestValidators validators) {
    validators
        .register(
            ListAttachmentsRequest.getDefaultInstance(),
            r ->
                new Validation()
                    .check(
                        r.getOwner() != AttachmentOwner.ATTACHMENT_OWNER_UNSPECIFIED
                            && r.getOwner() != AttachmentOwner.UNRECOGNIZED,
                        "owner",
                        "is required (ATTACHMENT_OWNER_PRODUCT, _ASSET, _EVENT, _QUOTE or"
                            + " _REPAIR)")
                    .check(uuid(r.getOwnerId()), "owner_id", "must be a UUID")
                    .throwIfInvalid())
        .register(
            GetAttachmentRequest.getDefaultInstance(),
            r -> new Validation().check(uuid(r.getId()), "id", "must be a UUID").throwIfInvalid())
        .register(
            UpdateAttachmentRequest.getDefaultInstance(),
            r ->
                new Validation()
                    .check(uuid(r.getId()), "id", "must be a UUID")
                    .check(
                        r.getFileName().length() <= Attachments.MAX_NAME,
                        "file_name",
                        "must be at most " + Attachments.MAX_NAME + " characters")
                    .check(
                        r.getCaption().length() <= Attachments.MAX_CAPTION,
                        "caption",
                        "must be at most " + Attachments.MAX_CAPTION + " characters")
                    .check(
                        r.getUpdateCaption() || r.getCaption().isEmpty(),
                        "caption",
                        "is only read with update_caption set")
                    .check(
                        !r.getFileName().isEmpty() || r.getUpdateCaption(),
                        "file_name",
                        "or a caption (update_caption) is required: nothing to change")
                    .throwIfInvalid())
        .register(
            DeleteAttachmentRequest.getDefaultInstance(),
            r -> new Validation().check(uuid(r.getId()), "id", "must be a UUID").throwIfInvalid());
  }
}
