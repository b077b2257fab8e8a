SELECT file_name, content_type, bytes
FROM mail_attachment
WHERE mail_id = :mailId
ORDER BY position
