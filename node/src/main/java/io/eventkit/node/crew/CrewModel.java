package io.eventkit.node.crew;

import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.kernel.RecordScope;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The crew feature's domain types (docs/crew.md). */
final class CrewModel {
  private CrewModel() {}

  enum Employment {
    EMPLOYEE,
    FREELANCER
  }

  enum AssignmentStatus {
    OFFERED,
    ACCEPTED,
    DECLINED,
    CANCELLED;

    boolean occupies() {
      return this == OFFERED || this == ACCEPTED;
    }
  }

  enum RateUnit {
    DAY,
    HOUR,
    FIXED
  }

  enum ConflictKind {
    DOUBLE_BOOKED,
    MISSING_SKILL,
    QUALIFICATION_EXPIRED,
    INSUFFICIENT_REST,
    UNAVAILABLE
  }

  enum Severity {
    WARNING,
    REFUSAL
  }

  enum TimesheetStatus {
    DRAFT,
    SUBMITTED,
    APPROVED,
    REJECTED
  }

  enum BusyKind {
    ASSIGNMENT_OFFERED,
    ASSIGNMENT_ACCEPTED,
    UNAVAILABLE
  }

  /**
   * Who calls: the record scope (all, or one user's own crew member) and the caller's user ID (for
   * {@code mine}; null for an API token), and a label for audit.
   */
  record Caller(RecordScope scope, UUID userId, String label) {
    static final Caller SYSTEM = new Caller(RecordScope.ALL, null, "system");

    boolean all() {
      return scope.all();
    }

    /** The user whose own records the scope is limited to; null when it sees all. */
    UUID scopeUser() {
      return scope.all() ? null : UUID.fromString(scope.userId().get());
    }
  }

  /** A skill (expiresOn null) or a qualification valid through expiresOn (inclusive). */
  record Qualification(String skill, LocalDate expiresOn, String reference) {}

  record Member(
      UUID id,
      String name,
      String email,
      String phone,
      Employment employment,
      Money dayRate,
      Money hourRate,
      List<Qualification> qualifications,
      UUID userId,
      String notes,
      boolean archived,
      Instant createdAt,
      Instant updatedAt) {
    Member withQualifications(List<Qualification> q) {
      return new Member(
          id,
          name,
          email,
          phone,
          employment,
          dayRate,
          hourRate,
          List.copyOf(q),
          userId,
          notes,
          archived,
          createdAt,
          updatedAt);
    }
  }

  /** What a create or update sets; rates may be null (zero in the base currency). */
  record MemberFields(
      String name,
      String email,
      String phone,
      Employment employment,
      Money dayRate,
      Money hourRate,
      List<Qualification> qualifications,
      UUID userId,
      String notes,
      boolean archived) {}

  record Unavailability(
      UUID id, UUID crewMemberId, Interval period, String reason, Instant createdAt) {}

  record BusyBlock(
      UUID crewMemberId, BusyKind kind, Interval period, UUID id, String label, UUID eventId) {}

  record GridRow(Member member, List<BusyBlock> busy) {}

  record Conflict(
      ConflictKind kind, Severity severity, String message, UUID relatedId, String skill) {}

  record Assignment(
      UUID id,
      UUID eventId,
      String eventName,
      UUID crewMemberId,
      String crewMemberName,
      String function,
      Interval call,
      Money rate,
      RateUnit rateUnit,
      List<String> requiredSkills,
      AssignmentStatus status,
      List<Conflict> overriddenConflicts,
      String overrideReason,
      String declineReason,
      String notes,
      String venue,
      String timeZone,
      Instant respondedAt,
      Instant createdAt,
      Instant updatedAt,
      TimesheetStatus timesheetStatus) {}

  /** Required: eventId, crewMemberId, function, call. Rate null: the member's day rate. */
  record AssignmentFields(
      UUID eventId,
      UUID crewMemberId,
      String function,
      Interval call,
      Money rate,
      RateUnit rateUnit,
      List<String> requiredSkills,
      String notes) {}

  record OfferResult(Assignment assignment, List<Conflict> conflicts) {}

  record Entry(Interval worked, int breakMinutes) {
    long minutes() {
      return java.time.Duration.between(worked.start(), worked.end()).toMinutes() - breakMinutes;
    }
  }

  record Timesheet(
      UUID id,
      UUID assignmentId,
      UUID crewMemberId,
      String crewMemberName,
      UUID eventId,
      String eventName,
      String function,
      List<Entry> entries,
      String notes,
      TimesheetStatus status,
      int totalMinutes,
      Money amount,
      Instant submittedAt,
      String reviewedBy,
      Instant reviewedAt,
      String rejectReason,
      Instant updatedAt) {}

  record PayrollTotal(
      UUID crewMemberId,
      String crewMemberName,
      Employment employment,
      int timesheets,
      int totalMinutes,
      Money amount) {}

  record Payroll(List<PayrollTotal> totals, String fileName, String csv) {}

  record Policy(
      int minRestMinutes,
      Severity doubleBooked,
      Severity missingSkill,
      Severity qualificationExpired,
      Severity insufficientRest,
      Severity unavailable) {
    static final Policy DEFAULT =
        new Policy(
            660,
            Severity.REFUSAL,
            Severity.WARNING,
            Severity.WARNING,
            Severity.WARNING,
            Severity.WARNING);

    Severity of(ConflictKind k) {
      return switch (k) {
        case DOUBLE_BOOKED -> doubleBooked;
        case MISSING_SKILL -> missingSkill;
        case QUALIFICATION_EXPIRED -> qualificationExpired;
        case INSUFFICIENT_REST -> insufficientRest;
        case UNAVAILABLE -> unavailable;
      };
    }
  }

  record Feed(UUID crewMemberId, boolean active, Instant createdAt, String url) {}
}
