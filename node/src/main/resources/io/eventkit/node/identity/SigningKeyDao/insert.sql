INSERT INTO jwt_signing_key (kid, private_key_pem, public_jwk, created_at)
VALUES (:kid, :key, :jwk, :now)
