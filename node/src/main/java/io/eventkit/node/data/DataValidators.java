package io.eventkit.node.data;

import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.proto.v1.DeleteImportMappingRequest;
import io.eventkit.proto.v1.ImportColumn;
import io.eventkit.proto.v1.ImportCsvRequest;
import io.eventkit.proto.v1.ImportEntity;
import io.eventkit.proto.v1.ListImportMappingsRequest;
import io.eventkit.proto.v1.SaveImportMappingRequest;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Shape checks of every DataService request, run before the service sees it; the entity of an
 * import or a mapping is a rule in data.proto.
 */
final class DataValidators {
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private DataValidators() {}

  static void register(RequestValidators validators) {
    validators
        .register(
            ImportCsvRequest.getDefaultInstance(),
            r ->
                new Validation()
                    .check(!r.getContent().isEmpty(), "content", "is required (the CSV file)")
                    .check(
                        r.getContent().size() <= Importer.MAX_BYTES,
                        "content",
                        "must be under 4 MiB; split a larger file")
                    .check(
                        r.getMapping().isEmpty() || NAME.matcher(r.getMapping()).matches(),
                        "mapping",
                        "must be a template or mapping name ([a-z0-9._-], at most 64)")
                    .check(
                        r.getEncoding() != io.eventkit.proto.v1.CsvEncoding.UNRECOGNIZED,
                        "encoding",
                        "is not a known encoding")
                    .check(
                        r.getDelimiter().isEmpty()
                            || Set.of(",", ";", "\t").contains(r.getDelimiter()),
                        "delimiter",
                        "must be ',', ';' or a tab (or empty to detect it)")
                    .throwIfInvalid())
        .register(
            ListImportMappingsRequest.getDefaultInstance(),
            r ->
                new Validation()
                    .check(r.getEntity() != ImportEntity.UNRECOGNIZED, "entity", "is not known")
                    .throwIfInvalid())
        .register(
            SaveImportMappingRequest.getDefaultInstance(),
            r -> {
              Validation v =
                  new Validation()
                      .check(
                          NAME.matcher(r.getName()).matches(),
                          "name",
                          "must be 1–64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit")
                      .check(r.getColumnsCount() > 0, "columns", "at least one is required")
                      .check(r.getColumnsCount() <= 100, "columns", "at most 100");
              Set<String> fields = new HashSet<>();
              for (int i = 0; i < r.getColumnsCount(); i++) {
                ImportColumn c = r.getColumns(i);
                String f = "columns[" + i + "]";
                v.check(!c.getField().isBlank(), f + ".field", "is required")
                    .check(fields.add(c.getField()), f + ".field", "appears twice")
                    .check(c.getHeadersCount() > 0, f + ".headers", "at least one is required")
                    .check(c.getHeadersCount() <= 10, f + ".headers", "at most 10");
                for (String hd : c.getHeadersList()) {
                  v.check(
                      !hd.isBlank() && hd.length() <= 200,
                      f + ".headers",
                      "each must be 1–200 characters");
                }
              }
              v.throwIfInvalid();
            })
        .register(
            DeleteImportMappingRequest.getDefaultInstance(),
            r ->
                new Validation()
                    .check(NAME.matcher(r.getName()).matches(), "name", "is not a mapping name")
                    .throwIfInvalid());
  }
}
