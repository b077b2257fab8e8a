import { Badge, Tooltip, VisuallyHidden } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { AssignmentStatus, EmploymentKind, TimesheetStatus, type Qualification } from "../../../gen/eventkit/v1/crew_pb";
import { EXPIRY_COLOR, expiryState, isoDay } from "../lib/crew";

const ASSIGNMENT_COLOR: Record<AssignmentStatus, string> = {
  [AssignmentStatus.UNSPECIFIED]: "gray",
  [AssignmentStatus.OFFERED]: "yellow",
  [AssignmentStatus.ACCEPTED]: "green",
  [AssignmentStatus.DECLINED]: "red",
  [AssignmentStatus.CANCELLED]: "gray",
};

/** Offered (amber, outlined: tentative), accepted (solid green), declined, cancelled. */
export function AssignmentStatusBadge({ status }: { status: AssignmentStatus }) {
  const name = AssignmentStatus[status];
  return (
    <Badge
      color={ASSIGNMENT_COLOR[status]}
      variant={status === AssignmentStatus.ACCEPTED ? "filled" : status === AssignmentStatus.OFFERED ? "outline" : "light"}
      miw="max-content"
      data-testid="assignment-status"
      data-status={name}
    >
      <FormattedMessage id={`crew.assignment.${name}`} />
    </Badge>
  );
}

const TIMESHEET_COLOR: Record<TimesheetStatus, string> = {
  [TimesheetStatus.UNSPECIFIED]: "gray",
  [TimesheetStatus.DRAFT]: "gray",
  [TimesheetStatus.SUBMITTED]: "blue",
  [TimesheetStatus.APPROVED]: "green",
  [TimesheetStatus.REJECTED]: "red",
};

export function TimesheetStatusBadge({ status }: { status: TimesheetStatus }) {
  const name = TimesheetStatus[status];
  return (
    <Badge color={TIMESHEET_COLOR[status]} variant="light" miw="max-content" data-testid="timesheet-status" data-status={name}>
      <FormattedMessage id={`crew.timesheet.${name}`} />
    </Badge>
  );
}

export function EmploymentBadge({ kind }: { kind: EmploymentKind }) {
  return (
    <Badge color={kind === EmploymentKind.FREELANCER ? "grape" : "blue"} variant="light" size="sm">
      <FormattedMessage id={`crew.employment.${EmploymentKind[kind]}`} />
    </Badge>
  );
}

/** A skill, red when expired, amber when it expires within 30 days, with the date and reference on hover. */
export function QualificationBadge({ q, today = isoDay(new Date()) }: { q: Qualification; today?: string }) {
  const intl = useIntl();
  const state = expiryState(q.expiresOn, today);
  const hint = [
    q.expiresOn ? intl.formatMessage({ id: `crew.qual.${state}` }, { date: q.expiresOn }) : intl.formatMessage({ id: "crew.qual.noExpiry" }),
    q.reference,
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <Tooltip label={hint} openDelay={200}>
      <Badge
        size="sm"
        color={state === "expired" ? "red.9" : EXPIRY_COLOR[state]}
        variant={state === "ok" ? "light" : "filled"}
        c={state === "soon" ? "dark.9" : undefined}
        tabIndex={0}
        data-testid="qualification"
        data-expiry={state}
      >
        {q.skill}
        <VisuallyHidden>: {hint}</VisuallyHidden>
      </Badge>
    </Tooltip>
  );
}
