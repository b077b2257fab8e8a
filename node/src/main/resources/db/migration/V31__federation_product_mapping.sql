-- Per-partner product mapping (docs/federation.md §8.4.4): which shared product of a partner
-- stands for which product of ours. Automatic matches are stored as SUGGESTED when the partner's
-- catalogue is read; a planner CONFIRMs, OVERRIDEs (own pick) or REJECTs.
-- No foreign key to product: this migration runs before the inventory schema (V10) on a new
-- database. Rows of a deleted product are ignored (joined away) and removed at the next refresh.
CREATE TABLE federation_product_mapping (
    partner_node_id      text        NOT NULL,
    product_id           uuid        NOT NULL,
    partner_product_id   text        NOT NULL CHECK (length(partner_product_id) BETWEEN 1 AND 100),
    partner_manufacturer text        NOT NULL DEFAULT '',
    partner_model        text        NOT NULL DEFAULT '',
    partner_category     text        NOT NULL DEFAULT '',
    partner_name         text        NOT NULL DEFAULT '',
    partner_gtin         text        NOT NULL DEFAULT '',
    state                text        NOT NULL
        CHECK (state IN ('SUGGESTED', 'CONFIRMED', 'OVERRIDDEN', 'REJECTED')),
    match                text        NOT NULL CHECK (match IN ('NONE', 'GTIN', 'MANUFACTURER_MODEL')),
    decided_by           text        NOT NULL DEFAULT '',
    decided_at           timestamptz,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    PRIMARY KEY (partner_node_id, product_id, partner_product_id)
);

-- The fan-out reads the decisions for the products of a request (all partners at once).
CREATE INDEX federation_product_mapping_product
    ON federation_product_mapping (product_id) WHERE state <> 'SUGGESTED';
