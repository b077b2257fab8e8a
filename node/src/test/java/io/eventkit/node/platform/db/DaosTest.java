package io.eventkit.node.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.kernel.TenantContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DaosTest {
  interface NoteDao {
    @SqlUpdate("INSERT INTO note (tenant_id, text) VALUES (:tenant, :t)")
    @BindTenant
    void add(@Bind("t") String text);

    @SqlQuery("SELECT text FROM note WHERE tenant_id = :tenant ORDER BY text")
    @BindTenant
    List<String> all();
  }

  static EmbeddedPostgres pg;
  static Jdbi jdbi;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgres.builder().start();
    jdbi = Jdbi.create(pg.getPostgresDatabase()).installPlugin(new SqlObjectPlugin());
    jdbi.useHandle(h -> h.execute("CREATE TABLE note (tenant_id text, text text)"));
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  @Test
  void aHandleAttachesADaoOnceAndANewHandleGetsItsOwn() {
    NoteDao[] first = new NoteDao[1];
    jdbi.useTransaction(
        h -> {
          first[0] = Daos.of(h, NoteDao.class);
          assertThat(Daos.of(h, NoteDao.class)).isSameAs(first[0]);
          first[0].add("a");
        });
    jdbi.useHandle(
        h -> {
          NoteDao second = Daos.of(h, NoteDao.class);
          assertThat(second).isNotSameAs(first[0]);
          assertThat(second.all()).containsExactly("a");
        });
  }

  @Test
  void theCachedDaoStillReadsTheTenantWhenEachStatementRuns() {
    jdbi.useTransaction(
        h -> {
          NoteDao dao = Daos.of(h, NoteDao.class);
          TenantContext.callAs(
              "t-one",
              () -> {
                dao.add("one");
                return null;
              });
          TenantContext.callAs(
              "t-two",
              () -> {
                Daos.of(h, NoteDao.class).add("two");
                return null;
              });
          assertThat(TenantContext.callAs("t-one", dao::all)).containsExactly("one");
          assertThat(TenantContext.callAs("t-two", dao::all)).containsExactly("two");
        });
  }

  @Test
  void theDaoMetadataIsDerivedIntoTheJdbiLevelConfigurationOnce() {
    Jdbi fresh = Jdbi.create(pg.getPostgresDatabase()).installPlugin(new SqlObjectPlugin());
    Extensions jdbiLevel = fresh.getConfig(Extensions.class);
    var factory = jdbiLevel.findFactory(org.jdbi.v3.sqlobject.SqlObjectFactory.class).orElseThrow();
    fresh.useHandle(h -> Daos.of(h, NoteDao.class));
    // A later handle starts from a copy of the Jdbi-level configuration. If Daos.of had not put
    // the metadata there, this handle would derive its own, and the Jdbi level a third.
    Object seenByLaterHandle =
        fresh.withHandle(h -> h.getConfig(Extensions.class).findMetadata(NoteDao.class, factory));
    assertThat(seenByLaterHandle).isSameAs(jdbiLevel.findMetadata(NoteDao.class, factory));
  }
}
