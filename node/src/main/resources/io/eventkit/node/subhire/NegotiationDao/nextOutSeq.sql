UPDATE subhire SET next_out_seq = next_out_seq + 1 WHERE tenant_id = :tenant AND id = :id RETURNING next_out_seq - 1
