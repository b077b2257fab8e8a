SELECT * FROM jwt_signing_key ORDER BY created_at DESC, kid
