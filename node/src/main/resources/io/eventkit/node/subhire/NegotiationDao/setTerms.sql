UPDATE subhire SET usage_period = tstzrange(:us, :ue, '[)'),
                   delivery_period = tstzrange(:ds, :de, '[)'), note = :note
WHERE tenant_id = :tenant AND id = :id
