INSERT INTO jwt_signing_key (tenant_id, kid, private_key_pem, public_jwk, created_at)
VALUES (:tenant, :kid, :key, :jwk, :now)
