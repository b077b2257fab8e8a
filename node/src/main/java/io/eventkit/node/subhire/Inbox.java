package io.eventkit.node.subhire;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Received message IDs with the ack each got: a replay gets the same ack (§17.5). */
final class Inbox {
  record Stored(String sender, byte[] payloadSha256, byte[] ack) {}

  Optional<Stored> find(Handle h, UUID messageId) {
    return h.createQuery(
            "SELECT sender_node_id, payload_sha256, ack_bytes FROM subhire_inbox"
                + " WHERE message_id = :m")
        .bind("m", messageId)
        .map((rs, ctx) -> new Stored(rs.getString(1), rs.getBytes(2), rs.getBytes(3)))
        .findOne();
  }

  void store(
      Handle h,
      UUID messageId,
      String sender,
      UUID negotiationId,
      long sequence,
      byte[] payloadSha256,
      byte[] ack,
      Instant now) {
    h.createUpdate(
            "INSERT INTO subhire_inbox (message_id, sender_node_id, subhire_id, sequence,"
                + " payload_sha256, ack_bytes, received_at) VALUES (:m, :s, :n, :seq, :hash, :ack,"
                + " :now)")
        .bind("m", messageId)
        .bind("s", sender)
        .bind("n", negotiationId)
        .bind("seq", sequence)
        .bind("hash", payloadSha256)
        .bind("ack", ack)
        .bind("now", now)
        .execute();
  }
}
