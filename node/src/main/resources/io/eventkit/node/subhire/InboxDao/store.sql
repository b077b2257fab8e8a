INSERT INTO subhire_inbox (tenant_id, message_id, sender_node_id, subhire_id, sequence, payload_sha256,
                           ack_bytes, received_at)
VALUES (:tenant, :m, :s, :n, :seq, :hash, :ack, :now)
