package io.eventkit.node.notifications.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventkit.node.notifications.EventSink;
import io.eventkit.node.notifications.StoredEvent;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.events.EventType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The webhooks' share of the fan-out: one PENDING delivery per enabled subscription of the event's
 * tenant whose types match it (exactly, by {@code prefix.*}, or {@code *}), in one statement, in
 * the fan-out's transaction. {@code webhook.test} never matches: TestWebhook queues it directly.
 */
public final class WebhookSink implements EventSink {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final DeliveryWorker worker;

  public WebhookSink(Clock clock, DeliveryWorker worker) {
    this.clock = clock;
    this.worker = worker;
  }

  @Override
  public void fanOut(Handle handle, StoredEvent event) {
    if (event.type() == EventType.WEBHOOK_TEST) {
      return;
    }
    String type = event.type().wireName();
    int n =
        Daos.of(handle, WebhookDao.class)
            .fanOut(
                event.id(),
                type,
                body(type, event.occurredAt().toString(), event.payloadJson()),
                patterns(type).toArray(String[]::new),
                clock.instant());
    if (n > 0) {
      handle.afterCommit(worker::kick);
    }
  }

  /** The subscription entries that match {@code type}: itself, each {@code prefix.*}, {@code *}. */
  static List<String> patterns(String type) {
    List<String> p = new ArrayList<>();
    p.add(type);
    p.add("*");
    for (int i = type.indexOf('.'); i > 0; i = type.indexOf('.', i + 1)) {
      p.add(type.substring(0, i) + ".*");
    }
    return p;
  }

  /** The body every receiver gets: {"type", "timestamp", "data"}. */
  static String body(String type, String timestamp, String dataJson) {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", type);
    root.put("timestamp", timestamp);
    try {
      root.set("data", JSON.readTree(dataJson == null || dataJson.isBlank() ? "{}" : dataJson));
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event payload is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
