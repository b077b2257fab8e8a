UPDATE subhire SET next_out_seq = next_out_seq + 1 WHERE id = :id RETURNING next_out_seq - 1
