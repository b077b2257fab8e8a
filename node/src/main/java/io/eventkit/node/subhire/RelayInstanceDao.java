package io.eventkit.node.subhire;

import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Relay instances and their beats; every time here is the database's clock, never a process's. */
interface RelayInstanceDao {
  /** Registers (or re-registers) the instance and beats. */
  @SqlUpdate
  @UseClasspathSqlLocator
  void beat(@Bind("id") UUID id);

  /** Drops instances that have not beaten for {@code secs}. */
  @SqlUpdate
  @UseClasspathSqlLocator
  void forgetDead(@Bind("secs") double secs);

  /** Releases the instance's unfinished claims (a clean stop). */
  @SqlUpdate
  @UseClasspathSqlLocator
  void releaseClaims(@Bind("id") UUID id);

  @SqlUpdate("DELETE FROM subhire_relay_instance WHERE instance_id = :id")
  void remove(@Bind("id") UUID id);
}
