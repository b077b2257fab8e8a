package io.eventkit.node.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.DefinedAttributeTemplateEngine;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NamedStatementsTest {
  /** The statement each call ran, as PostgreSQL received it. */
  interface SelfDao {
    @SqlQuery("SELECT current_query()")
    String whatRan();

    @SqlQuery("SELECT current_query() FROM <table>")
    List<String> from(@Define("table") String table);
  }

  /** JDBI's own engine, counting how often a template is parsed. */
  static final class Counting implements TemplateEngine.Parsing {
    final AtomicInteger parses = new AtomicInteger();
    final DefinedAttributeTemplateEngine engine = new DefinedAttributeTemplateEngine();

    @Override
    public Optional<Function<StatementContext, String>> parse(
        String template, ConfigRegistry config) {
      parses.incrementAndGet();
      return engine.parse(template, config);
    }
  }

  static EmbeddedPostgres pg;
  Jdbi jdbi;
  Counting counting;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  @BeforeEach
  void jdbi() {
    counting = new Counting();
    jdbi = Jdbi.create(pg.getPostgresDatabase()).installPlugin(new SqlObjectPlugin());
    jdbi.setTemplateEngine(NamedStatements.around(counting));
  }

  @Test
  void aDaoStatementCarriesItsDaoAndMethodName() {
    String ran = jdbi.withExtension(SelfDao.class, SelfDao::whatRan);
    assertThat(ran).isEqualTo("/* SelfDao.whatRan */ SELECT current_query()");
  }

  @Test
  void aFluentStatementIsSentAsWritten() {
    String ran =
        jdbi.withHandle(h -> h.createQuery("SELECT current_query()").mapTo(String.class).one());
    assertThat(ran).isEqualTo("SELECT current_query()");
  }

  @Test
  void eachTemplateIsParsedOnceHoweverOftenItRuns() {
    for (int i = 0; i < 20; i++) {
      jdbi.useHandle(h -> h.createQuery("SELECT current_query() AS q").mapTo(String.class).one());
      jdbi.useExtension(SelfDao.class, SelfDao::whatRan);
    }
    assertThat(counting.parses).hasValue(2);
  }

  @Test
  void definedAttributesAreFilledInOnEveryRun() {
    jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS one_row (x int)"));
    jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS other_row (x int)"));
    jdbi.useHandle(h -> h.execute("TRUNCATE one_row, other_row"));
    jdbi.useHandle(h -> h.execute("INSERT INTO one_row VALUES (1)"));
    jdbi.useHandle(h -> h.execute("INSERT INTO other_row VALUES (2)"));
    List<String> one = jdbi.withExtension(SelfDao.class, d -> d.from("one_row"));
    assertThat(one).containsExactly("/* SelfDao.from */ SELECT current_query() FROM one_row");
    List<String> other = jdbi.withExtension(SelfDao.class, d -> d.from("other_row"));
    assertThat(other).containsExactly("/* SelfDao.from */ SELECT current_query() FROM other_row");
    assertThat(counting.parses).hasValue(1 + 5);
  }
}
