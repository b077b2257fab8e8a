SELECT sender_node_id, payload_sha256, ack_bytes FROM subhire_inbox WHERE tenant_id = :tenant AND message_id = :m
