-- Takes the noted products (V88, V95) of up to :n queue rows to recompute, with every queued row of
-- those products, in product ID order. Run only under the refresh lock (Availability.refreshBatch),
-- so one refresh at a time: a refresh running elsewhere holds the lock and the rows it took until
-- it commits, and the next one then finds them gone, so a read that follows a refresh has every
-- earlier write in the stored shortages. Rows of writers not yet committed are not seen, and stay queued
-- for the next refresh.
WITH taken AS (
    DELETE FROM shortage_dirty
    WHERE product_id IN (
        SELECT product_id FROM shortage_dirty ORDER BY product_id LIMIT :n FOR UPDATE
    )
    RETURNING product_id
)
SELECT DISTINCT product_id FROM taken ORDER BY product_id
