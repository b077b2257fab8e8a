SELECT bundle_text FROM pki_bundle WHERE id = 1
