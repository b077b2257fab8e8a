SELECT count(*) FROM jwt_signing_key
