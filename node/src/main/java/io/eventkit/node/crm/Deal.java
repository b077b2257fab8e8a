package io.eventkit.node.crm;

import io.eventkit.node.kernel.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A deal in the pipeline, with the names it shows (company, contact, stage, owner). */
record Deal(
    UUID id,
    String title,
    UUID companyId,
    String companyName,
    UUID contactId,
    String contactName,
    UUID stageId,
    String stageName,
    DealStage.Kind stageKind,
    int stagePosition,
    Money value,
    int probability,
    Instant expectedClose,
    UUID ownerUserId,
    String ownerName,
    List<UUID> eventIds,
    String lostReason,
    String notes,
    Instant closedAt,
    Instant createdAt,
    Instant updatedAt) {}
