UPDATE pki_issuing_slot SET state = :state, since = :since WHERE id = :id
