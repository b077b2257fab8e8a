-- ListEvents' text query matches name, client and venue with a case-insensitive substring; the
-- trigram index keeps that off a table scan at 10,000+ events.
CREATE INDEX event_search_trgm ON event
    USING gin (lower(name || ' ' || client_name || ' ' || venue) gin_trgm_ops);

-- DeleteEvent asks whether a sub-hire's supplier side uses the event.
CREATE INDEX subhire_supplier_event ON subhire (supplier_event_id) WHERE supplier_event_id IS NOT NULL;
