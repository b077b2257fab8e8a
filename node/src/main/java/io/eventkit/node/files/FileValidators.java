package io.eventkit.node.files;

import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.proto.v1.UpdateAttachmentRequest;

/** Shape checks of every FileService request, run before the service sees it. */
final class FileValidators {
  private FileValidators() {}

  /** Cross-field checks; IDs, the owner kind and lengths are rules in files.proto. */
  static void register(RequestValidators validators) {
    validators.register(
        UpdateAttachmentRequest.getDefaultInstance(),
        r ->
            new Validation()
                .check(
                    r.getUpdateCaption() || r.getCaption().isEmpty(),
                    "caption",
                    "is only read with update_caption set")
                .check(
                    !r.getFileName().isEmpty() || r.getUpdateCaption(),
                    "file_name",
                    "or a caption (update_caption) is required: nothing to change")
                .throwIfInvalid());
  }
}
