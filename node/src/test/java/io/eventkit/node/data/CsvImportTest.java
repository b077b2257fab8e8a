package io.eventkit.node.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CsvEncoding;
import io.eventkit.proto.v1.DataServiceGrpc;
import io.eventkit.proto.v1.DeleteImportMappingRequest;
import io.eventkit.proto.v1.ImportColumn;
import io.eventkit.proto.v1.ImportCsvRequest;
import io.eventkit.proto.v1.ImportCsvResponse;
import io.eventkit.proto.v1.ImportEntity;
import io.eventkit.proto.v1.ImportMapping;
import io.eventkit.proto.v1.ImportRowError;
import io.eventkit.proto.v1.ListImportMappingsRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.SaveImportMappingRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** CSV import against a real node of its own: detection, checks, atomicity, idempotence. */
class CsvImportTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start("data-import.example");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  static DataServiceGrpc.DataServiceBlockingStub api(String token) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return DataServiceGrpc.newBlockingStub(node.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(120, TimeUnit.SECONDS);
  }

  static DataServiceGrpc.DataServiceBlockingStub api() {
    return api(node.adminToken());
  }

  static Jdbi jdbi() {
    return node.runtime().jdbi();
  }

  static ImportCsvResponse run(ImportEntity e, byte[] content, String mapping, boolean dryRun) {
    return api()
        .importCsv(
            ImportCsvRequest.newBuilder()
                .setEntity(e)
                .setContent(ByteString.copyFrom(content))
                .setMapping(mapping)
                .setDryRun(dryRun)
                .build());
  }

  static ImportCsvResponse run(ImportEntity e, String content, boolean dryRun) {
    return run(e, content.getBytes(StandardCharsets.UTF_8), "", dryRun);
  }

  static long count(String sql) {
    return jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  static String one(String sql) {
    return jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
  }

  static Status.Code code(Executable e) {
    StatusRuntimeException s = assertThrows(StatusRuntimeException.class, e);
    assertThat(s.getStatus().getDescription()).isNotBlank();
    return s.getStatus().getCode();
  }

  static String err(ImportRowError e) {
    return e.getRow() + "|" + e.getColumn() + "|" + e.getMessage();
  }

  @Test
  void locationsFromASemicolonFileWithABomDryRunThenApplyThenRerun() {
    String csv =
        "code;name;kind;parent_code;address\n"
            + "WH-S;Südlager;WAREHOUSE;;Hafenstraße 1\n"
            + "WH-S-A1;Aisle 1;;WH-S;\n"
            + "WH-S-A2;Aisle 2;BIN;WH-S;\n";
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = csv.getBytes(StandardCharsets.UTF_8);
    byte[] file = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, file, 0, 3);
    System.arraycopy(body, 0, file, 3, body.length);

    long auditedBefore = count("SELECT count(*) FROM data_audit WHERE detail LIKE 'location %'");
    ImportCsvResponse dry = run(ImportEntity.IMPORT_ENTITY_LOCATION, file, "", true);
    assertThat(dry.getErrorsList()).isEmpty();
    assertThat(dry.getEncoding()).isEqualTo("UTF-8 (BOM)");
    assertThat(dry.getDelimiter()).isEqualTo(";");
    assertThat(dry.getMapping()).isEqualTo("eventkit");
    // The bins' parent is a row of the same file: the dry run sees it as the apply will.
    assertThat(List.of(dry.getRows(), dry.getCreated(), dry.getUpdated(), dry.getUnchanged()))
        .containsExactly(3L, 3L, 0L, 0L);
    assertThat(dry.getApplied()).isFalse();
    assertThat(count("SELECT count(*) FROM location WHERE code LIKE 'WH-S%'")).isZero();

    ImportCsvResponse applied = run(ImportEntity.IMPORT_ENTITY_LOCATION, file, "", false);
    assertThat(applied.getApplied()).isTrue();
    assertThat(applied.getCreated()).isEqualTo(3);
    assertThat(one("SELECT name || '/' || address FROM location WHERE code = 'WH-S'"))
        .isEqualTo("Südlager/Hafenstraße 1");
    assertThat(
            one(
                "SELECT b.kind || '<' || w.code FROM location b JOIN location w"
                    + " ON w.id = b.parent_id WHERE b.code = 'WH-S-A1'"))
        .isEqualTo("BIN<WH-S");

    ImportCsvResponse again = run(ImportEntity.IMPORT_ENTITY_LOCATION, file, "", false);
    assertThat(List.of(again.getCreated(), again.getUpdated(), again.getUnchanged()))
        .containsExactly(0L, 0L, 3L);

    // One changed name: one update, the rest unchanged.
    ImportCsvResponse changed =
        run(
            ImportEntity.IMPORT_ENTITY_LOCATION,
            "code,name\nWH-S,Southern store\nWH-S-A1,Aisle 1\n",
            false);
    assertThat(List.of(changed.getCreated(), changed.getUpdated(), changed.getUnchanged()))
        .containsExactly(0L, 1L, 1L);
    assertThat(one("SELECT name FROM location WHERE code = 'WH-S'")).isEqualTo("Southern store");
    long audited = count("SELECT count(*) FROM data_audit WHERE detail LIKE 'location %'");
    assertThat(audited - auditedBefore).isEqualTo(4);
  }

  @Test
  void windows1252IsDetectedAndAChosenUtf8RefusesIt() {
    byte[] file = "code,name\nWH-CP,Müller Lager\n".getBytes(Charset.forName("windows-1252"));
    ImportCsvResponse r = run(ImportEntity.IMPORT_ENTITY_LOCATION, file, "", false);
    assertThat(r.getErrorsList()).isEmpty();
    assertThat(r.getEncoding()).isEqualTo("windows-1252");
    assertThat(one("SELECT name FROM location WHERE code = 'WH-CP'")).isEqualTo("Müller Lager");

    byte[] other = "code,name\nWH-CP2,Gärten\n".getBytes(Charset.forName("windows-1252"));
    assertThat(
            code(
                () ->
                    api()
                        .importCsv(
                            ImportCsvRequest.newBuilder()
                                .setEntity(ImportEntity.IMPORT_ENTITY_LOCATION)
                                .setContent(ByteString.copyFrom(other))
                                .setEncoding(CsvEncoding.CSV_ENCODING_UTF8)
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(count("SELECT count(*) FROM location WHERE code = 'WH-CP2'")).isZero();
  }

  @Test
  void malformedRowsAreListedAndNothingIsApplied() {
    run(ImportEntity.IMPORT_ENTITY_LOCATION, "code,name\nWH-P,Products store\n", false);
    String csv =
        "manufacturer,model,name,category,currency,rental_price_minor,weight_grams,tracking\n"
            + "Shure,SM58-T,Vocal mic,Audio,EUR,1500,330,SERIALISED\n" // fine
            + "Shure,SM57-T,Instrument mic,Audio,EUR,lots,300,SERIALISED\n" // row 3: number
            + "Shure,BETA58-T,Mic,Audio,XYZ,100,300,SERIALISED\n" // row 4: currency
            + "Shure,SM58-T,Again,Audio,EUR,1500,330,SERIALISED\n" // row 5: duplicate of row 2
            + "Shure,PGA48-T,Mic,Audio,EUR,100,300,BOTH\n" // row 6: tracking
            + "Shure,SM7B-T,Mic,Audio\n"; // row 7: too few fields
    long before = count("SELECT count(*) FROM product");
    ImportCsvResponse dry = run(ImportEntity.IMPORT_ENTITY_PRODUCT, csv, true);
    assertThat(dry.getErrorsList().stream().map(CsvImportTest::err))
        .containsExactly(
            "3|rental_price_minor|'lots' is not a whole number",
            "4|currency|'XYZ' is not an ISO 4217 currency code (e.g. EUR)",
            "5||the same GTIN or manufacturer and model as row 2 (each key once per file)",
            "6|tracking|must be SERIALISED or BULK (got 'BOTH')",
            "7||has 4 fields, the header has 8 (a stray delimiter or quote?)");
    assertThat(dry.getErrorCount()).isEqualTo(5);
    assertThat(dry.getCreated()).isEqualTo(1);

    ImportCsvResponse apply = run(ImportEntity.IMPORT_ENTITY_PRODUCT, csv, false);
    assertThat(apply.getApplied()).isFalse();
    assertThat(apply.getErrorCount()).isEqualTo(5);
    assertThat(count("SELECT count(*) FROM product"))
        .as("bad input changes nothing")
        .isEqualTo(before);

    // An unterminated quote stops reading; nothing is applied either.
    ImportCsvResponse broken =
        run(
            ImportEntity.IMPORT_ENTITY_PRODUCT,
            "manufacturer,model,category,currency\nShure,\"SM58-Q,Audio,EUR\n",
            false);
    assertThat(broken.getApplied()).isFalse();
    assertThat(broken.getErrorCount()).isPositive();
    assertThat(count("SELECT count(*) FROM product")).isEqualTo(before);
  }

  @Test
  void aFileWithoutTheKeyColumnIsRefusedWhole() {
    Status.Code c = code(() -> run(ImportEntity.IMPORT_ENTITY_ASSET, "serial,notes\nX1,\n", false));
    assertThat(c).isEqualTo(Status.Code.INVALID_ARGUMENT);
    StatusRuntimeException s =
        assertThrows(
            StatusRuntimeException.class,
            () -> run(ImportEntity.IMPORT_ENTITY_ASSET, "serial,notes\nX1,\n", false));
    assertThat(s.getStatus().getDescription()).contains("barcode").contains("serial, notes");
    assertThat(
            code(
                () ->
                    run(
                        ImportEntity.IMPORT_ENTITY_ASSET,
                        "barcode\nX\n".getBytes(StandardCharsets.UTF_8),
                        "no-such-mapping",
                        true)))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .importCsv(
                            ImportCsvRequest.newBuilder()
                                .setEntity(ImportEntity.IMPORT_ENTITY_ASSET)
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void currentRmsProductsAndSnipeItAssetsThroughTheirTemplates() {
    run(ImportEntity.IMPORT_ENTITY_LOCATION, "code,name\nMAIN,Main warehouse\n", false);
    String rms =
        "Name,Manufacturer,Product Group,Description,Stock Method,Currency,Rental Price,"
            + "Replacement Charge,Weight\n"
            + "MAC Aura XB,Martin,Lighting,Wash light,Serialised,EUR,\"45,50\",\"2.950,00\",7.2\n"
            + "Cable 10m,Generic,Cables,XLR,Bulk,EUR,2,15,0.6\n";
    ImportCsvResponse p =
        run(
            ImportEntity.IMPORT_ENTITY_PRODUCT,
            rms.getBytes(StandardCharsets.UTF_8),
            "current-rms",
            false);
    assertThat(p.getErrorsList()).isEmpty();
    assertThat(p.getCreated()).isEqualTo(2);
    assertThat(
            one(
                "SELECT concat_ws('|', manufacturer, model, name, category, tracking,"
                    + " rental_price_minor, replacement_minor, weight_grams)"
                    + " FROM product WHERE model = 'MAC Aura XB'"))
        .isEqualTo("Martin|MAC Aura XB|MAC Aura XB|Lighting|SERIALISED|4550|295000|7200");

    String snipe =
        "Asset Tag,Model Name,Manufacturer,Serial Number,Location,Status,Notes\n"
            + "SN-0001,MAC Aura XB,Martin,AXB1001,MAIN,Ready to Deploy,\n"
            + "SN-0002,MAC Aura XB,Martin,AXB1002,Main warehouse,Out for Repair,fan noise\n"
            + "SN-0003,MAC Aura XB,Robe,AXB1003,MAIN,Ready to Deploy,\n"
            + "SN-0004,Cable 10m,Generic,,MAIN,Ready to Deploy,\n";
    ImportCsvResponse a =
        run(
            ImportEntity.IMPORT_ENTITY_ASSET,
            snipe.getBytes(StandardCharsets.UTF_8),
            "snipe-it",
            true);
    assertThat(a.getErrorsList().stream().map(CsvImportTest::err))
        .containsExactly(
            "4|Model Name|no product with 'Robe MAC Aura XB' (import products first)",
            "5|Model Name|the product is tracked in bulk; import it as bulk stock");
    String fixed = snipe.replace("SN-0003,MAC Aura XB,Robe", "SN-0003,MAC Aura XB,Martin");
    fixed = fixed.substring(0, fixed.indexOf("SN-0004"));
    ImportCsvResponse ok =
        run(
            ImportEntity.IMPORT_ENTITY_ASSET,
            fixed.getBytes(StandardCharsets.UTF_8),
            "snipe-it",
            false);
    assertThat(ok.getErrorsList()).isEmpty();
    assertThat(ok.getCreated()).isEqualTo(3);
    assertThat(one("SELECT status || '|' || notes FROM asset WHERE barcode = 'SN-0002'"))
        .isEqualTo("IN_REPAIR|fan noise");
    assertThat(count("SELECT count(*) FROM barcode WHERE code LIKE 'SN-000%' AND kind = 'ASSET'"))
        .isEqualTo(3);
    ImportCsvResponse rerun =
        run(
            ImportEntity.IMPORT_ENTITY_ASSET,
            fixed.getBytes(StandardCharsets.UTF_8),
            "snipe-it",
            false);
    assertThat(rerun.getUnchanged()).isEqualTo(3);

    // Bulk stock: a quantity set is recorded as a stock change.
    String stock =
        "product_model,product_manufacturer,location_code,quantity\nCable 10m,Generic,MAIN,40\n";
    assertThat(run(ImportEntity.IMPORT_ENTITY_BULK_STOCK, stock, false).getCreated()).isEqualTo(1);
    ImportCsvResponse more =
        run(ImportEntity.IMPORT_ENTITY_BULK_STOCK, stock.replace(",40", ",55"), false);
    assertThat(more.getUpdated()).isEqualTo(1);
    assertThat(
            one(
                "SELECT string_agg(delta || '>' || quantity_after, ',' ORDER BY quantity_after)"
                    + " FROM stock_adjustment WHERE reason = 'import'"))
        .isEqualTo("40>40,15>55");
    assertThat(
            run(ImportEntity.IMPORT_ENTITY_BULK_STOCK, stock.replace(",40", ",55"), false)
                .getUnchanged())
        .isEqualTo(1);
    // The import counts the stock of the products it touched once, before it commits (V86): the
    // counters availability reads agree with the rows.
    assertThat(
            count(
                "SELECT count(*) FROM product p LEFT JOIN product_stock k ON k.product_id = p.id"
                    + " WHERE coalesce(k.assets_owned, 0) <> (SELECT count(*) FROM asset a"
                    + "   WHERE a.product_id = p.id AND a.status NOT IN ('LOST', 'RETIRED'))"
                    + " OR coalesce(k.bulk_owned, 0) <> (SELECT coalesce(sum(quantity), 0)"
                    + "   FROM bulk_stock b WHERE b.product_id = p.id)"))
        .isZero();
    assertThat(
            count(
                "SELECT bulk_owned FROM product_stock k JOIN product p ON p.id = k.product_id"
                    + " WHERE p.model = 'Cable 10m'"))
        .isEqualTo(55);
  }

  @Test
  void companiesByTaxIdOrNameAndContactsByEmail() {
    String companies =
        "name,tax_id,email,website,city,country_code\n"
            + "Acme Events Ltd,GB123456789,info@acme-events.example,,London,gb\n"
            + "Northern Stages,,,https://www.northern-stages.example,Leeds,GB\n";
    ImportCsvResponse c = run(ImportEntity.IMPORT_ENTITY_COMPANY, companies, false);
    assertThat(c.getErrorsList()).isEmpty();
    assertThat(c.getCreated()).isEqualTo(2);
    assertThat(
            one(
                "SELECT name_key || '|' || domain || '|' || country_code FROM crm_company"
                    + " WHERE tax_id = 'GB123456789'"))
        .isEqualTo("acmeevents|acme-events.example|GB");
    // "ACME Events Limited" with the same VAT number is the same company: an update of its name.
    ImportCsvResponse renamed =
        run(
            ImportEntity.IMPORT_ENTITY_COMPANY,
            "name,tax_id\nACME Events Limited,GB123456789\nnorthern stages ltd,\n",
            false);
    assertThat(List.of(renamed.getCreated(), renamed.getUpdated(), renamed.getUnchanged()))
        .containsExactly(0L, 2L, 0L);

    String contacts =
        "email,first_name,last_name,company_name,company_tax_id,role\n"
            + "jo@acme-events.example,Jo,Baker,,GB123456789,Producer\n"
            + "sam@northern-stages.example,Sam,,Northern Stages,,\n"
            + "JO@acme-events.example,Joanne,Baker,,GB123456789,\n"
            + "nobody@x.example,No,Body,Unknown Co,,\n"
            + "not-an-email,A,B,Northern Stages,,\n";
    ImportCsvResponse bad = run(ImportEntity.IMPORT_ENTITY_CONTACT, contacts, false);
    assertThat(bad.getErrorsList().stream().map(CsvImportTest::err))
        .containsExactly(
            "4||the same email as row 2 (each key once per file)",
            "5|company_name|no such company (import companies first)",
            "6|email|'not-an-email' is not an email address");
    assertThat(count("SELECT count(*) FROM crm_contact")).isZero();
    String good = contacts.substring(0, contacts.indexOf("JO@"));
    assertThat(run(ImportEntity.IMPORT_ENTITY_CONTACT, good, false).getCreated()).isEqualTo(2);
    // Same address in other case: the same contact.
    ImportCsvResponse again =
        run(
            ImportEntity.IMPORT_ENTITY_CONTACT,
            "email,first_name\nJO@ACME-EVENTS.EXAMPLE,Jo\n",
            false);
    assertThat(again.getUnchanged()).isEqualTo(1);
  }

  @Test
  void savedMappingsAreListedUsedAndDeleted() {
    ImportMapping saved =
        api()
            .saveImportMapping(
                SaveImportMappingRequest.newBuilder()
                    .setName("old-system")
                    .setEntity(ImportEntity.IMPORT_ENTITY_LOCATION)
                    .addColumns(ImportColumn.newBuilder().setField("code").addHeaders("Lagerplatz"))
                    .addColumns(
                        ImportColumn.newBuilder().setField("name").addHeaders("Bezeichnung"))
                    .build());
    assertThat(saved.getTemplate()).isFalse();
    var list =
        api()
            .listImportMappings(
                ListImportMappingsRequest.newBuilder()
                    .setEntity(ImportEntity.IMPORT_ENTITY_LOCATION)
                    .build());
    assertThat(list.getMappingsList().stream().map(m -> m.getName() + ":" + m.getTemplate()))
        .containsExactly("eventkit:true", "snipe-it:true", "old-system:false");

    ImportCsvResponse r =
        run(
            ImportEntity.IMPORT_ENTITY_LOCATION,
            "Lagerplatz\tBezeichnung\nWH-OLD\tAltes Lager\n".getBytes(StandardCharsets.UTF_8),
            "old-system",
            false);
    assertThat(r.getErrorsList()).isEmpty();
    assertThat(r.getDelimiter()).isEqualTo("\\t");
    assertThat(one("SELECT name FROM location WHERE code = 'WH-OLD'")).isEqualTo("Altes Lager");

    // A mapping for another entity, a template's name and an unknown field are refused.
    assertThat(
            code(
                () ->
                    run(
                        ImportEntity.IMPORT_ENTITY_ASSET,
                        "Lagerplatz\nX\n".getBytes(StandardCharsets.UTF_8),
                        "old-system",
                        true)))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .saveImportMapping(
                            SaveImportMappingRequest.newBuilder()
                                .setName("snipe-it")
                                .setEntity(ImportEntity.IMPORT_ENTITY_ASSET)
                                .addColumns(
                                    ImportColumn.newBuilder().setField("barcode").addHeaders("T"))
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .saveImportMapping(
                            SaveImportMappingRequest.newBuilder()
                                .setName("x")
                                .setEntity(ImportEntity.IMPORT_ENTITY_ASSET)
                                .addColumns(
                                    ImportColumn.newBuilder().setField("colour").addHeaders("T"))
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);

    api()
        .deleteImportMapping(DeleteImportMappingRequest.newBuilder().setName("old-system").build());
    assertThat(
            code(
                () ->
                    api()
                        .deleteImportMapping(
                            DeleteImportMappingRequest.newBuilder().setName("old-system").build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void importNeedsDataImport() {
    String planner =
        node.authService(node.adminToken())
            .createApiToken(
                CreateApiTokenRequest.newBuilder()
                    .setName("planner-import")
                    .setRole(Role.ROLE_PLANNER)
                    .build())
            .getToken();
    assertThat(
            code(
                () ->
                    api(planner)
                        .importCsv(
                            ImportCsvRequest.newBuilder()
                                .setEntity(ImportEntity.IMPORT_ENTITY_LOCATION)
                                .setContent(ByteString.copyFromUtf8("code\nWH-DENIED\n"))
                                .build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(count("SELECT count(*) FROM location WHERE code = 'WH-DENIED'")).isZero();
  }

  @Test
  void manyRowsImportInOneTransaction() {
    int n = Integer.getInteger("data.importRows", 5_000);
    run(ImportEntity.IMPORT_ENTITY_LOCATION, "code\nBULKWH\n", false);
    run(
        ImportEntity.IMPORT_ENTITY_PRODUCT,
        "manufacturer,model,category,currency,tracking,gtin\nAcme,Case-Light,Lighting,EUR,SERIALISED,4006381333931\n",
        false);
    StringBuilder sb = new StringBuilder("barcode,product_gtin,location_code\n");
    for (int i = 0; i < n; i++) {
      sb.append("BK").append(i).append(",4006381333931,BULKWH\n");
    }
    long t0 = System.nanoTime();
    ImportCsvResponse r = run(ImportEntity.IMPORT_ENTITY_ASSET, sb.toString(), false);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    org.slf4j.LoggerFactory.getLogger(CsvImportTest.class)
        .info("imported {} assets in {} ms ({} rows/s)", n, ms, n * 1000L / Math.max(ms, 1));
    assertThat(r.getErrorsList()).isEmpty();
    assertThat(r.getCreated()).isEqualTo(n);
    assertThat(count("SELECT count(*) FROM asset WHERE barcode LIKE 'BK%'")).isEqualTo(n);
    // The same file again: every row is found by its barcode (the prefetched ones) and unchanged.
    t0 = System.nanoTime();
    ImportCsvResponse again = run(ImportEntity.IMPORT_ENTITY_ASSET, sb.toString(), false);
    org.slf4j.LoggerFactory.getLogger(CsvImportTest.class)
        .info("re-ran {} assets in {} ms", n, (System.nanoTime() - t0) / 1_000_000);
    assertThat(again.getErrorsList()).isEmpty();
    assertThat(again.getCreated()).isZero();
    assertThat(again.getUnchanged()).isEqualTo(n);
    assertThat(count("SELECT count(*) FROM asset WHERE barcode LIKE 'BK%'")).isEqualTo(n);
  }
}
