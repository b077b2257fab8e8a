-- ListCategories groups products by category; ListProducts filters by it.
CREATE INDEX product_category ON product (tenant_id, category);

-- DeleteLocation asks what still uses a location; these keep each question off a table scan
-- (asset.location_id and booking_line.case_id are indexed already).
CREATE INDEX asset_home_location ON asset (home_location_id);
CREATE INDEX stock_adjustment_location ON stock_adjustment (location_id);
CREATE INDEX bulk_stock_location ON bulk_stock (location_id);
CREATE INDEX case_location ON case_container (location_id);
CREATE INDEX location_parent ON location (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX transfer_from_location ON transfer (from_location_id);
CREATE INDEX transfer_to_location ON transfer (to_location_id);
