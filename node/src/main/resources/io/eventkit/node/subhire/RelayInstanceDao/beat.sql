INSERT INTO subhire_relay_instance (instance_id, started_at, heartbeat_at)
VALUES (:id, clock_timestamp(), clock_timestamp())
ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = clock_timestamp()
