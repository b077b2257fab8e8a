-- Mails that carry a secret (a password-reset link) keep their bodies sealed at rest with the node's
-- key passphrase (KeyVault.encryptSecret); the worker opens them just before sending.
ALTER TABLE mail_outbox ADD COLUMN sealed boolean NOT NULL DEFAULT false;
