-- The P-256 keys this node signs Login access tokens (ES256 JWTs) with. private_key_pem is an
-- encrypted PKCS#8 PEM under the node's key passphrase (as the CA keys); public_jwk is the public
-- half as a JWK. The newest row signs; every row verifies.
CREATE TABLE jwt_signing_key (
    kid             text PRIMARY KEY,
    private_key_pem text        NOT NULL,
    public_jwk      text        NOT NULL,
    created_at      timestamptz NOT NULL
);
