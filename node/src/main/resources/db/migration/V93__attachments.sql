-- Attachments (docs/files.md): files kept with a product, asset, event, quote or repair ticket. The
-- bytes live in the file store (local directory or S3) under storage_key; this row is what makes
-- them an attachment. An upload writes the bytes first, then this row: a crash in between leaves
-- bytes without a row (never a row without bytes).
--
-- owner_id is not a foreign key: owners live in five tables. The service checks the owner exists
-- (in the same transaction as the insert) and lists only existing owners' attachments.
CREATE TABLE attachment (
    id            uuid PRIMARY KEY,
    tenant_id     text        NOT NULL DEFAULT 'default',
    owner_type    text        NOT NULL CHECK (owner_type IN ('PRODUCT', 'ASSET', 'EVENT', 'QUOTE', 'REPAIR')),
    owner_id      uuid        NOT NULL,
    file_name     text        NOT NULL,
    content_type  text        NOT NULL,
    size_bytes    bigint      NOT NULL CHECK (size_bytes >= 0),
    sha256        text        NOT NULL,
    caption       text        NOT NULL DEFAULT '',
    storage_key   text        NOT NULL UNIQUE,
    uploaded_at   timestamptz NOT NULL,
    uploaded_by   text        NOT NULL
);

-- An owner's list, newest first (keyset on uploaded_at, id).
CREATE INDEX attachment_owner ON attachment (tenant_id, owner_type, owner_id, uploaded_at DESC, id DESC);

-- The key that signs download links (HMAC-SHA256), one per tenant, sealed with the node's key
-- passphrase like every other secret.
CREATE TABLE file_link_key (
    tenant_id   text PRIMARY KEY DEFAULT 'default',
    secret_enc  text        NOT NULL,
    created_at  timestamptz NOT NULL
);
