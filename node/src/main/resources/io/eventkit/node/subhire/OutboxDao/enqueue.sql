INSERT INTO subhire_outbox (tenant_id, subhire_id, partner_node_id, message_id, sequence, method, envelope,
                            created_at, trace_parent)
VALUES (:tenant, :n, :p, :m, :s, :method, :e, :now, :trace)
