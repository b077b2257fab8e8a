DELETE FROM subhire_relay_instance
WHERE heartbeat_at < clock_timestamp() - make_interval(secs => :secs)
