INSERT INTO subhire_outbox (subhire_id, partner_node_id, message_id, sequence, method, envelope,
                            created_at)
VALUES (:n, :p, :m, :s, :method, :e, :now)
