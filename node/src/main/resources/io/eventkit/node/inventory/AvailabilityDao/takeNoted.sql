-- Takes up to :n noted products (V88) to recompute, in product ID order (the order the triggers
-- note them in, so noting and taking never deadlock). A refresh running elsewhere holds the rows it
-- took until it commits: this waits for it, then skips them, so a read that follows a refresh has
-- every earlier write in the stored shortages.
DELETE FROM shortage_dirty
WHERE product_id IN (
    SELECT product_id FROM shortage_dirty ORDER BY product_id LIMIT :n FOR UPDATE
)
RETURNING product_id
