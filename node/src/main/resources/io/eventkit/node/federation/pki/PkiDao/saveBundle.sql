INSERT INTO pki_bundle (id, sequence, bundle_text)
VALUES (1, :seq, :text)
ON CONFLICT (id, tenant_id) DO UPDATE SET sequence = :seq, bundle_text = :text
