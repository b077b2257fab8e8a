SELECT sender_node_id, payload_sha256, ack_bytes FROM subhire_inbox WHERE message_id = :m
