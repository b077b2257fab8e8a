-- Scanning (issue 19), continued.
--
-- event.fulfilment: where the gear of an event is, as its scans left it (NOT_STARTED, PREPPING,
-- OUT, RETURNING, RETURNED). Scanning writes it in the transaction of every applied scan, so lists
-- and filters read a column instead of recomputing every event's progress.
ALTER TABLE event ADD COLUMN fulfilment text NOT NULL DEFAULT 'NOT_STARTED'
    CHECK (fulfilment IN ('NOT_STARTED', 'PREPPING', 'OUT', 'RETURNING', 'RETURNED'));

-- A partner's unit on hire here (from the manifest of a dispatched sub-hire) goes out like one of
-- ours, but it is not in our asset table: asset_id is NULL and asset_ref ("<supplier>/<asset-id>")
-- names it. It never holds our stock (inventory's lines.sql skips it); it counts toward the
-- pull-list line it went out against. One open trip per partner unit, as for our own.
ALTER TABLE checkout_asset ALTER COLUMN asset_id DROP NOT NULL;
ALTER TABLE checkout_asset ADD COLUMN asset_ref text;
ALTER TABLE checkout_asset ADD COLUMN partner_barcode text;
ALTER TABLE checkout_asset ADD COLUMN subhire_id uuid REFERENCES subhire (id);
ALTER TABLE checkout_asset ADD CONSTRAINT checkout_asset_own_or_partner
    CHECK ((asset_id IS NULL) = (asset_ref IS NOT NULL)
           AND (asset_ref IS NULL) = (partner_barcode IS NULL)
           AND (asset_ref IS NULL) = (subhire_id IS NULL));
CREATE UNIQUE INDEX checkout_partner_open ON checkout_asset (asset_ref)
    WHERE closed_at IS NULL AND asset_ref IS NOT NULL;
CREATE INDEX checkout_partner_history ON checkout_asset (asset_ref, out_at DESC)
    WHERE asset_ref IS NOT NULL;
