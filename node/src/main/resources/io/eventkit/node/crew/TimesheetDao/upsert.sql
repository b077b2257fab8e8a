INSERT INTO crew_timesheet (id, tenant_id, assignment_id, crew_member_id, entries, work_start,
                            total_minutes, currency, amount_minor, notes, status, submitted_at,
                            created_at, updated_at)
VALUES (:t.id, :tenant, :t.assignmentId, :t.crewMemberId, CAST(:t.entries AS jsonb), :t.workStart,
        :t.totalMinutes, :t.currency, :t.amountMinor, :t.notes, :t.status, :t.submittedAt,
        :t.createdAt, :t.updatedAt)
ON CONFLICT (assignment_id) DO UPDATE
SET entries = excluded.entries, work_start = excluded.work_start,
    total_minutes = excluded.total_minutes, currency = excluded.currency,
    amount_minor = excluded.amount_minor, notes = excluded.notes, status = excluded.status,
    submitted_at = excluded.submitted_at, reject_reason = '', updated_at = excluded.updated_at
