-- After a configuration change of the holding statuses: bring every line's copy in step.
UPDATE booking_line SET holds = (event_status = ANY(:holding))
WHERE holds IS DISTINCT FROM (event_status = ANY(:holding))
