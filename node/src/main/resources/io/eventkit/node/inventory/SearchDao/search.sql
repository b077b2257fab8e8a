-- Products match on words (full text, prefix per word) or on the exact model; only when nothing
-- matches that way, on trigram word similarity (typos: "sennheisr"). Each branch is index-driven and
-- the fuzzy one is skipped (a one-time filter) when the word branches found something, so common
-- words never trigger a similarity pass over the catalogue. Assets match on barcode prefix or
-- serial. Scores put exact identifiers first: barcode 1000, serial 900, model 500; then relevance.
WITH words AS (
    SELECT id FROM product WHERE search_doc @@ to_tsquery('simple', :tsquery)
    UNION
    SELECT id FROM product WHERE lower(model) = :text
),
fuzzy AS (
    SELECT id FROM product WHERE :text <% search_text AND NOT EXISTS (SELECT 1 FROM words)
),
matched AS (
    SELECT id FROM words UNION SELECT id FROM fuzzy
)
SELECT kind, id, score FROM (
    SELECT 'PRODUCT' AS kind, p.id,
           (CASE WHEN lower(p.model) = :text OR lower(p.manufacturer || ' ' || p.model) = :text
                 THEN 500 ELSE 0 END
            + 100 * ts_rank(p.search_doc, to_tsquery('simple', :tsquery))
            + 50 * word_similarity(:text, p.search_text))::float8 AS score
    FROM product p JOIN matched m ON m.id = p.id
    UNION ALL
    SELECT 'ASSET' AS kind, a.id,
           (CASE WHEN a.barcode = :raw THEN 1000
                 WHEN lower(a.serial) = :text THEN 900
                 WHEN a.barcode LIKE :prefix THEN 300 + 100 * length(:raw)::float8 / length(a.barcode)
                 ELSE 200 + 100 * length(:raw)::float8 / greatest(length(a.serial), 1)
            END)::float8 AS score
    FROM asset a
    WHERE a.barcode LIKE :prefix
       OR lower(a.serial) LIKE :lowerPrefix
) hits
WHERE CAST(:afterScore AS float8) IS NULL OR (score, id) < (:afterScore, :afterId)
ORDER BY score DESC, id DESC
LIMIT :limit
