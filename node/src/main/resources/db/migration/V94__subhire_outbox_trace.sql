-- The W3C traceparent of the request that wrote the message (docs/operations.md, "Tracing"). The
-- relay sends the message inside that trace, so a sub-hire is one trace over both companies even
-- though its messages leave after the request has ended. Null when the writer had no trace.
ALTER TABLE subhire_outbox ADD COLUMN trace_parent text;
