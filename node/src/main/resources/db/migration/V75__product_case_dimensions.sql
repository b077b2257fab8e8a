-- Outer dimensions of a product unit as it travels, and a case's own (empty) weight and outer
-- dimensions, for truck packs (transport, issue 21). 0 means unknown.
ALTER TABLE product
    ADD COLUMN length_mm integer NOT NULL DEFAULT 0 CHECK (length_mm >= 0),
    ADD COLUMN width_mm  integer NOT NULL DEFAULT 0 CHECK (width_mm >= 0),
    ADD COLUMN height_mm integer NOT NULL DEFAULT 0 CHECK (height_mm >= 0);
ALTER TABLE case_container
    ADD COLUMN weight_grams bigint  NOT NULL DEFAULT 0 CHECK (weight_grams >= 0),
    ADD COLUMN length_mm    integer NOT NULL DEFAULT 0 CHECK (length_mm >= 0),
    ADD COLUMN width_mm     integer NOT NULL DEFAULT 0 CHECK (width_mm >= 0),
    ADD COLUMN height_mm    integer NOT NULL DEFAULT 0 CHECK (height_mm >= 0);
