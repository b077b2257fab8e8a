package io.eventkit.node.data;

import io.eventkit.node.kernel.Principal;
import io.eventkit.node.platform.api.grpc.ProtoTime;
import io.eventkit.proto.v1.CsvEncoding;
import io.eventkit.proto.v1.DataServiceGrpc;
import io.eventkit.proto.v1.DeleteImportMappingRequest;
import io.eventkit.proto.v1.DeleteImportMappingResponse;
import io.eventkit.proto.v1.ImportColumn;
import io.eventkit.proto.v1.ImportCsvRequest;
import io.eventkit.proto.v1.ImportCsvResponse;
import io.eventkit.proto.v1.ImportRowError;
import io.eventkit.proto.v1.ListImportMappingsRequest;
import io.eventkit.proto.v1.ListImportMappingsResponse;
import io.eventkit.proto.v1.SaveImportMappingRequest;
import io.grpc.stub.StreamObserver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** gRPC adapter for {@code eventkit.v1.DataService}: proto in, domain calls, proto out. */
final class DataGrpcService extends DataServiceGrpc.DataServiceImplBase {
  private final DataImports imports;

  DataGrpcService(DataImports imports) {
    this.imports = imports;
  }

  private static <T> void reply(StreamObserver<T> out, T value) {
    out.onNext(value);
    out.onCompleted();
  }

  static ImportEntity entity(io.eventkit.proto.v1.ImportEntity e) {
    return ImportEntity.valueOf(e.name().substring("IMPORT_ENTITY_".length()));
  }

  static io.eventkit.proto.v1.ImportEntity entity(ImportEntity e) {
    return io.eventkit.proto.v1.ImportEntity.valueOf("IMPORT_ENTITY_" + e.name());
  }

  @Override
  public void importCsv(ImportCsvRequest req, StreamObserver<ImportCsvResponse> out) {
    Principal p = Principal.current();
    Importer.Encoding enc =
        req.getEncoding() == CsvEncoding.CSV_ENCODING_UTF8
            ? Importer.Encoding.UTF8
            : req.getEncoding() == CsvEncoding.CSV_ENCODING_WINDOWS_1252
                ? Importer.Encoding.WINDOWS_1252
                : Importer.Encoding.AUTO;
    Character delimiter = req.getDelimiter().isEmpty() ? null : req.getDelimiter().charAt(0);
    Importer.Outcome o =
        imports.run(
            new DataImports.ImportCommand(
                entity(req.getEntity()),
                req.getContent().toByteArray(),
                req.getMapping(),
                enc,
                delimiter,
                req.getDryRun(),
                p == null ? "system" : p.label()));
    ImportCsvResponse.Builder b =
        ImportCsvResponse.newBuilder()
            .setRows(o.rows())
            .setCreated(o.created())
            .setUpdated(o.updated())
            .setUnchanged(o.unchanged())
            .setErrorCount(o.errorCount())
            .setApplied(o.applied())
            .setEncoding(o.encoding())
            .setDelimiter(o.delimiter())
            .setMapping(o.mapping());
    for (Importer.RowError e : o.errors()) {
      b.addErrors(
          ImportRowError.newBuilder()
              .setRow(e.row())
              .setColumn(e.column())
              .setMessage(e.message()));
    }
    reply(out, b.build());
  }

  @Override
  public void listImportMappings(
      ListImportMappingsRequest req, StreamObserver<ListImportMappingsResponse> out) {
    Optional<ImportEntity> e =
        req.getEntity() == io.eventkit.proto.v1.ImportEntity.IMPORT_ENTITY_UNSPECIFIED
            ? Optional.empty()
            : Optional.of(entity(req.getEntity()));
    ListImportMappingsResponse.Builder b = ListImportMappingsResponse.newBuilder();
    for (ImportMapping m : imports.mappings(e)) {
      b.addMappings(proto(m));
    }
    reply(out, b.build());
  }

  @Override
  public void saveImportMapping(
      SaveImportMappingRequest req, StreamObserver<io.eventkit.proto.v1.ImportMapping> out) {
    Map<String, List<String>> cols = new LinkedHashMap<>();
    for (ImportColumn c : req.getColumnsList()) {
      cols.put(c.getField(), List.copyOf(c.getHeadersList()));
    }
    reply(out, proto(imports.save(req.getName(), entity(req.getEntity()), cols)));
  }

  @Override
  public void deleteImportMapping(
      DeleteImportMappingRequest req, StreamObserver<DeleteImportMappingResponse> out) {
    imports.delete(req.getName());
    reply(out, DeleteImportMappingResponse.getDefaultInstance());
  }

  static io.eventkit.proto.v1.ImportMapping proto(ImportMapping m) {
    io.eventkit.proto.v1.ImportMapping.Builder b =
        io.eventkit.proto.v1.ImportMapping.newBuilder()
            .setName(m.name())
            .setEntity(entity(m.entity()))
            .setTemplate(m.template());
    if (m.updatedAt() != null) {
      b.setUpdatedAt(ProtoTime.timestamp(m.updatedAt()));
    }
    m.columns()
        .forEach((f, hs) -> b.addColumns(ImportColumn.newBuilder().setField(f).addAllHeaders(hs)));
    return b.build();
  }
}
