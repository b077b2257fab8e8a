package io.eventkit.node.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.platform.db.Daos;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Imports with their mappings (templates and saved ones) and the audit log. */
final class DataImports {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;
  private final Clock clock;
  private final Importer importer;
  private final DataAudit audit;

  DataImports(Jdbi jdbi, Clock clock, DataAudit audit) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.importer = new Importer(jdbi, clock);
    this.audit = audit;
  }

  @SuppressWarnings("ArrayRecordComponent") // the file's bytes: read once, never compared
  record ImportCommand(
      ImportEntity entity,
      byte[] content,
      String mapping,
      Importer.Encoding encoding,
      Character delimiter,
      boolean dryRun,
      String actor) {}

  Importer.Outcome run(ImportCommand c) {
    ImportMapping m = resolve(c.entity(), c.mapping());
    Importer.Outcome o =
        importer.run(
            new Importer.Request(
                c.entity(), c.content(), m, c.encoding(), c.delimiter(), c.dryRun(), c.actor()));
    audit.record(
        c.actor(),
        c.dryRun() ? DataAudit.Action.IMPORT_DRY_RUN : DataAudit.Action.IMPORT_APPLY,
        String.format(
            Locale.ROOT,
            "%s mapping=%s rows=%d created=%d updated=%d unchanged=%d errors=%d applied=%s",
            c.entity().name().toLowerCase(Locale.ROOT),
            m.name(),
            o.rows(),
            o.created(),
            o.updated(),
            o.unchanged(),
            o.errorCount(),
            o.applied()));
    return o;
  }

  ImportMapping resolve(ImportEntity e, String name) {
    String n = name == null || name.isBlank() ? ImportMapping.EVENTKIT : name;
    for (ImportMapping t : ImportMapping.templates(e)) {
      if (t.name().equals(n)) {
        return t;
      }
    }
    Optional<ImportMapping> saved =
        Daos.with(jdbi, DataDao.class, d -> d.mapping(n)).map(DataImports::toMapping);
    if (saved.isEmpty()) {
      throw DomainException.invalid(
          "mapping: no template or saved mapping '"
              + n
              + "' for "
              + e.name().toLowerCase(Locale.ROOT)
              + " (templates: "
              + String.join(
                  ", ", ImportMapping.templates(e).stream().map(ImportMapping::name).toList())
              + ")");
    }
    if (saved.get().entity() != e) {
      throw DomainException.invalid(
          "mapping: '"
              + n
              + "' is a mapping for "
              + saved.get().entity().name().toLowerCase(Locale.ROOT)
              + ", not "
              + e.name().toLowerCase(Locale.ROOT));
    }
    return saved.get();
  }

  List<ImportMapping> mappings(Optional<ImportEntity> entity) {
    List<ImportMapping> out = new ArrayList<>();
    for (ImportEntity e : ImportEntity.values()) {
      if (entity.isEmpty() || entity.get() == e) {
        out.addAll(ImportMapping.templates(e));
      }
    }
    for (DataDao.SavedMapping s : Daos.with(jdbi, DataDao.class, DataDao::mappings)) {
      ImportMapping m = toMapping(s);
      if (entity.isEmpty() || entity.get() == m.entity()) {
        out.add(m);
      }
    }
    return out;
  }

  ImportMapping save(String name, ImportEntity entity, Map<String, List<String>> columns) {
    if (ImportMapping.isTemplateName(name)) {
      throw new DomainException(
          ErrorCode.INVALID_ARGUMENT, "name: '" + name + "' is a built-in template's name");
    }
    for (String f : columns.keySet()) {
      if (!entity.fields().contains(f)) {
        throw DomainException.invalid(
            "columns: '"
                + f
                + "' is not a field of "
                + entity.name().toLowerCase(Locale.ROOT)
                + " (fields: "
                + String.join(", ", entity.fields())
                + ")");
      }
    }
    String json;
    try {
      json = JSON.writeValueAsString(columns);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    var now = clock.instant();
    Daos.use(jdbi, DataDao.class, d -> d.saveMapping(name, entity.name(), json, now));
    return new ImportMapping(name, entity, columns, false, now);
  }

  void delete(String name) {
    int n = Daos.with(jdbi, DataDao.class, d -> d.deleteMapping(name));
    if (n == 0) {
      throw DomainException.notFound("saved mapping '" + name + "'");
    }
  }

  private static ImportMapping toMapping(DataDao.SavedMapping s) {
    try {
      Map<String, List<String>> cols =
          JSON.readValue(s.columns(), new TypeReference<LinkedHashMap<String, List<String>>>() {});
      return new ImportMapping(
          s.name(), ImportEntity.valueOf(s.entity()), cols, false, s.updatedAt());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("saved mapping " + s.name() + " is unreadable", e);
    }
  }
}
