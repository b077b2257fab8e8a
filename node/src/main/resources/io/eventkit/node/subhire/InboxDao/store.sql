INSERT INTO subhire_inbox (message_id, sender_node_id, subhire_id, sequence, payload_sha256,
                           ack_bytes, received_at)
VALUES (:m, :s, :n, :seq, :hash, :ack, :now)
