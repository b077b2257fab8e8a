package io.eventkit.node.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.kernel.TenantContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DAOs from {@link Daos} are attached once per Jdbi and shared: each call must still run on its own
 * handle, in that handle's transaction, with its method's configuration (mappers), from any thread.
 */
class DaosTest {
  interface NoteDao {
    @SqlUpdate("INSERT INTO note (tenant_id, text) VALUES (:tenant, :t)")
    @BindTenant
    void add(@Bind("t") String text);

    @SqlQuery("SELECT text FROM note WHERE tenant_id = :tenant ORDER BY text")
    @BindTenant
    List<String> all();
  }

  public record Note(long id, String text) {}

  interface ScratchDao {
    @SqlUpdate("INSERT INTO scratch (text) VALUES (:text)")
    void add(@Bind("text") String text);

    @SqlQuery("SELECT count(*) FROM scratch")
    int count();

    @SqlQuery("SELECT id, text FROM scratch WHERE text = :text")
    @RegisterConstructorMapper(Note.class)
    Optional<Note> find(@Bind("text") String text);

    @SqlQuery("SELECT txid_current()")
    long transaction();

    @SqlQuery("SELECT 1 / 0")
    int fails();

    /** A default method: its calls go through the shared DAO with the same handle. */
    default int addAndCount(String text) {
      add(text);
      return count();
    }
  }

  static EmbeddedPostgres pg;
  static Jdbi jdbi;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgres.builder().start();
    jdbi = Jdbi.create(pg.getPostgresDatabase()).installPlugin(new SqlObjectPlugin());
    jdbi.useHandle(h -> h.execute("CREATE TABLE note (tenant_id text, text text)"));
  }

  @BeforeEach
  void scratch() {
    jdbi.useHandle(
        h ->
            h.execute(
                "DROP TABLE IF EXISTS scratch; CREATE TABLE scratch (id bigserial, text text)"));
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

  @Test
  void eachHandleRunsItsOwnTransaction() throws Exception {
    try (Handle a = jdbi.open();
        Handle b = jdbi.open()) {
      a.begin();
      ScratchDao onA = Daos.of(a, ScratchDao.class);
      ScratchDao onB = Daos.of(b, ScratchDao.class);
      assertThat(Daos.of(a, ScratchDao.class)).as("one proxy per handle").isSameAs(onA);
      assertThat(onA.addAndCount("uncommitted")).isEqualTo(1);
      // Interleaved calls: b does not see a's uncommitted row, a does.
      assertThat(onB.count()).isZero();
      assertThat(onA.find("uncommitted")).map(Note::text).contains("uncommitted");
      assertThat(onA.transaction()).isNotEqualTo(onB.transaction());
      a.rollback();
      assertThat(onB.count()).isZero();
    }
  }

  @Test
  void callsFromManyThreadsStayOnTheirHandles() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String text = "thread " + i;
        runs.add(
            pool.submit(
                () ->
                    jdbi.inTransaction(
                        h -> {
                          ScratchDao dao = Daos.of(h, ScratchDao.class);
                          long tx = dao.transaction();
                          for (int k = 0; k < 50; k++) {
                            dao.add(text);
                            if (dao.transaction() != tx) {
                              return false;
                            }
                          }
                          return true;
                        })));
      }
      for (Future<Boolean> r : runs) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(Daos.with(jdbi, ScratchDao.class, ScratchDao::count)).isEqualTo(400);
  }

  @Test
  void errorsComeOutAsTheDaoThrewThem() {
    ScratchDao onDemand = Daos.onDemand(jdbi, ScratchDao.class);
    assertThatThrownBy(onDemand::fails)
        .isInstanceOf(org.jdbi.v3.core.statement.UnableToExecuteStatementException.class)
        .hasMessageContaining("division by zero");
    assertThatThrownBy(() -> jdbi.useHandle(h -> Daos.of(h, ScratchDao.class).fails()))
        .isInstanceOf(org.jdbi.v3.core.statement.UnableToExecuteStatementException.class);
    // The handle's own statements are unaffected by the failed DAO call.
    Daos.use(jdbi, ScratchDao.class, dao -> dao.add("after"));
    assertThat(onDemand.count()).isEqualTo(1);
    String text =
        jdbi.withHandle(h -> h.createQuery("SELECT text FROM scratch").mapTo(String.class).one());
    assertThat(text).isEqualTo("after");
  }
}
