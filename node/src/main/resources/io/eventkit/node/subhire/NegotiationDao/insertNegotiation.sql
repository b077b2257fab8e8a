INSERT INTO subhire (tenant_id, id, role, partner_node_id, state, peer_state, version, next_out_seq,
                     last_in_seq, requesting_company, contact_name, contact_email, contact_phone,
                     event_name, event_reference, usage_period, delivery_period, location, note,
                     reason, created_at, updated_at)
VALUES (:tenant, :id, :role, :partner, :state, :peer, :version, :nextOut, :lastIn, :company, :contact,
        :email, :phone, :event, :ref, tstzrange(:us, :ue, '[)'), tstzrange(:ds, :de, '[)'),
        :location, :note, :reason, :now, :now)
