INSERT INTO saved_report (id, tenant_id, owner_id, owner_name, name, description, report, spec,
                          display, shared, pinned, revision, created_at, updated_at)
VALUES (:r.id, :tenant, :r.ownerId, :r.ownerName, :r.name, :r.description, :r.report,
        CAST(:r.spec AS jsonb), :r.display, :r.shared, :r.pinned, 1, :r.createdAt, :r.updatedAt)
