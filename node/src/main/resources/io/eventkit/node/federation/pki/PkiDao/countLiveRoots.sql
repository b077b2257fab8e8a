SELECT count(*) FROM pki_root WHERE retired_at IS NULL
