INSERT INTO mail_attachment (mail_id, position, tenant_id, file_name, content_type, bytes)
VALUES (:mailId, :position, :tenant, :fileName, :contentType, :bytes)
