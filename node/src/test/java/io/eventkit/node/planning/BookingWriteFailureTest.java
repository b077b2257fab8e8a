package io.eventkit.node.planning;

import static io.eventkit.node.testing.InventoryFixture.book;
import static io.eventkit.node.testing.InventoryFixture.bulk;
import static io.eventkit.node.testing.InventoryFixture.event;
import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.testing.Domain;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A booking write that fails for a reason other than a clash (here a trigger raising a deadlock's
 * SQL state) tells the caller to retry, changes nothing, and leaves its cause in the log.
 */
@org.junit.jupiter.api.condition.DisabledIfSystemProperty(
    named = "eventkit.test.saas",
    matches = "true",
    disabledReason = "creates a failing trigger, which only the tables' owner may")
class BookingWriteFailureTest {
  private final Domain m = warn();

  @Test
  void aFailedBookingInsertAsksForARetryAndLogsItsCause() {
    Product p = bulk(m, 10);
    Event e = event(m, EventStatus.CONFIRMED, iv("2033-03-01T08:00:00Z", "2033-03-02T20:00:00Z"));
    // Only this test's quantity trips it: other tests share the database.
    jdbi()
        .useHandle(
            h ->
                h.execute(
                    """
                    CREATE OR REPLACE FUNCTION test_refuse_booking() RETURNS trigger AS $$
                    BEGIN
                      RAISE EXCEPTION 'refused by the test trigger' USING ERRCODE = '40P01';
                    END $$ LANGUAGE plpgsql;
                    CREATE TRIGGER test_refuse_booking BEFORE INSERT ON booking_line
                      FOR EACH ROW WHEN (NEW.quantity = 7777 AND NEW.product_id = '%s')
                      EXECUTE FUNCTION test_refuse_booking();
                    """
                        .formatted(p.id())));
    Logger log = (Logger) LoggerFactory.getLogger(Planning.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    log.addAppender(seen);
    try {
      assertThatThrownBy(() -> book(m, e, p, 7777, null))
          .isInstanceOfSatisfying(
              DomainException.class,
              d -> {
                assertThat(d.code()).isEqualTo(ErrorCode.ABORTED);
                assertThat(d.getMessage()).isEqualTo("the booking could not be saved; retry");
              });
      assertThat(seen.list)
          .anySatisfy(
              ev -> {
                assertThat(ev.getLevel()).isEqualTo(Level.WARN);
                assertThat(ev.getFormattedMessage())
                    .isEqualTo(
                        "this booking: the booking write failed with SQLSTATE 40P01: refused by"
                            + " the test trigger");
              });
      assertThat(m.planning.getEvent(e.id()).lines()).isEmpty();
    } finally {
      log.detachAppender(seen);
      jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "DROP TRIGGER test_refuse_booking ON booking_line;"
                          + " DROP FUNCTION test_refuse_booking()"));
    }
  }
}
