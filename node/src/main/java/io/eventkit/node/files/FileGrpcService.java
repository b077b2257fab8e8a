package io.eventkit.node.files;

import static io.eventkit.node.inventory.InventoryProtos.pageResponse;

import io.eventkit.node.inventory.InventoryProtos;
import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Principal;
import io.eventkit.proto.v1.Attachment;
import io.eventkit.proto.v1.DeleteAttachmentRequest;
import io.eventkit.proto.v1.DeleteAttachmentResponse;
import io.eventkit.proto.v1.FileServiceGrpc;
import io.eventkit.proto.v1.GetAttachmentRequest;
import io.eventkit.proto.v1.ListAttachmentsRequest;
import io.eventkit.proto.v1.ListAttachmentsResponse;
import io.eventkit.proto.v1.UpdateAttachmentRequest;
import io.grpc.stub.StreamObserver;
import java.util.Optional;

/** FileService: list, read, rename or re-caption, and delete attachments (upload is HTTP). */
final class FileGrpcService extends FileServiceGrpc.FileServiceImplBase {
  private final Attachments attachments;
  private final FileLinks links;

  FileGrpcService(Attachments attachments, FileLinks links) {
    this.attachments = attachments;
    this.links = links;
  }

  @Override
  public void listAttachments(
      ListAttachmentsRequest r, StreamObserver<ListAttachmentsResponse> out) {
    PageSpec.Page<Attachments.Attachment> page =
        attachments.list(
            Principal.current(),
            FileProtos.owner(r.getOwner()),
            Ids.parse(r.getOwnerId(), "owner_id"),
            InventoryProtos.page(r.getPage(), 2));
    out.onNext(
        ListAttachmentsResponse.newBuilder()
            .addAllAttachments(
                page.items().stream().map(a -> FileProtos.toProto(a, links)).toList())
            .setPage(pageResponse(page.nextToken()))
            .build());
    out.onCompleted();
  }

  @Override
  public void getAttachment(GetAttachmentRequest r, StreamObserver<Attachment> out) {
    out.onNext(
        FileProtos.toProto(
            attachments.get(Principal.current(), Ids.parse(r.getId(), "id")), links));
    out.onCompleted();
  }

  @Override
  public void updateAttachment(UpdateAttachmentRequest r, StreamObserver<Attachment> out) {
    out.onNext(
        FileProtos.toProto(
            attachments.update(
                Principal.current(),
                Ids.parse(r.getId(), "id"),
                r.getFileName(),
                r.getUpdateCaption() ? Optional.of(r.getCaption()) : Optional.empty()),
            links));
    out.onCompleted();
  }

  @Override
  public void deleteAttachment(
      DeleteAttachmentRequest r, StreamObserver<DeleteAttachmentResponse> out) {
    attachments.delete(Principal.current(), Ids.parse(r.getId(), "id"));
    out.onNext(DeleteAttachmentResponse.getDefaultInstance());
    out.onCompleted();
  }
}
